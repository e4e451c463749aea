import { afterAll } from 'vitest';
import { describeStorageContract } from '../../tests/contracts/storage.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryStorage } from './memory-storage.js';
import { createRedisStorage } from './redis-storage.js';

describeStorageContract('memory', async () => createMemoryStorage());

const testRedis = connectTestRedis('storage');
afterAll(() => testRedis.cleanup());
let storeNumber = 0;
// Each test gets its own prefix so keys named alike do not meet.
describeStorageContract('redis', async () => createRedisStorage({ redis: testRedis.redis, keyPrefix: `${testRedis.keyPrefix}${storeNumber++}:` }));
