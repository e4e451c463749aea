import { afterAll, describe, expect, it } from 'vitest';
import { describeDedupeContract, describeTranscriptContract } from '../../tests/contracts/stores.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryDedupeStore, createRedisDedupeStore } from './dedupe-store.js';
import { createMemoryTranscriptStore, createRedisTranscriptStore } from './transcript-store.js';

const testRedis = connectTestRedis('stores');
afterAll(() => testRedis.cleanup());
let n = 0;
const prefix = () => `${testRedis.keyPrefix}${n++}:`;

describeDedupeContract('memory', async () => createMemoryDedupeStore());
describeDedupeContract('redis', async () => createRedisDedupeStore({ redis: testRedis.redis, keyPrefix: prefix() }));
describeTranscriptContract('memory', async (limits) => createMemoryTranscriptStore(limits));
describeTranscriptContract('redis', async (limits) => createRedisTranscriptStore({ redis: testRedis.redis, keyPrefix: prefix(), ...limits }));

describe('memory dedupe expiry', () => {
  it('forgets an id after its time to live', async () => {
    let time = 0;
    const store = createMemoryDedupeStore({ now: () => time });
    expect(await store.firstSeen('web', 'a', 10)).toBe(true);
    time = 9_000;
    expect(await store.firstSeen('web', 'a', 10)).toBe(false);
    time = 10_001;
    expect(await store.firstSeen('web', 'a', 10)).toBe(true);
  });
});
