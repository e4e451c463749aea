/**
 * Idempotency of the order-events API by event id. The first request with an id claims it (a short
 * "pending" mark), schedules its notices, then stores its answer for `ttlSeconds` (default 7 days); a
 * repeat gets that same answer and schedules nothing. A repeat while the first is still working gets
 * 'pending' (the API answers 409, retry); a first request that failed releases its claim, so the
 * shop's retry is processed.
 *
 * Redis: `{prefix}ordercare:event:{<id>}`, SET NX with expiry.
 */
import type { RedisClient } from '../../infra/redis.js';

/** The stored answer of a processed event. */
export interface EventAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

export type ClaimResult = { readonly kind: 'claimed' } | { readonly kind: 'pending' } | { readonly kind: 'done'; readonly answer: EventAnswer };

export interface EventClaims {
  claim(eventId: string): Promise<ClaimResult>;
  complete(eventId: string, answer: EventAnswer): Promise<void>;
  release(eventId: string): Promise<void>;
}

const PENDING = 'pending';
const PENDING_SECONDS = 60;

const result = (raw: string | null | undefined): ClaimResult =>
  raw === null || raw === undefined ? { kind: 'claimed' } : raw === PENDING ? { kind: 'pending' } : { kind: 'done', answer: JSON.parse(raw) as EventAnswer };

export function createMemoryEventClaims({ ttlSeconds = 7 * 86_400, now = () => Date.now() } = {}): EventClaims {
  const claims = new Map<string, { value: string; until: number }>();
  const live = (id: string) => {
    const entry = claims.get(id);
    if (entry && entry.until <= now()) claims.delete(id);
    return claims.get(id)?.value;
  };
  return {
    async claim(eventId) {
      const existing = live(eventId);
      if (existing !== undefined) return result(existing);
      claims.set(eventId, { value: PENDING, until: now() + PENDING_SECONDS * 1000 });
      return { kind: 'claimed' };
    },
    async complete(eventId, answer) {
      claims.set(eventId, { value: JSON.stringify(answer), until: now() + ttlSeconds * 1000 });
    },
    async release(eventId) {
      claims.delete(eventId);
    },
  };
}

export function createRedisEventClaims({
  redis,
  keyPrefix = 'baton:',
  ttlSeconds = 7 * 86_400,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  ttlSeconds?: number;
}): EventClaims {
  const key = (id: string) => `${keyPrefix}ordercare:event:{${id}}`;
  return {
    async claim(eventId) {
      // The mark can vanish between SET NX and GET (released, or expired): that is not a claim, try again.
      for (let attempt = 0; attempt < 3; attempt++) {
        if ((await redis.set(key(eventId), PENDING, 'EX', PENDING_SECONDS, 'NX')) === 'OK') return { kind: 'claimed' };
        const raw = await redis.get(key(eventId));
        if (raw !== null) return result(raw);
      }
      return { kind: 'pending' };
    },
    async complete(eventId, answer) {
      await redis.set(key(eventId), JSON.stringify(answer), 'EX', ttlSeconds);
    },
    async release(eventId) {
      await redis.del(key(eventId));
    },
  };
}
