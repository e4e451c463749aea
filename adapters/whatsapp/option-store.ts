/**
 * The numbered options last offered to each customer, so "2" picks the second one on whichever
 * instance the answer lands. Reply buttons and list rows need no store (the option's value travels
 * in the button id); a numbered text list is the only place WhatsApp gives nothing back but the digit.
 *
 * Redis: `{prefix}whatsapp:options:{<conversationId>}` holds the JSON list, expiring with `ttlSeconds`;
 * memory: a map with expiry times. Writers: the adapter writes when it sends a numbered list and
 * deletes when it sends any other message (the list is no longer on screen) or when a number was
 * picked. Two instances writing at once keep the later write, which is the message sent last.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';
import type { OfferedOption } from './suggested-actions.js';

/** Per-conversation offered options; `undefined` when none are current. */
export interface OptionStore {
  read(conversationId: string): Promise<OfferedOption[] | undefined>;
  /** Replaces the conversation's options; they are forgotten after `ttlSeconds` (default one day). */
  write(conversationId: string, options: readonly OfferedOption[], ttlSeconds?: number): Promise<void>;
  delete(conversationId: string): Promise<void>;
}

/** Offered options outlive the 24-hour window by nothing: after it, the customer cannot answer anyway. */
const DEFAULT_TTL_SECONDS = 24 * 3600;

/** An in-process `OptionStore` (one instance only); `now` is injectable for tests. */
export function createMemoryOptionStore({ now = () => Date.now(), maxEntries = 100_000 } = {}): OptionStore {
  // Bounded and expiring (infra/bounded-map.ts): the least recently written go first when full.
  const entries = new BoundedMap<string, OfferedOption[]>({ name: 'memory WhatsApp options', maxEntries, now });
  return {
    async read(conversationId) {
      return entries.get(conversationId)?.map((option) => ({ ...option }));
    },
    async write(conversationId, options, ttlSeconds = DEFAULT_TTL_SECONDS) {
      entries.set(
        conversationId,
        options.map((option) => ({ ...option })),
        Math.max(1, ttlSeconds * 1000),
      );
    },
    async delete(conversationId) {
      entries.delete(conversationId);
    },
  };
}

/** An `OptionStore` on Redis, shared by every instance. */
export function createRedisOptionStore({ redis, keyPrefix = 'baton:' }: { redis: RedisClient; keyPrefix?: string }): OptionStore {
  const keyOf = (conversationId: string) => `${keyPrefix}whatsapp:options:{${conversationId}}`;
  return {
    async read(conversationId) {
      const raw = await redis.get(keyOf(conversationId));
      if (raw === null) return undefined;
      try {
        const parsed: unknown = JSON.parse(raw);
        return Array.isArray(parsed) ? parsed.filter(isOption) : undefined;
      } catch {
        // A value written by something else under our key: treat it as no options rather than failing the turn.
        return undefined;
      }
    },
    async write(conversationId, options, ttlSeconds = DEFAULT_TTL_SECONDS) {
      await redis.set(keyOf(conversationId), JSON.stringify(options.map(({ title, value }) => ({ title, value }))), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(conversationId) {
      await redis.del(keyOf(conversationId));
    },
  };
}

function isOption(value: unknown): value is OfferedOption {
  const option = value as Partial<OfferedOption> | null;
  return typeof option?.title === 'string' && typeof option.value === 'string';
}
