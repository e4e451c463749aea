import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis } from '../tests/support/redis.js';
import { createRateLimiter } from './rate-limit.js';

const testRedis = connectTestRedis('rate-limit');
afterAll(() => testRedis.cleanup());

describe.each([
  ['memory', () => ({})],
  ['redis', () => ({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix })],
] as const)('createRateLimiter on %s', (_label, store) => {
  it('allows the budget, then refuses with the seconds left in the window', async () => {
    const limiter = createRateLimiter({ name: 'budget', points: 3, windowSeconds: 60, ...store() });
    for (let i = 0; i < 3; i++) expect(await limiter.consume('client-a')).toEqual({ allowed: true });
    const refused = await limiter.consume('client-a');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThan(50);
    // Another key has its own budget.
    expect(await limiter.consume('client-b')).toEqual({ allowed: true });
  });

  it('charges an attempt its points', async () => {
    const limiter = createRateLimiter({ name: 'points', points: 5, windowSeconds: 60, ...store() });
    expect(await limiter.consume('k', 4)).toEqual({ allowed: true });
    expect((await limiter.consume('k', 2)).allowed).toBe(false);
  });
});

describe('createRateLimiter across instances', () => {
  it('shares one budget between two connections to the same Redis', async () => {
    const options = { name: 'shared', points: 4, windowSeconds: 60, keyPrefix: testRedis.keyPrefix };
    const first = createRateLimiter({ ...options, redis: testRedis.redis });
    const second = createRateLimiter({ ...options, redis: testRedis.duplicate() });
    const decisions = await Promise.all([first, second, first, second, first, second].map((limiter) => limiter.consume('1.2.3.4')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(4);
    // One counter for the address, named by a hash: the address itself is kept nowhere.
    const keys = await testRedis.redis.keys(`${testRedis.keyPrefix}limit:{shared}:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('1.2.3.4');
  });

  it('counts in memory while Redis is unreachable instead of letting everything through', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false });
    unreachable.on('error', () => {});
    const limiter = createRateLimiter({ name: 'outage', points: 2, windowSeconds: 60, redis: unreachable });
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(false);
    unreachable.disconnect();
  });

  it('refuses a name that would break the key layout', () => {
    expect(() => createRateLimiter({ name: 'a b}', points: 1, windowSeconds: 1 })).toThrow(/letters, digits/);
  });
});
