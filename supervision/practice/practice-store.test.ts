import { afterAll, describe, expect, it } from 'vitest';
import { describePracticeStoreContract } from '../../tests/contracts/practice-store.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryPracticeStore } from './memory-practice-store.js';
import { createRedisPracticeStore } from './redis-practice-store.js';

describePracticeStoreContract('memory', async (limits) => createMemoryPracticeStore(limits));

const redis = connectTestRedis('practice');
afterAll(() => redis.cleanup());
let stores = 0;
describePracticeStoreContract('redis', async (limits) =>
  createRedisPracticeStore({ redis: redis.redis, keyPrefix: `${redis.keyPrefix}${++stores}:`, ...limits }),
);

describe('Redis practice store keys', () => {
  it('carry one hash tag and sessions expire', async () => {
    const keyPrefix = `${redis.keyPrefix}keys:`;
    const store = createRedisPracticeStore({ redis: redis.redis, keyPrefix, sessionTtlMs: 60_000 });
    await store.createSession({
      id: 'k1',
      agentId: 'ann',
      scriptId: 's',
      locale: 'en',
      scenario: 'generic',
      context: [],
      lines: [],
      startedAt: 1,
      deliveredAt: [],
      replies: [],
      version: 1,
      state: 'running',
    });
    const keys = await redis.redis.keys(`${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`${keyPrefix}{practice}:`)).toBe(true);
    const ttl = await redis.redis.pttl(`${keyPrefix}{practice}:session:k1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
