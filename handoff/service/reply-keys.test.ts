import { afterAll } from 'vitest';
import { describeReplyKeysContract } from '../../tests/contracts/reply-keys.contract.js';
import { createMemoryDedupeStore, createRedisDedupeStore } from '../../infra/dedupe-store.js';
import { connectTestRedis } from '../../tests/support/redis.js';

const testRedis = connectTestRedis('reply-keys');
afterAll(async () => testRedis.cleanup());

describeReplyKeysContract('memory', async () => createMemoryDedupeStore());
describeReplyKeysContract('redis', async () => createRedisDedupeStore({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix }));
