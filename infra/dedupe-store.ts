/**
 * The one store that remembers which deliveries were already taken, so a platform's redelivery (a
 * webhook retry, a re-posted activity, a Slack event sent again) runs once. Every channel and desk uses
 * this interface; each message is claimed once, at the edge that received it (adapters/kit/).
 *
 * A claim is a lease: `claim` holds the key for `leaseSeconds`; a worker that needs longer `renew`s it,
 * and `resolve` records the outcome for a day. A worker that dies stops renewing, the lease lapses, and
 * the platform's retry takes the key over. Deliveries whose turn runs after the acknowledgement use the
 * short form, `claimDelivery` (one `claim` for the whole retry window, released only when the claim could
 * not be acted on).
 *
 * A worker whose lease may lapse while it still works (and so be taken over) claims with an owner token
 * (`ownerToken`) as the value and passes it as `owner` to `renew`, `resolve` and `release`: each is then a
 * compare-and-set on that one key, so a late worker never extends, overwrites or drops its successor's claim.
 *
 * Redis: `SET <prefix>seen:<key> <value> NX EX` (one-key Lua scripts for the owner-checked forms); memory:
 * a bounded map with expiry times.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BoundedMap } from './bounded-map.js';
import { luaScript } from './lua-script.js';
import type { RedisClient } from './redis.js';
import { deleteMatching, globLiteral } from './redis-scan.js';

/** A claim-once store with leases; values are opaque to it. */
export interface DedupeStore {
  /** True for the first caller of `key` while nothing is live; holds it `leaseSeconds` with `value` (default ''). */
  claim(key: string, leaseSeconds: number, value?: string): Promise<boolean>;
  /**
   * Extends a live claim by `leaseSeconds` and records `value` in it; does nothing once it lapsed, nor,
   * given `owner`, while the key holds anything but `owner` (another worker took the lapsed claim over).
   */
  renew(key: string, value: string, leaseSeconds: number, owner?: string): Promise<void>;
  /**
   * Records the answer for a claimed key, kept `ttlSeconds`. Given `owner`, only while the key holds
   * `owner` or nothing (a lapsed claim nobody took: the answer is still true); never over another's claim.
   * Given `guard`, only while `guard.key` still holds `guard.value` (undefined: nothing), checked in the
   * same step as the write: e.g. an erase's mark read before the claim, so the answer of a send the
   * erase overtook is not written back. On Redis Cluster `guard.key` must share `key`'s hash slot.
   */
  resolve(key: string, value: string, ttlSeconds: number, owner?: string, guard?: DedupeGuard): Promise<void>;
  /** The recorded value ('' right after a bare claim), or undefined when nothing is live. */
  lookup(key: string): Promise<string | undefined>;
  /** Forgets a claim whose work failed, so a retry is processed; given `owner`, only while the key holds `owner`. */
  release(key: string, owner?: string): Promise<void>;
  /** Forgets every key that starts with `prefix` (a conversation's, when it is erased); resolves how many. */
  releaseAll(prefix: string): Promise<number>;
}

/** A key and the value it held when read (`undefined`: nothing), for `DedupeStore.resolve`. */
export interface DedupeGuard {
  readonly key: string;
  readonly value: string | undefined;
}

const OWNER_MARK = '~owner:';

/**
 * A fresh owner token (128 random bits) to `claim` with and pass as `owner`. A memory store never evicts
 * a claim holding one (as a bare '' claim), so a live claim is not lost to its size cap.
 */
export function ownerToken(): string {
  return OWNER_MARK + randomBytes(16).toString('hex');
}

/** A value that is a live claim still being worked on: never evicted by a memory store's cap. */
const isLiveClaim = (value: string) => value === '' || value.startsWith(OWNER_MARK);

/** How long a platform delivery id is remembered: platforms retry for minutes to hours. */
export const DELIVERY_TTL_SECONDS = 24 * 3600;

// Ids carry the conversation id (on WhatsApp the customer's phone number): a mark must not outlive an erase readably.
/** A delivery or conversation id as the stores key it: a digest, so a mark never holds a phone number readably. */
export const idDigest = (id: string): string => createHash('sha256').update(id).digest('base64url').slice(0, 32);
const deliveryKey = (channel: string, id: string) => `{${channel}}:${idDigest(id)}`;

/**
 * The Redis key `claimDelivery` sets for `id` on a Redis store with `keyPrefix`: in the `{channel}` hash
 * slot, so a script that claims it beside other `{channel}` keys (adapters/kit/redis-delivery-journal.ts)
 * works on Redis Cluster, and a claim made either way is one mark.
 */
export function redisDeliveryKey(keyPrefix: string, channel: string, id: string): string {
  return `${keyPrefix}seen:${deliveryKey(channel, id)}`;
}

/**
 * Claims a platform delivery id for `ttlSeconds`. Resolves true the first time, false for a redelivery.
 * The key holds a digest of the id, never the id.
 * @example if (!(await claimDelivery(dedupe, 'telegram', `update:${update.update_id}`))) return; // already taken
 */
export function claimDelivery(store: DedupeStore, channel: string, id: string, ttlSeconds = DELIVERY_TTL_SECONDS): Promise<boolean> {
  // A value, not '': a finished delivery's mark may be dropped by a full memory store; a live lease may not.
  return store.claim(deliveryKey(channel, id), ttlSeconds, '1');
}

/** Whether `id` was claimed with `claimDelivery` (and its mark not yet expired), without claiming it. */
export async function wasClaimed(store: DedupeStore, channel: string, id: string): Promise<boolean> {
  return (await store.lookup(deliveryKey(channel, id))) !== undefined;
}

/** Forgets a delivery claimed with `claimDelivery`, so the platform's redelivery is processed. */
export function releaseDelivery(store: DedupeStore, channel: string, id: string): Promise<void> {
  return store.release(deliveryKey(channel, id));
}

/** A view of `store` whose keys all start with `scope` (e.g. 'directline:'), so channels never collide. */
export function scopedDedupe(store: DedupeStore, scope: string): DedupeStore {
  return {
    claim: (key, leaseSeconds, value) => store.claim(scope + key, leaseSeconds, value),
    renew: (key, value, leaseSeconds, owner) => store.renew(scope + key, value, leaseSeconds, owner),
    resolve: (key, value, ttlSeconds, owner, guard) =>
      store.resolve(scope + key, value, ttlSeconds, owner, guard === undefined ? undefined : { ...guard, key: scope + guard.key }),
    lookup: (key) => store.lookup(scope + key),
    release: (key, owner) => store.release(scope + key, owner),
    releaseAll: (prefix) => store.releaseAll(scope + prefix),
  };
}

/**
 * An in-process `DedupeStore`, expiring each key after its lease or ttl and holding at most `maxEntries`;
 * the cap never drops a claim still being worked on (value '' or an owner token), so a re-post never runs twice.
 * `now` is injectable for tests.
 */
export function createMemoryDedupeStore({ now = Date.now, maxEntries = 100_000 }: { now?: () => number; maxEntries?: number } = {}): DedupeStore {
  const entries = new BoundedMap<string, string>({ name: 'memory dedupe store', maxEntries, now, pinned: isLiveClaim });
  const owns = (key: string, owner: string | undefined) => owner === undefined || entries.get(key) === owner;
  return {
    async claim(key, leaseSeconds, value = '') {
      if (entries.has(key)) return false;
      entries.set(key, value, leaseSeconds * 1000);
      return true;
    },
    async renew(key, value, leaseSeconds, owner) {
      if (entries.has(key) && owns(key, owner)) entries.set(key, value, leaseSeconds * 1000);
    },
    async resolve(key, value, ttlSeconds, owner, guard) {
      if (guard !== undefined && entries.get(guard.key) !== guard.value) return;
      if (!entries.has(key) || owns(key, owner)) entries.set(key, value, ttlSeconds * 1000);
    },
    async lookup(key) {
      return entries.get(key);
    },
    async release(key, owner) {
      if (owns(key, owner)) entries.delete(key);
    },
    async releaseAll(prefix) {
      const keys = [...entries.entries()].map(([key]) => key).filter((key) => key.startsWith(prefix));
      for (const key of keys) entries.delete(key);
      return keys.length;
    },
  };
}

// KEYS: the key. ARGV: owner, value, seconds. Each touches the key only while it holds `owner`.
const RENEW_OWNED = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 end
return 0`);
const RESOLVE_OWNED = luaScript(`local held = redis.call('GET', KEYS[1])
if held == false or held == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 end
return 0`);
// KEYS: the key, the guard's key. ARGV: owner ('' for none), value, seconds, '1' when the guard's key held
// something, what it held. Writes only while the guard's key still holds that.
const RESOLVE_GUARDED = luaScript(`local guard = redis.call('GET', KEYS[2])
if (ARGV[4] == '1') ~= (guard ~= false) or (guard and guard ~= ARGV[5]) then return 0 end
local held = redis.call('GET', KEYS[1])
if ARGV[1] == '' or held == false or held == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 end
return 0`);
// KEYS: the key. ARGV: owner.
const RELEASE_OWNED = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/** A `DedupeStore` on Redis, shared by every instance. */
export function createRedisDedupeStore({ redis, keyPrefix = 'baton:' }: { redis: RedisClient; keyPrefix?: string }): DedupeStore {
  const keyOf = (key: string) => `${keyPrefix}seen:${key}`;
  return {
    async claim(key, leaseSeconds, value = '') {
      return (await redis.set(keyOf(key), value, 'EX', leaseSeconds, 'NX')) === 'OK';
    },
    async renew(key, value, leaseSeconds, owner) {
      if (owner !== undefined) return void (await RENEW_OWNED.run(redis, 1, keyOf(key), owner, value, leaseSeconds));
      // XX: a lapsed lease stays lapsed; whoever took the key over owns it now.
      await redis.set(keyOf(key), value, 'EX', leaseSeconds, 'XX');
    },
    async resolve(key, value, ttlSeconds, owner, guard) {
      if (guard !== undefined) {
        const [held, was] = guard.value === undefined ? ['0', ''] : ['1', guard.value];
        return void (await RESOLVE_GUARDED.run(redis, 2, keyOf(key), keyOf(guard.key), owner ?? '', value, ttlSeconds, held, was));
      }
      if (owner !== undefined) return void (await RESOLVE_OWNED.run(redis, 1, keyOf(key), owner, value, ttlSeconds));
      await redis.set(keyOf(key), value, 'EX', ttlSeconds);
    },
    async lookup(key) {
      return (await redis.get(keyOf(key))) ?? undefined;
    },
    async release(key, owner) {
      if (owner !== undefined) return void (await RELEASE_OWNED.run(redis, 1, keyOf(key), owner));
      await redis.del(keyOf(key));
    },
    async releaseAll(prefix) {
      // A SCAN over the keyspace: erase requests are rare, and the keys spread over slots on purpose.
      return deleteMatching(redis, `${globLiteral(keyOf(prefix))}*`);
    },
  };
}
