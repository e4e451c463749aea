/**
 * The customer's emotion around one open ticket, kept until the ticket closes so the agents'
 * scorecard can compare the start with the end (docs/agent-scorecard.md): the mean score at
 * escalation, and the scores of the latest `RECENT_SCORES` messages written during the handoff.
 * Numbers only, never text.
 *
 * Redis: `{prefix}mood:{<ticketId>}:start` (a string, SET NX: the first escalation reading stays) and
 * `{prefix}mood:{<ticketId>}:recent` (a list, newest first, trimmed in the same MULTI), both expiring
 * `ttlSeconds` after their last write; one hash tag, so Redis Cluster keeps them on one node.
 * Memory: a bounded, expiring map with the same rules.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';

/** How many of the customer's last messages make the "end" reading. */
export const RECENT_SCORES = 3;

/** What is known of one ticket's customer emotion. */
export interface TicketMood {
  /** Mean score at escalation, if it was heard. */
  readonly start?: number;
  /** Scores of the latest messages during the handoff, oldest first, at most `RECENT_SCORES`. */
  readonly recent: readonly number[];
}

/** Per-ticket emotion readings. Writes from any instance; `read` resolves undefined for an unknown ticket. */
export interface TicketMoodStore {
  /** Records the escalation reading; a ticket keeps its first one. */
  writeStart(ticketId: string, score: number): Promise<void>;
  /** Adds one message's score, keeping the latest `RECENT_SCORES`. */
  addRecent(ticketId: string, score: number): Promise<void>;
  read(ticketId: string): Promise<TicketMood | undefined>;
  delete(ticketId: string): Promise<void>;
}

/** Open tickets rarely last a week; a reading nobody closed expires then. */
const DEFAULT_TTL_SECONDS = 7 * 86_400;

/** Readings in one process, at most `maxTickets` (the least recently written go first). */
export function createMemoryTicketMoodStore({
  ttlSeconds = DEFAULT_TTL_SECONDS,
  maxTickets = 50_000,
  now,
}: {
  ttlSeconds?: number;
  maxTickets?: number;
  now?: () => number;
} = {}): TicketMoodStore {
  const moods = new BoundedMap<string, TicketMood>({ name: 'ticket mood store', maxEntries: maxTickets, ttlMs: ttlSeconds * 1000, ...(now ? { now } : {}) });
  return {
    async writeStart(ticketId, score) {
      const mood = moods.get(ticketId) ?? { recent: [] };
      if (mood.start === undefined) moods.set(ticketId, { ...mood, start: score });
    },
    async addRecent(ticketId, score) {
      const mood = moods.get(ticketId) ?? { recent: [] };
      moods.set(ticketId, { ...mood, recent: [...mood.recent, score].slice(-RECENT_SCORES) });
    },
    async read(ticketId) {
      return moods.get(ticketId);
    },
    async delete(ticketId) {
      moods.delete(ticketId);
    },
  };
}

/** Readings on Redis, shared by every instance. */
export function createRedisTicketMoodStore({
  redis,
  keyPrefix = 'baton:',
  ttlSeconds = DEFAULT_TTL_SECONDS,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  ttlSeconds?: number;
}): TicketMoodStore {
  const startKey = (id: string) => `${keyPrefix}mood:{${id}}:start`;
  const recentKey = (id: string) => `${keyPrefix}mood:{${id}}:recent`;
  return {
    async writeStart(ticketId, score) {
      await redis.set(startKey(ticketId), String(score), 'EX', ttlSeconds, 'NX');
    },
    async addRecent(ticketId, score) {
      const key = recentKey(ticketId);
      await redis
        .multi()
        .lpush(key, String(score))
        .ltrim(key, 0, RECENT_SCORES - 1)
        .expire(key, ttlSeconds)
        .exec();
    },
    async read(ticketId) {
      const [[, start], [, recent]] = ((await redis.multi().get(startKey(ticketId)).lrange(recentKey(ticketId), 0, -1).exec()) ?? [
        [null, null],
        [null, []],
      ]) as [[unknown, string | null], [unknown, string[]]];
      if (start === null && recent.length === 0) return undefined;
      return { ...(start === null ? {} : { start: Number(start) }), recent: recent.map(Number).reverse() };
    },
    async delete(ticketId) {
      await redis.del(startKey(ticketId), recentKey(ticketId));
    },
  };
}
