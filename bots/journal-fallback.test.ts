import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryDeliveryJournal } from '../adapters/kit/delivery-journal.js';
import { createRedisDeliveryJournal } from '../adapters/kit/redis-delivery-journal.js';
import { createMemoryDedupeStore } from '../infra/dedupe-store.js';
import { Degradation } from '../infra/fallback.js';
import { connectTestRedis } from '../tests/support/redis.js';
import { journalWithFallback } from './journal-fallback.js';

const testRedis = connectTestRedis('journal-fallback');
afterAll(() => testRedis.cleanup());

describe('the delivery journal in degraded mode', () => {
  it('accepts into memory while Redis is away, and clears that entry when its turn ends after Redis is back', async () => {
    let reachable = false;
    let now = 0;
    const memory = createMemoryDeliveryJournal({ dedupe: createMemoryDedupeStore(), now: () => now });
    const redis = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix });
    const journal = journalWithFallback(redis, memory, new Degradation({ reachable: () => reachable }));
    const lease = { owner: 'a', ms: 1000 };

    expect(await journal.accept('telegram', { id: 'update:1', conversationId: '42', payload: '{}' }, lease, 60)).toBe(true);
    expect(await journal.accept('telegram', { id: 'update:1', conversationId: '42', payload: '{}' }, lease, 60), 'a redelivery during the outage').toBe(false);
    reachable = true;
    expect(await journal.renew('telegram', ['update:1'], lease), 'the hold in memory is still renewed').toBe(1);
    await journal.complete('telegram', 'update:1');
    now = 10_000;
    expect(await memory.takeLapsed('telegram', lease, 10, 3)).toEqual({ taken: [], dropped: [] });
    expect((await testRedis.redis.keys(`${testRedis.keyPrefix}*`)).length, 'nothing of it reached Redis').toBe(0);

    // Redis back: accepted there, erased from both.
    expect(await journal.accept('telegram', { id: 'update:2', conversationId: '42', payload: '{}' }, lease, 60)).toBe(true);
    expect(await journal.eraseConversation('telegram', '42')).toBe(1);
  });
});
