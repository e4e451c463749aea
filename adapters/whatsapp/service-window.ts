/**
 * WhatsApp's 24-hour customer-service window: a business may send free-form messages (text, buttons,
 * lists) only within 24 hours of the customer's last message; after that only an approved template
 * message goes through, and Meta fails anything else (error 131047). The adapter remembers the time
 * of each customer's last inbound message here and checks it before every proactive send.
 *
 * Redis: `{prefix}whatsapp:window:{<conversationId>}` holds the time in epoch milliseconds; a write
 * keeps the later of the stored and the new time (one Lua script), so two instances handling two
 * messages out of order never move the window back. The key expires after `retentionSeconds`, long
 * after the window closed, only to free memory; the adapter compares times with its own clock.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';
import { luaScript } from '../../infra/lua-script.js';

/** The window's length, as Meta defines it. */
export const SERVICE_WINDOW_MS = 24 * 3600 * 1000;

/** The time of each customer's last inbound message, per conversation. */
export interface ServiceWindowStore {
  /** Epoch milliseconds of the customer's last message, or undefined when none is remembered. */
  read(conversationId: string): Promise<number | undefined>;
  /** Records a customer message at `at` (epoch ms); an earlier time than the stored one is ignored. */
  write(conversationId: string, at: number): Promise<void>;
  delete(conversationId: string): Promise<void>;
}

/** True when a free-form message may be sent at `now` to a customer last heard from at `lastInbound`. */
export function isWindowOpen(lastInbound: number | undefined, now: number): boolean {
  return lastInbound !== undefined && now - lastInbound < SERVICE_WINDOW_MS;
}

/** How long a remembered time is kept after it was written; a week shows agents how stale a customer is. */
const DEFAULT_RETENTION_SECONDS = 7 * 24 * 3600;

/**
 * An in-process `ServiceWindowStore` (one instance only): each time kept `retentionSeconds` after its last
 * write as on Redis, at most `maxEntries` (infra/bounded-map.ts).
 */
export function createMemoryServiceWindowStore({
  maxEntries = 100_000,
  retentionSeconds = DEFAULT_RETENTION_SECONDS,
  now,
}: {
  maxEntries?: number;
  retentionSeconds?: number;
  now?: () => number;
} = {}): ServiceWindowStore {
  const times = new BoundedMap<string, number>({ name: 'memory WhatsApp service windows', maxEntries, ttlMs: retentionSeconds * 1000, now });
  return {
    async read(conversationId) {
      return times.get(conversationId);
    },
    async write(conversationId, at) {
      // Keeps the later time and restarts the expiry either way, as the Redis script does.
      const previous = times.get(conversationId);
      times.set(conversationId, previous !== undefined && previous >= at ? previous : at);
    },
    async delete(conversationId) {
      times.delete(conversationId);
    },
  };
}

// KEYS[1] the key; ARGV[1] the new time, ARGV[2] retention in seconds. Keeps the later time.
const WRITE_LATER = luaScript(`
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current >= tonumber(ARGV[1]) then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1`);

/** A `ServiceWindowStore` on Redis, shared by every instance. */
export function createRedisServiceWindowStore({
  redis,
  keyPrefix = 'baton:',
  retentionSeconds = DEFAULT_RETENTION_SECONDS,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  retentionSeconds?: number;
}): ServiceWindowStore {
  const keyOf = (conversationId: string) => `${keyPrefix}whatsapp:window:{${conversationId}}`;
  return {
    async read(conversationId) {
      const raw = await redis.get(keyOf(conversationId));
      const at = raw === null ? Number.NaN : Number(raw);
      return Number.isFinite(at) ? at : undefined;
    },
    async write(conversationId, at) {
      await WRITE_LATER.run(redis, 1, keyOf(conversationId), String(Math.floor(at)), String(Math.ceil(retentionSeconds)));
    },
    async delete(conversationId) {
      await redis.del(keyOf(conversationId));
    },
  };
}
