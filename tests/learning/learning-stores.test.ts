/**
 * The learning loop's store contracts on memory and on the real Redis (each Redis store on its own prefix).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryAcceptedStore, createRedisAcceptedStore } from '../../supervision/learning/accepted-store.js';
import { createMemoryMissStore } from '../../supervision/learning/miss-store.js';
import { createRedisMissStore } from '../../supervision/learning/redis-miss-store.js';
import { describeAcceptedStoreContract, describeMissStoreContract, miss } from '../contracts/learning-stores.contract.js';
import { connectTestRedis } from '../support/redis.js';

describeMissStoreContract('memory', async (options) => createMemoryMissStore(options));
describeAcceptedStoreContract('memory', async (options) => createMemoryAcceptedStore(options));

describe('memory miss store bounds', () => {
  it('holds at most maxEntries misses, dropping the oldest stored', async () => {
    const now = Date.parse('2026-12-07T08:00:00Z');
    const store = createMemoryMissStore({ perDay: 1000, retentionDays: 30, now: () => now, maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.add(miss(id, now));
    expect((await store.listOpen(0, 10)).map((m) => m.id).sort()).toEqual(['c', 'd', 'e']);
  });
});

describe('on Redis', () => {
  const testRedis = connectTestRedis('learning');
  let n = 0;
  afterAll(() => testRedis.cleanup());
  describeMissStoreContract('redis', async (options) =>
    createRedisMissStore({ redis: testRedis.redis, keyPrefix: `${testRedis.keyPrefix}${n++}:`, ...options }),
  );
  describeAcceptedStoreContract('redis', async (options) =>
    createRedisAcceptedStore({ redis: testRedis.redis, keyPrefix: `${testRedis.keyPrefix}${n++}:`, ...options }),
  );

  it('every key of the miss store expires, the reviewed list and the marks too', async () => {
    const now = Date.parse('2026-12-07T08:00:00Z');
    const keyPrefix = `${testRedis.keyPrefix}ttl:`;
    const store = createRedisMissStore({ redis: testRedis.redis, keyPrefix, perDay: 100, retentionDays: 2, now: () => now });
    await store.add(miss('a', now));
    await store.add(miss('b', now));
    // Reviewed after the last add: nothing writes the keys again to set their life.
    await store.review(['a'], 'dismissed');
    await store.review(['b'], 'accepted:item1');
    const keys = await testRedis.redis.keys(`${keyPrefix}*`);
    const base = `${keyPrefix}{learning}:misses`;
    expect(keys.filter((key) => !key.startsWith(`${base}:conv:`) && !key.startsWith(`${base}:day:`)).sort()).toEqual(
      [`${base}:data`, `${base}:mark`, `${base}:reviewed`].sort(),
    );
    for (const key of keys) {
      const ttl = await testRedis.redis.pttl(key);
      expect({ key, expires: ttl > 0 && ttl <= 2 * 86_400_000 }).toEqual({ key, expires: true });
    }
  });
});
