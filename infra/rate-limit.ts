/**
 * The abuse-limit contract shared by every entry point: a limiter counts what one key (a client
 * address, a conversation, a customer) spends in a window, on Redis so every instance shares it.
 * Callers only see `consume`; `createRateLimiter` builds one on Redis or memory.
 *
 * Built on rate-limiter-flexible (maintained, one atomic Lua script per attempt on a single key, so it
 * works on a Redis Cluster too, and an in-memory "insurance" limiter that takes over while Redis is
 * unreachable, which is Baton's degraded mode everywhere else as well).
 */
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from './redis.js';

/** What a limiter decided for one attempt. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Counts attempts per key in a fixed budget; `points` (default 1) is what this attempt costs. */
export interface RateLimiter {
  /** Spends `points` of `key`'s budget; refused once the budget of the window is spent. */
  consume(key: string, points?: number): Promise<RateDecision>;
}

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** Names the limit in Redis keys and logs, e.g. 'dl-conversations'. Letters, digits, '-' and '_'. */
  name: string;
  /** How many points one key may spend per window. */
  points: number;
  /** The window, in seconds. */
  windowSeconds: number;
  /** Shared Redis; without it the limit is this instance's own (the single-instance demo). */
  redis?: RedisClient;
  /** Prefix of every Redis key (REDIS_KEY_PREFIX). */
  keyPrefix?: string;
}

const NAME = /^[\w-]{1,40}$/;

/** A stable, non-reversible name for what is counted (128 bits of its SHA-256). */
const limitKey = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 22);

/**
 * A limiter of `points` per `windowSeconds` per key. On Redis, one key `<prefix>limit:{<name>}:<hash>`
 * per client and window, expiring with the window; the key is hashed because what is counted is often
 * personal (an address, a WhatsApp number), and a counter needs no more than a stable name; while Redis is unreachable each instance counts in
 * its own memory rather than letting everything through or refusing everyone.
 * @example
 * const perClient = createRateLimiter({ name: 'dl-conversations', points: 20, windowSeconds: 60, redis });
 * const decision = await perClient.consume(req.ip);
 * if (!decision.allowed) res.set('Retry-After', String(decision.retryAfterSeconds)).status(429)…
 */
export function createRateLimiter({ name, points, windowSeconds, redis, keyPrefix = 'baton:' }: RateLimiterOptions): RateLimiter {
  if (!NAME.test(name)) throw new Error(`Rate limit name '${name}' may hold only letters, digits, '-' and '_' (at most 40).`);
  if (!(points >= 1) || !(windowSeconds >= 1)) throw new Error(`Rate limit '${name}' needs at least 1 point per window of at least 1 second.`);
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds });
  const limiter = redis
    ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}limit:{${name}}`, points, duration: windowSeconds, insuranceLimiter: memory })
    : memory;
  return {
    async consume(key, cost = 1) {
      try {
        await limiter.consume(limitKey(key), cost);
        return { allowed: true };
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
        throw refusal;
      }
    },
  };
}
