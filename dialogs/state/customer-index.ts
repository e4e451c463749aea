/**
 * Which conversations a customer had, per channel: what an erase request "by customer" needs (GDPR
 * art. 17, PIPL art. 47: the request names a person, not a conversation id). Written on each of the
 * customer's messages, kept as long as the transcript (the longest-lived record of a conversation),
 * so a conversation anything still remembers can always be found.
 *
 * Redis: a set per customer, `{prefix}customer:{<channel>:<userId>}` of conversation ids, with the
 * transcript's expiry; memory: a map. Bounded: a customer's set keeps at most `maxConversations` ids
 * (a client that invents conversations cannot grow it without end; the oldest-looking go first).
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';

/** Conversations by customer. */
export interface CustomerIndex {
  /** Records that `userId` on `channel` wrote in `conversationId`. */
  add(channel: string, userId: string, conversationId: string): Promise<void>;
  /** The customer's conversation ids (empty for an unknown customer). */
  list(channel: string, userId: string): Promise<string[]>;
  /** Forgets one conversation of the customer (that conversation was erased). */
  remove(channel: string, userId: string, conversationId: string): Promise<void>;
  /** Forgets the customer's entry. */
  delete(channel: string, userId: string): Promise<void>;
}

export interface CustomerIndexOptions {
  /** Seconds an entry is kept after the customer's last message; the transcript's retention. */
  readonly retentionSeconds?: number;
  /** Conversations kept per customer; default 1000. */
  readonly maxConversations?: number;
}

export interface MemoryCustomerIndexOptions extends CustomerIndexOptions {
  /** Customers kept in memory; beyond it the least recently seen goes (their transcripts have gone first). Default 10,000. */
  readonly maxCustomers?: number;
  readonly now?: () => number;
}

const keyOf = (channel: string, userId: string) => `${channel}:${userId}`;

/** The index in process memory. */
export function createMemoryCustomerIndex({
  maxConversations = 1000,
  retentionSeconds = 30 * 24 * 3600,
  maxCustomers = 10_000,
  now,
}: MemoryCustomerIndexOptions = {}): CustomerIndex {
  const all = new BoundedMap<string, Set<string>>({ name: 'memory customer index', maxEntries: maxCustomers, ttlMs: retentionSeconds * 1000, now });
  return {
    async add(channel, userId, conversationId) {
      const set = all.get(keyOf(channel, userId)) ?? new Set<string>();
      set.delete(conversationId);
      set.add(conversationId);
      // Insertion order: the first ids are the least recently seen.
      for (const id of set) if (set.size > maxConversations) set.delete(id);
      all.set(keyOf(channel, userId), set);
    },
    async list(channel, userId) {
      return [...(all.get(keyOf(channel, userId)) ?? [])];
    },
    async remove(channel, userId, conversationId) {
      all.get(keyOf(channel, userId))?.delete(conversationId);
      if (all.get(keyOf(channel, userId))?.size === 0) all.delete(keyOf(channel, userId));
    },
    async delete(channel, userId) {
      all.delete(keyOf(channel, userId));
    },
  };
}

/** The index on Redis, shared by every instance. */
export function createRedisCustomerIndex({
  redis,
  keyPrefix = 'baton:',
  retentionSeconds = 30 * 86_400,
  maxConversations = 1000,
}: CustomerIndexOptions & { redis: RedisClient; keyPrefix?: string }): CustomerIndex {
  const key = (channel: string, userId: string) => `${keyPrefix}customer:{${keyOf(channel, userId)}}`;
  return {
    async add(channel, userId, conversationId) {
      const k = key(channel, userId);
      // The size rides along (one round trip a message); rarely over the cap: then drop arbitrary extras
      // (a set has no order; the bound is what matters).
      const [[, added] = [], , [, size] = []] = (await redis.multi().sadd(k, conversationId).expire(k, retentionSeconds).scard(k).exec()) ?? [];
      if (added === 1 && Number(size) > maxConversations) await redis.spop(k, 1);
    },
    async list(channel, userId) {
      return redis.smembers(key(channel, userId));
    },
    async remove(channel, userId, conversationId) {
      await redis.srem(key(channel, userId), conversationId);
    },
    async delete(channel, userId) {
      await redis.del(key(channel, userId));
    },
  };
}
