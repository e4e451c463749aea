/** The radar store's contract on memory and on the real Redis (tests/contracts/radar-store.contract.ts). */
import { afterAll } from 'vitest';
import { describeRadarStoreContract } from '../../tests/contracts/radar-store.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryRadarStore, createRedisRadarStore } from './index.js';

describeRadarStoreContract('memory', async () => createMemoryRadarStore());

const test = connectTestRedis('radar-store');
afterAll(() => test.cleanup());
let run = 0;
describeRadarStoreContract('redis', async () => createRedisRadarStore({ redis: test.redis, keyPrefix: test.keyPrefix, botId: `bot${++run}` }));
