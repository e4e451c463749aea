import { afterAll, describe, expect, it } from 'vitest';
import { describeDeliveryJournalContract } from '../../tests/contracts/delivery-journal.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryDedupeStore, createRedisDedupeStore, redisDeliveryKey } from '../../infra/dedupe-store.js';
import { createMemoryDeliveryJournal, journalPayload, MAX_RECORDED_STRING } from './delivery-journal.js';
import { createRedisDeliveryJournal } from './redis-delivery-journal.js';

const testRedis = connectTestRedis('delivery-journal');
afterAll(() => testRedis.cleanup());
let n = 0;
const prefix = () => `${testRedis.keyPrefix}${n++}:`;

describeDeliveryJournalContract('memory', async (options) => {
  const dedupe = createMemoryDedupeStore();
  return { journal: createMemoryDeliveryJournal({ dedupe, ...options }), dedupe };
});
describeDeliveryJournalContract('redis', async (options) => {
  const keyPrefix = prefix();
  return {
    journal: createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix, ...options }),
    dedupe: createRedisDedupeStore({ redis: testRedis.redis, keyPrefix }),
  };
});

describe('a recorded payload', () => {
  it('keeps every string up to one past the text limit, so a text over it still reads as too long', () => {
    const update = { update_id: 7, message: { chat: { id: 42 }, text: '1 '.repeat(300_000), caption: '我的订单' } };
    const recorded = JSON.parse(journalPayload(update)) as typeof update;
    expect(recorded.message.text).toHaveLength(MAX_RECORDED_STRING);
    expect(recorded.message.text.length).toBeGreaterThan(4096);
    expect(recorded).toEqual({ update_id: 7, message: { chat: { id: 42 }, text: update.message.text.slice(0, MAX_RECORDED_STRING), caption: '我的订单' } });
  });
});

describe('the memory delivery journal', () => {
  it('holds at most maxEntries deliveries in flight per channel: the next is refused unclaimed (503 store_full) until one ends', async () => {
    const dedupe = createMemoryDedupeStore();
    const journal = createMemoryDeliveryJournal({ dedupe, maxEntries: 2 });
    const lease = { owner: 'a', ms: 60_000 };
    const delivery = (id: string) => ({ id, conversationId: 'c', payload: '{}' });
    expect(await journal.accept('telegram', delivery('update:1'), lease, 60)).toBe(true);
    expect(await journal.accept('telegram', delivery('update:2'), lease, 60)).toBe(true);
    await expect(journal.accept('telegram', delivery('update:3'), lease, 60)).rejects.toMatchObject({ status: 503, code: 'store_full' });
    expect(await journal.accept('whatsapp', delivery('update:3'), lease, 60)).toBe(true);
    await journal.complete('telegram', 'update:1');
    expect(await journal.accept('telegram', delivery('update:3'), lease, 60)).toBe(true);
  });
});

describe('the Redis delivery journal', () => {
  it("keeps a channel's entries and its dedupe marks in one hash slot, keyed by digests", async () => {
    const keyPrefix = prefix();
    const journal = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix });
    await journal.accept('whatsapp', { id: 'wamid.HBgLMTU1NTAwMDExMTE', conversationId: '15550001111', payload: '{}' }, { owner: 'a', ms: 60_000 }, 60);
    const keys = (await testRedis.redis.keys(`${keyPrefix}*`)).sort();
    expect(keys.map((key) => key.slice(keyPrefix.length).replace(/:[\w-]{32}$/, ':<digest>'))).toEqual([
      'inbox:{whatsapp}:leases',
      'inbox:{whatsapp}:meta',
      'inbox:{whatsapp}:payloads',
      'seen:{whatsapp}:<digest>',
    ]);
    expect(keys.join(' ')).not.toContain('15550001111');
    expect(await testRedis.redis.ttl(keys[3]!)).toBeGreaterThan(0);
  });

  it('lets its keys expire with the dedupe marks, so an inbox nobody sweeps any more does not keep messages for ever', async () => {
    const keyPrefix = prefix();
    const journal = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix });
    await journal.accept('telegram', { id: 'update:1', conversationId: '42', payload: '{"update_id":1}' }, { owner: 'a', ms: 60_000 }, 60);
    const keys = await testRedis.redis.keys(`${keyPrefix}inbox:*`);
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(await testRedis.redis.ttl(key), key).toBeGreaterThan(0);
    for (const key of keys) expect(await testRedis.redis.ttl(key), key).toBeLessThanOrEqual(60);
  });

  it('holds at most maxEntries deliveries in flight per channel: the next is refused unclaimed (503 store_full) until one ends', async () => {
    const keyPrefix = prefix();
    const journal = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix, maxEntries: 2 });
    const lease = { owner: 'a', ms: 60_000 };
    const delivery = (id: string) => ({ id, conversationId: 'c', payload: '{}' });
    expect(await journal.accept('telegram', delivery('update:1'), lease, 60)).toBe(true);
    expect(await journal.accept('telegram', delivery('update:2'), lease, 60)).toBe(true);
    await expect(journal.accept('telegram', delivery('update:3'), lease, 60)).rejects.toMatchObject({ status: 503, code: 'store_full' });
    expect(await journal.accept('whatsapp', delivery('update:3'), lease, 60)).toBe(true);
    expect(await testRedis.redis.exists(redisDeliveryKey(keyPrefix, 'telegram', 'update:3')), 'nothing claimed').toBe(0);
    await journal.complete('telegram', 'update:1');
    expect(await journal.accept('telegram', delivery('update:3'), lease, 60)).toBe(true);
  });

  it('leaves nothing behind once every entry is completed', async () => {
    const keyPrefix = prefix();
    const journal = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix });
    await journal.accept('telegram', { id: 'update:1', conversationId: '42', payload: '{"update_id":1}' }, { owner: 'a', ms: 60_000 }, 60);
    await journal.complete('telegram', 'update:1');
    expect((await testRedis.redis.keys(`${keyPrefix}inbox:*`)).length).toBe(0);
  });
});
