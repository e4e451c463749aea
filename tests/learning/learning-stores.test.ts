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
});
