/**
 * Remembers which platform message ids were already processed, so a redelivery (a webhook retry,
 * a re-posted activity) runs once. Redis: `SET {prefix}seen:{<channel>}:<digest of id> 1 NX EX ttl`,
 * shared by every instance; memory: a map swept of expired entries. The id is kept as a digest: ids
 * carry the conversation id (on WhatsApp the customer's phone number), and a mark must not outlive an
 * erase in readable form.
 */
import { createHash } from 'node:crypto';
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';

const digestOf = (id: string) => createHash('sha256').update(id).digest('base64url').slice(0, 32);

export interface DedupeStore {
  /**
   * Records `id` as seen for `ttlSeconds`. Resolves true the first time, false for a duplicate.
   * @example if (!(await dedupe.firstSeen('telegram', String(update.update_id)))) return; // already handled
   */
  firstSeen(channel: string, id: string, ttlSeconds?: number): Promise<boolean>;
  /** Forgets `id`, so a redelivery is processed again: for a turn that failed after `firstSeen`. */
  forget(channel: string, id: string): Promise<void>;
}

const DEFAULT_TTL_SECONDS = 24 * 3600;

/** An in-process dedupe store; `now` is injectable for tests. */
export function createMemoryDedupeStore({ now = () => Date.now(), maxEntries = 100_000 } = {}): DedupeStore {
  // Bounded: beyond `maxEntries` the oldest mark goes (a redelivery that late is vanishingly rare).
  const expiries = new BoundedMap<string, true>({ name: 'memory dedupe store', maxEntries, ttlMs: DEFAULT_TTL_SECONDS * 1000, now });
  return {
    async firstSeen(channel, id, ttlSeconds = DEFAULT_TTL_SECONDS) {
      const key = `${channel}:${digestOf(id)}`;
      if (expiries.has(key)) return false;
      expiries.set(key, true, ttlSeconds * 1000);
      return true;
    },
    async forget(channel, id) {
      expiries.delete(`${channel}:${digestOf(id)}`);
    },
  };
}

/** A dedupe store on Redis, shared by every instance. */
export function createRedisDedupeStore({ redis, keyPrefix = 'baton:' }: { redis: RedisClient; keyPrefix?: string }): DedupeStore {
  return {
    async firstSeen(channel, id, ttlSeconds = DEFAULT_TTL_SECONDS) {
      const reply = await redis.set(`${keyPrefix}seen:{${channel}}:${digestOf(id)}`, '1', 'EX', ttlSeconds, 'NX');
      return reply === 'OK';
    },
    async forget(channel, id) {
      await redis.del(`${keyPrefix}seen:{${channel}}:${digestOf(id)}`);
    },
  };
}
