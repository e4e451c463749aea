import { afterAll, describe, expect, it } from 'vitest';
import { describeOptionStoreContract, describeServiceWindowContract } from '../../tests/contracts/whatsapp-stores.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryOptionStore, createRedisOptionStore } from './option-store.js';
import { createMemoryServiceWindowStore, createRedisServiceWindowStore, isWindowOpen, SERVICE_WINDOW_MS } from './service-window.js';

const testRedis = connectTestRedis('whatsapp-stores');
afterAll(() => testRedis.cleanup());
let n = 0;
const prefix = () => `${testRedis.keyPrefix}${n++}:`;

describeOptionStoreContract('memory', async () => createMemoryOptionStore());
describeOptionStoreContract('redis', async () => createRedisOptionStore({ redis: testRedis.redis, keyPrefix: prefix() }));
describeServiceWindowContract('memory', async () => createMemoryServiceWindowStore());
describeServiceWindowContract('redis', async () => createRedisServiceWindowStore({ redis: testRedis.redis, keyPrefix: prefix() }));

describe('the 24-hour window', () => {
  it('is open for 24 hours after the customer last wrote, and closed when they never did', () => {
    const wrote = 1_700_000_000_000;
    expect(isWindowOpen(wrote, wrote + SERVICE_WINDOW_MS - 1)).toBe(true);
    expect(isWindowOpen(wrote, wrote + SERVICE_WINDOW_MS)).toBe(false);
    expect(isWindowOpen(undefined, wrote)).toBe(false);
  });

  it('keeps Redis keys in the configured prefix with a hash tag, and expiring', async () => {
    const keyPrefix = prefix();
    await createRedisServiceWindowStore({ redis: testRedis.redis, keyPrefix, retentionSeconds: 60 }).write('16505551234', 1);
    const key = `${keyPrefix}whatsapp:window:{16505551234}`;
    expect(await testRedis.redis.get(key)).toBe('1');
    const ttl = await testRedis.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it('drops the least recently written customer when the memory store is full', async () => {
    const store = createMemoryServiceWindowStore({ maxEntries: 2 });
    await store.write('a', 1);
    await store.write('b', 1);
    await store.write('a', 2);
    await store.write('c', 1);
    expect(await store.read('b')).toBeUndefined();
    expect(await store.read('a')).toBe(2);
  });
});
