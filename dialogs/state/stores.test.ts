import { claimDelivery, ownerToken } from '../../infra/dedupe-store.js';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCustomerIndexContract } from '../../tests/contracts/customer-index.contract.js';
import { describeDedupeContract, describeTranscriptContract } from '../../tests/contracts/stores.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryCustomerIndex, createRedisCustomerIndex } from './customer-index.js';
import { createMemoryDedupeStore, createRedisDedupeStore } from '../../infra/dedupe-store.js';
import { createMemoryTranscriptStore, createRedisTranscriptStore } from './transcript-store.js';

const testRedis = connectTestRedis('stores');
afterAll(() => testRedis.cleanup());
let n = 0;
const prefix = () => `${testRedis.keyPrefix}${n++}:`;

describeDedupeContract('memory', async () => createMemoryDedupeStore());
describeDedupeContract('redis', async () => createRedisDedupeStore({ redis: testRedis.redis, keyPrefix: prefix() }));
describeTranscriptContract('memory', async (limits) => createMemoryTranscriptStore(limits));
describeCustomerIndexContract('memory', async (options) => createMemoryCustomerIndex(options));
describeCustomerIndexContract('redis', async (options) => createRedisCustomerIndex({ redis: testRedis.redis, keyPrefix: prefix(), ...options }));
describeTranscriptContract('redis', async (limits) => createRedisTranscriptStore({ redis: testRedis.redis, keyPrefix: prefix(), ...limits }));

describe('redis dedupe keys', () => {
  it('hold a digest of the platform id, never the id (it carries the conversation id)', async () => {
    const keyPrefix = prefix();
    const store = createRedisDedupeStore({ redis: testRedis.redis, keyPrefix });
    expect(await claimDelivery(store, 'whatsapp', '8613900000077:wamid.abc', 60)).toBe(true);
    const keys = await testRedis.redis.keys(`${keyPrefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('8613900000077');
  });
});

describe('memory dedupe expiry', () => {
  it('forgets an id after its time to live', async () => {
    let time = 0;
    const store = createMemoryDedupeStore({ now: () => time });
    expect(await claimDelivery(store, 'web', 'a', 10)).toBe(true);
    time = 9_000;
    expect(await claimDelivery(store, 'web', 'a', 10)).toBe(false);
    time = 10_001;
    expect(await claimDelivery(store, 'web', 'a', 10)).toBe(true);
  });
});

describe('memory dedupe cap', () => {
  it('never evicts a claim held with an owner token, as it never evicts a bare one', async () => {
    const store = createMemoryDedupeStore({ maxEntries: 2 });
    const owner = ownerToken();
    expect(await store.claim('held', 60, owner)).toBe(true);
    expect(await store.claim('bare', 60)).toBe(true);
    await expect(store.claim('third', 60, '1')).rejects.toThrow(/holds 2/);
    expect(await store.lookup('held')).toBe(owner);
  });
});
