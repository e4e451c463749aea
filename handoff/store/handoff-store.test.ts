import { afterAll } from 'vitest';
import { describeHandoffStoreContract } from '../../tests/contracts/handoff-store.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryHandoffStore } from './memory-handoff-store.js';
import { createRedisHandoffStore } from './redis-handoff-store.js';

describeHandoffStoreContract('memory', async (now) => {
  // One process has one memory: "another instance" is the same store.
  const store = createMemoryHandoffStore({ now });
  return { store, another: async () => store };
});

const testRedis = connectTestRedis('handoff');
afterAll(() => testRedis.cleanup());
let storeNumber = 0;
// Each test gets its own prefix so tickets and agents of different tests do not meet.
describeHandoffStoreContract('redis', async (now) => {
  const keyPrefix = `${testRedis.keyPrefix}${storeNumber++}:`;
  return {
    store: createRedisHandoffStore({ redis: testRedis.redis, keyPrefix, botId: 'shop', now }),
    // A new connection, as a second process or a restarted one would have.
    another: async () => createRedisHandoffStore({ redis: testRedis.duplicate(), keyPrefix, botId: 'shop', now }),
  };
});
