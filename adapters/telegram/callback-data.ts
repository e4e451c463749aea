/**
 * Button values in Telegram's 64-byte `callback_data`.
 *
 * A button's value is what the customer "says" when pressing it ("Cancel order A1002"). A value of at
 * most 64 UTF-8 bytes travels as is, so the common case needs no store. A longer one (or one that looks
 * like a key) is replaced by a key derived from its SHA-256, `#cb:` + 22 base64url characters, and the
 * value is kept in a `CallbackDataStore` (Redis when several instances run, since the press may reach
 * any of them) for `ttlSeconds`. Keys are content-addressed, so resending the same keyboard writes
 * the same key and nothing piles up. A pressed key that expired decodes to undefined.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import { createHash } from 'node:crypto';
import type { RedisClient } from '../../infra/redis.js';

/** Telegram's limit on `callback_data`, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const KEY_MARK = '#cb:';

/** Where long button values wait for their press: `read` / `write` / `delete`, undefined when missing. */
export interface CallbackDataStore {
  read(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlSeconds`, replacing (and re-arming) any earlier one. */
  write(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** An in-process store (one instance only); `now` is injectable, `maxEntries` bounds memory (infra/bounded-map.ts). */
export function createMemoryCallbackStore({ now = () => Date.now(), maxEntries = 50_000 } = {}): CallbackDataStore {
  const entries = new BoundedMap<string, string>({ name: 'memory Telegram callback data', maxEntries, now });
  return {
    async read(key) {
      return entries.get(key);
    },
    async write(key, value, ttlSeconds) {
      entries.set(key, value, Math.max(1, ttlSeconds * 1000));
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

/** A store on Redis, shared by every instance: `{prefix}telegram:callback:{key}` with an expiry. */
export function createRedisCallbackStore({ redis, keyPrefix = 'baton:' }: { redis: RedisClient; keyPrefix?: string }): CallbackDataStore {
  const keyOf = (key: string) => `${keyPrefix}telegram:callback:${key}`;
  return {
    async read(key) {
      return (await redis.get(keyOf(key))) ?? undefined;
    },
    async write(key, value, ttlSeconds) {
      await redis.set(keyOf(key), value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(key) {
      await redis.del(keyOf(key));
    },
  };
}

/** Turns button values into `callback_data` and back. */
export interface CallbackDataCodec {
  /** The `callback_data` for `value`; stores the value first when it does not fit. */
  encode(value: string): Promise<string>;
  /** The value a pressed button carries, or undefined when its key expired or is unknown. */
  decode(data: string): Promise<string | undefined>;
}

/**
 * Creates the codec over a store.
 * @example
 * const codec = createCallbackDataCodec({ store: createRedisCallbackStore({ redis }) });
 * const data = await codec.encode('Change the delivery address of order A1002 to my office'); // '#cb:...'
 * await codec.decode(data); // the long value again, on any instance
 */
export function createCallbackDataCodec({ store, ttlSeconds = 30 * 86_400 }: { store: CallbackDataStore; ttlSeconds?: number }): CallbackDataCodec {
  return {
    async encode(value) {
      if (fitsAsIs(value)) return value;
      const key = KEY_MARK + createHash('sha256').update(value).digest('base64url').slice(0, 22);
      await store.write(key, value, ttlSeconds);
      return key;
    },
    async decode(data) {
      return data.startsWith(KEY_MARK) ? store.read(data) : data;
    },
  };
}

/** True when `value` can be sent as `callback_data` unchanged. */
export function fitsAsIs(value: string): boolean {
  return value.length > 0 && Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_MAX_BYTES && !value.startsWith(KEY_MARK);
}
