import { afterAll, describe, expect, it } from 'vitest';
import { describeSlackCardStoreContract } from '../../tests/contracts/slack-card-store.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemorySlackCardStore, createRedisSlackCardStore } from './card-store.js';

const testRedis = connectTestRedis('slack-cards');
afterAll(() => testRedis.cleanup());
let n = 0;

describeSlackCardStoreContract('memory', async () => createMemorySlackCardStore());
// Each test its own prefix, as separate deployments would be.
describeSlackCardStoreContract('redis', async () => createRedisSlackCardStore({ redis: testRedis.redis, keyPrefix: `${testRedis.keyPrefix}${n++}:` }));

describe('Slack card store lifetimes', () => {
  it('memory: a reservation lapses, so a card whose poster died is posted by someone else', async () => {
    let time = 0;
    const store = createMemorySlackCardStore({ reserveSeconds: 60, now: () => time });
    expect(await store.reserve('t1')).toBe(true);
    time = 59_000;
    expect(await store.reserve('t1')).toBe(false);
    time = 60_001;
    expect(await store.reserve('t1')).toBe(true);
  });

  it('redis: every key it writes expires', async () => {
    const keyPrefix = `${testRedis.keyPrefix}ttl:`;
    const store = createRedisSlackCardStore({ redis: testRedis.redis, keyPrefix, reserveSeconds: 60, ttlSeconds: 3600 });
    await store.reserve('t1');
    await store.write({ ticketId: 't1', channel: 'C0QUEUE01', ts: '1.2', customerName: 'Ana', shown: { state: 'queued', skill: 'general' }, history: [] });
    const keys = await testRedis.redis.keys(`${keyPrefix}*`);
    expect(keys).toHaveLength(3);
    for (const key of keys) {
      const ttl = await testRedis.redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(key.endsWith(':reserved') ? 60 : 3600);
    }
  });
});
