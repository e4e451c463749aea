/**
 * Remembers client activity ids already posted, so a retried POST answers with the first id and the
 * turn runs once. Redis: `SET <prefix>seen:directline:<key>`; memory: a map with expiry times.
 *
 * A claim is a lease, not a verdict: the claimer renews it while its turn runs and resolves it (for a
 * day) once the turn is done. An instance that dies mid-turn stops renewing, the lease lapses within
 * seconds, and the client's retry, on any instance, takes the activity over instead of being answered
 * with the id of a turn that never finished (see DirectLineAdapter.processActivity).
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';
import { deleteMatching, globLiteral } from '../../infra/redis-scan.js';

/** A claim-once store with leases; values are opaque to it (the adapter encodes progress in them). */
export interface DedupeStore {
  /** True for the first caller of `key` while no claim or answer is live; the claim lasts `leaseSeconds`. */
  claim(key: string, leaseSeconds: number): Promise<boolean>;
  /** Extends a live claim by `leaseSeconds` and records `value` in it; does nothing once it lapsed. */
  renew(key: string, value: string, leaseSeconds: number): Promise<void>;
  /** Records the answer for a claimed key, kept `ttlSeconds`. */
  resolve(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** The recorded value ('' right after the claim), or undefined when nothing is live. */
  lookup(key: string): Promise<string | undefined>;
  /** Forgets a claim whose work failed, so a retry is processed. */
  release(key: string): Promise<void>;
  /** Forgets every key that starts with `prefix` (a conversation's, when it is erased); resolves how many. */
  releaseAll(prefix: string): Promise<number>;
}

/**
 * An in-process `DedupeStore`, expiring each key after its lease or ttl and holding at most `maxEntries`;
 * the cap never drops a claim still being worked on (value ''), so a re-post never runs twice.
 * `now` is injectable for tests.
 */
export function createMemoryDedupe({ now = Date.now, maxEntries = 100_000 }: { now?: () => number; maxEntries?: number } = {}): DedupeStore {
  const entries = new BoundedMap<string, string>({ name: 'memory Direct Line re-post store', maxEntries, now, pinned: (value) => value === '' });
  return {
    async claim(key, leaseSeconds) {
      if (entries.has(key)) return false;
      entries.set(key, '', leaseSeconds * 1000);
      return true;
    },
    async renew(key, value, leaseSeconds) {
      if (entries.has(key)) entries.set(key, value, leaseSeconds * 1000);
    },
    async resolve(key, value, ttlSeconds) {
      entries.set(key, value, ttlSeconds * 1000);
    },
    async lookup(key) {
      return entries.get(key);
    },
    async release(key) {
      entries.delete(key);
    },
    async releaseAll(prefix) {
      const keys = [...entries.entries()].map(([key]) => key).filter((key) => key.startsWith(prefix));
      for (const key of keys) entries.delete(key);
      return keys.length;
    },
  };
}

/** A `DedupeStore` on Redis, shared by every instance. */
export function createRedisDedupe({ redis, keyPrefix = '' }: { redis: RedisClient; keyPrefix?: string }): DedupeStore {
  // No hash tag: each key is used alone, so spreading them over Cluster slots is what we want.
  const keyOf = (key: string) => `${keyPrefix}seen:directline:${key}`;
  return {
    async claim(key, leaseSeconds) {
      return (await redis.set(keyOf(key), '', 'EX', leaseSeconds, 'NX')) === 'OK';
    },
    async renew(key, value, leaseSeconds) {
      // XX: a lapsed lease stays lapsed; whoever took the key over owns it now.
      await redis.set(keyOf(key), value, 'EX', leaseSeconds, 'XX');
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
    async releaseAll(prefix) {
      // A SCAN over the keyspace: erase requests are rare, and the keys spread over slots on purpose.
      return deleteMatching(redis, `${globLiteral(keyOf(prefix))}*`);
    },
  };
}
