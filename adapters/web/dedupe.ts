/**
 * Remembers client activity ids already posted, so a retried POST answers with the first id and the
 * turn runs once. Redis: `SET <prefix>seen:directline:<key> NX EX`; memory: a map with expiry times.
 */
import type { RedisClient } from '../../infra/redis.js';

/** A claim-once store; the value starts empty and is filled once the first POST knows its id. */
export interface DedupeStore {
  /** True for the first caller of `key` within `ttlSeconds`; false for every later one. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Records the answer for a claimed key. */
  resolve(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** The recorded answer; '' while the first caller is still working, undefined when unknown. */
  lookup(key: string): Promise<string | undefined>;
  /** Forgets a claim whose work failed, so a retry is processed. */
  release(key: string): Promise<void>;
}

/** An in-process `DedupeStore`; `now` is injectable for tests. */
export function createMemoryDedupe({ now = Date.now }: { now?: () => number } = {}): DedupeStore {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) entries.delete(key);
    return entries.get(key);
  };
  return {
    async claim(key, ttlSeconds) {
      if (live(key)) return false;
      // Sweep lazily so the map cannot grow without bound in a long-lived demo process.
      if (entries.size > 10_000) for (const k of [...entries.keys()]) live(k);
      entries.set(key, { value: '', expiresAt: now() + ttlSeconds * 1000 });
      return true;
    },
    async resolve(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async lookup(key) {
      return live(key)?.value;
    },
    async release(key) {
      entries.delete(key);
    },
  };
}

/** A `DedupeStore` on Redis, shared by every instance. */
export function createRedisDedupe({ redis, keyPrefix = '' }: { redis: RedisClient; keyPrefix?: string }): DedupeStore {
  // No hash tag: each key is used alone, so spreading them over Cluster slots is what we want.
  const keyOf = (key: string) => `${keyPrefix}seen:directline:${key}`;
  return {
    async claim(key, ttlSeconds) {
      return (await redis.set(keyOf(key), '', 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async resolve(key, value, ttlSeconds) {
      await redis.set(keyOf(key), value, 'EX', ttlSeconds);
    },
    async lookup(key) {
      return (await redis.get(keyOf(key))) ?? undefined;
    },
    async release(key) {
      await redis.del(keyOf(key));
    },
  };
}
