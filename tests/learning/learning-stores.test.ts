/**
 * The learning loop's store contracts on memory and on the real Redis (each Redis store on its own prefix).
 */
import { afterAll, describe } from 'vitest';
import { createMemoryAcceptedStore, createRedisAcceptedStore } from '../../supervision/learning/accepted-store.js';
import { createMemoryMissStore } from '../../supervision/learning/miss-store.js';
import { createRedisMissStore } from '../../supervision/learning/redis-miss-store.js';
import { describeAcceptedStoreContract, describeMissStoreContract } from '../contracts/learning-stores.contract.js';
import { connectTestRedis } from '../support/redis.js';

describeMissStoreContract('memory', async (options) => createMemoryMissStore(options));
describeAcceptedStoreContract('memory', async (options) => createMemoryAcceptedStore(options));

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
