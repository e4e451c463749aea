/** The per-ticket emotion store's contract on memory and on the real Redis (keys expire). */
import { afterAll, expect, it } from 'vitest';
import { createMemoryTicketMoodStore, createRedisTicketMoodStore } from '../../supervision/scorecard/index.js';
import { describeTicketMoodStoreContract } from '../contracts/ticket-mood-store.contract.js';
import { connectTestRedis } from '../support/redis.js';

const testRedis = connectTestRedis('ticket-mood');
afterAll(() => testRedis.cleanup());

describeTicketMoodStoreContract('memory', async () => createMemoryTicketMoodStore());
let round = 0;
describeTicketMoodStoreContract('redis', async () => createRedisTicketMoodStore({ redis: testRedis.redis, keyPrefix: `${testRedis.keyPrefix}${++round}:` }));

it('Redis keys carry one hash tag per ticket and expire', async () => {
  const keyPrefix = `${testRedis.keyPrefix}ttl:`;
  const store = createRedisTicketMoodStore({ redis: testRedis.redis, keyPrefix, ttlSeconds: 60 });
  await store.writeStart('t9', -0.5);
  await store.addRecent('t9', 0.5);
  const keys = (await testRedis.redis.keys(`${keyPrefix}*`)).sort();
  expect(keys).toEqual([`${keyPrefix}mood:{t9}:recent`, `${keyPrefix}mood:{t9}:start`]);
  for (const key of keys) expect(await testRedis.redis.ttl(key)).toBeGreaterThan(0);
});

it('memory forgets a reading after its time to live', async () => {
  let now = 1_000_000;
  const store = createMemoryTicketMoodStore({ ttlSeconds: 60, now: () => now });
  await store.writeStart('t1', -0.5);
  now += 61_000;
  expect(await store.read('t1')).toBeUndefined();
});
