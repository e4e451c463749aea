import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createAbuseLimits, parseLimit } from './abuse-limits.js';
import { loadConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('abuse limit settings', () => {
  it('reads a count per window, or off', () => {
    expect(parseLimit('20/10m')).toEqual({ points: 20, windowSeconds: 600 });
    expect(parseLimit('30/m')).toEqual({ points: 30, windowSeconds: 60 });
    expect(parseLimit(' 5 / 1h ')).toEqual({ points: 5, windowSeconds: 3600 });
    expect(parseLimit('OFF')).toBeUndefined();
    for (const bad of ['0/1m', '20', '20/10d', '20/25h', 'lots', '-1/1m', '1e3/1m']) expect(parseLimit(bad), bad).toBe('invalid');
  });

  it('has defaults sane for a shop', () => {
    const config = loadConfig({});
    expect(config.ABUSE_LIMITS).toBe('on');
    expect(config.LIMIT_CONVERSATIONS_PER_CLIENT).toEqual({ points: 20, windowSeconds: 600 });
    expect(config.LIMIT_MESSAGES_PER_CONVERSATION).toEqual({ points: 30, windowSeconds: 60 });
    expect(config.LIMIT_ESCALATIONS_PER_CLIENT).toEqual({ points: 10, windowSeconds: 3600 });
    expect(config.LIMIT_ESCALATIONS_PER_CONVERSATION).toEqual({ points: 3, windowSeconds: 3600 });
    expect(config.QUEUE_ABANDON_AFTER_MINUTES).toBe(1440);
    expect(config.SLACK_DIGEST_EVERY_MINUTES).toBe(10);
  });

  it('names the setting and the fix when a value is wrong', () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(problem({ LIMIT_MESSAGES_PER_CONVERSATION: 'many' })).toMatch(
      /LIMIT_MESSAGES_PER_CONVERSATION must be a count per window like LIMIT_MESSAGES_PER_CONVERSATION=30\/1m/,
    );
    expect(problem({ ABUSE_LIMITS: 'no' })).toMatch(/ABUSE_LIMITS must be 'on'/);
    expect(problem({ QUEUE_ABANDON_AFTER_MINUTES: '-5' })).toMatch(/QUEUE_ABANDON_AFTER_MINUTES must be 0 \(never abandon\)/);
    expect(problem({ SLACK_DIGEST_EVERY_MINUTES: 'soon' })).toMatch(/SLACK_DIGEST_EVERY_MINUTES must be a whole number of minutes/);
  });
});

describe('abuse limits while Redis is away', () => {
  it("count in this instance's memory at once instead of waiting for Redis on every request", async () => {
    // A connection that is down and keeps retrying, as during an outage (the default retry strategy).
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    down.on('error', () => undefined);
    void down.connect().catch(() => undefined);
    const settings = loadConfig({ LIMIT_MESSAGES_PER_CONVERSATION: '2/1m' });
    const limits = createAbuseLimits({ settings, redis: down, keyPrefix: 'baton-test:outage:' });
    expect(await limits.messagesPerConversation.consume('telegram:1')).toEqual({ allowed: true });
    expect(await limits.messagesPerConversation.consume('telegram:1')).toEqual({ allowed: true });
    expect((await limits.messagesPerConversation.consume('telegram:1')).allowed).toBe(false);
    down.disconnect();
  });

  it('are all off with ABUSE_LIMITS=off', async () => {
    const limits = createAbuseLimits({ settings: loadConfig({ ABUSE_LIMITS: 'off', LIMIT_MESSAGES_PER_CONVERSATION: '1/1m' }) });
    for (let i = 0; i < 5; i++) expect(await limits.messagesPerConversation.consume('k')).toEqual({ allowed: true });
  });
});
