/**
 * The real Redis every store test runs against (127.0.0.1:6379 unless TEST_REDIS_URL says otherwise).
 * Each caller gets its own key prefix, and `cleanup()` removes every key under it.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface TestRedis {
  readonly redis: Redis;
  readonly keyPrefix: string;
  /** A second connection, for blocking reads or a second "instance". Closed by cleanup(). */
  duplicate(): Redis;
  /** Deletes the prefix's keys and closes the connections. */
  cleanup(): Promise<void>;
}

export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Connects to the test Redis with a fresh key prefix. */
export function connectTestRedis(label = 'test'): TestRedis {
  const redis = new Redis(testRedisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  const keyPrefix = `baton-test:${label}:${randomUUID().slice(0, 8)}:`;
  const extra: Redis[] = [];
  return {
    redis,
    keyPrefix,
    duplicate() {
      const copy = redis.duplicate();
      extra.push(copy);
      return copy;
    },
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      for (const connection of [...extra, redis]) connection.disconnect();
    },
  };
}
