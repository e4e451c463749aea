import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { channelFor, deskChannels, parseSlackSettings } from './settings.js';

const HTTP = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5', SLACK_QUEUE_CHANNEL: 'C0QUEUE01' };

describe('Slack settings', () => {
  it('leaves the desk off when no SLACK_ setting is given', () => {
    expect(parseSlackSettings(loadConfig({}))).toBeUndefined();
  });

  it('reads HTTP mode with its defaults', () => {
    expect(parseSlackSettings(loadConfig({ ...HTTP, SLACK_API_URL: 'http://127.0.0.1:9999/api' }))).toEqual({
      mode: 'http',
      botToken: 'xoxb-1-2-abc',
      signingSecret: HTTP.SLACK_SIGNING_SECRET,
      queueChannel: 'C0QUEUE01',
      routes: { languages: {}, skills: {} },
      apiUrl: 'http://127.0.0.1:9999/api/',
      agentDefaults: { languages: ['en'], skills: ['general'], capacity: 3 },
      replyMode: 'thread',
      digestEverySeconds: 600,
    });
  });

  it('reads the reply mode, and says what the two modes are when it is neither', () => {
    expect(parseSlackSettings(loadConfig({ ...HTTP, SLACK_REPLY_MODE: 'explicit' }))?.replyMode).toBe('explicit');
    expect(() => loadConfig({ SLACK_REPLY_MODE: 'button' })).toThrow(/SLACK_REPLY_MODE must be thread .* or explicit .*Send to customer/);
  });

  it('reads Socket Mode, which needs the app-level token instead of the signing secret', () => {
    const settings = parseSlackSettings(
      loadConfig({ SLACK_MODE: 'socket', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A1-2', SLACK_QUEUE_CHANNEL: 'C0QUEUE01' }),
    );
    expect(settings).toMatchObject({ mode: 'socket', appToken: 'xapp-1-A1-2' });
    expect(settings).not.toHaveProperty('signingSecret');
    expect(() => parseSlackSettings(loadConfig({ ...HTTP, SLACK_MODE: 'socket' }))).toThrow(
      /SLACK_APP_TOKEN is missing: SLACK_MODE=socket connects with an app-level token/,
    );
  });

  it('names everything missing at once, with where to find it', () => {
    expect(() => parseSlackSettings(loadConfig({ SLACK_QUEUE_CHANNEL: 'C0QUEUE01' }))).toThrow(
      /SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token[\s\S]*SLACK_SIGNING_SECRET is missing/,
    );
    expect(() => parseSlackSettings(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: HTTP.SLACK_SIGNING_SECRET }))).toThrow(
      /SLACK_QUEUE_CHANNEL is missing.*invite the bot there/,
    );
  });

  it('refuses malformed values where they are read, saying the fix', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(/SLACK_BOT_TOKEN is not a bot token: it starts with xoxb-/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN is not an app-level token/);
    expect(() => loadConfig({ SLACK_QUEUE_CHANNEL: '#support' })).toThrow(/SLACK_QUEUE_CHANNEL must be a channel ID like C0123456789, not its #name/);
    expect(() => loadConfig({ SLACK_MODE: 'websocket' })).toThrow(/SLACK_MODE must be http .* or socket/);
    expect(() => loadConfig({ SLACK_AGENT_USERGROUP: '@support' })).toThrow(/SLACK_AGENT_USERGROUP must be a user group ID/);
    expect(() => loadConfig({ SLACK_API_URL: 'slack.com/api' })).toThrow(/SLACK_API_URL must be an http\(s\) URL/);
  });

  it('routes cards by skill, then language, then to the queue channel', () => {
    const settings = parseSlackSettings(loadConfig({ ...HTTP, SLACK_CHANNEL_ROUTES: '{"languages":{"ZH":"C0CHINESE"},"skills":{"billing":"C0BILLING"}}' }))!;
    expect(channelFor(settings, { language: 'zh-CN', skill: 'general' })).toBe('C0CHINESE');
    expect(channelFor(settings, { language: 'zh', skill: 'billing' })).toBe('C0BILLING');
    expect(channelFor(settings, { language: 'en', skill: 'general' })).toBe('C0QUEUE01');
    expect(deskChannels(settings)).toEqual(['C0QUEUE01', 'C0BILLING', 'C0CHINESE']);
  });

  it('explains bad routes and agent defaults with an example', () => {
    expect(() => parseSlackSettings(loadConfig({ ...HTTP, SLACK_CHANNEL_ROUTES: '{languages:' }))).toThrow(
      /SLACK_CHANNEL_ROUTES is not valid JSON.*e\.g\. SLACK_CHANNEL_ROUTES='\{"languages"/,
    );
    expect(() => parseSlackSettings(loadConfig({ ...HTTP, SLACK_CHANNEL_ROUTES: '{"skills":{"billing":"#billing"}}' }))).toThrow(
      /SLACK_CHANNEL_ROUTES\.skills\.billing must be a channel ID/,
    );
    expect(() => parseSlackSettings(loadConfig({ ...HTTP, SLACK_AGENT_DEFAULTS: '{"capacity":0,"team":"x"}' }))).toThrow(
      /SLACK_AGENT_DEFAULTS.capacity Too small[\s\S]*SLACK_AGENT_DEFAULTS has unknown key\(s\) team/,
    );
    const settings = parseSlackSettings(loadConfig({ ...HTTP, SLACK_AGENT_DEFAULTS: '{"languages":["en","zh"],"capacity":5}' }));
    expect(settings?.agentDefaults).toEqual({ languages: ['en', 'zh'], skills: ['general'], capacity: 5 });
  });
});
