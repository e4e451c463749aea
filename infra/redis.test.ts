import { describe, expect, it, vi } from 'vitest';
import { testRedisUrl } from '../tests/support/redis.js';
import { connectRedis } from './redis.js';

describe('the shared Redis connection', () => {
  it('connects again when ioredis gives it up in the middle of a reconnect (what a Sentinel failover notice does)', async () => {
    const redis = await connectRedis(testRedisUrl);
    const statuses: string[] = [];
    redis.on('end', () => statuses.push('end'));
    try {
      expect(await redis.ping()).toBe('PONG');
      // The race a failover detector runs into: a disconnect lands while the client is connecting again.
      redis.once('connecting', () => redis.disconnect(true));
      redis.disconnect(true);
      await vi.waitFor(() => expect(statuses).toEqual(['end']), { timeout: 5000 });
      // ioredis alone stays ended: every command fails with "Connection is closed." for good.
      await vi.waitFor(async () => expect(await redis.ping()).toBe('PONG'), { timeout: 5000, interval: 50 });
      expect(redis.status).toBe('ready');
    } finally {
      redis.disconnect();
    }
  });
});
