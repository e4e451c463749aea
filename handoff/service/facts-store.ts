/**
 * What the handoff keeps about a conversation besides its tickets: how to reach the customer from any
 * instance (the channel's conversation reference), and what an agent should see without asking
 * (name, time zone, last intent, emotion trend; order facts and the suggested answer are derived from
 * the transcript when an agent opens the ticket). Written at escalation
 * and on every customer message while a ticket is open; read by the desks on any instance.
 *
 * Redis: one JSON string per conversation, `{prefix}facts:{<conversationId>}`, expiring with the
 * conversation state; memory: a map.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';

/** The Activity protocol's conversation reference, as plain JSON (botbuilder's `ConversationReference`). */
export interface StoredReference {
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly conversation: { readonly id: string; readonly isGroup?: boolean; readonly name?: string };
  readonly user?: { readonly id: string; readonly name?: string };
  readonly bot: { readonly id: string; readonly name?: string };
  readonly locale?: string;
}

/** Everything the handoff knows about one conversation. Plain JSON. */
export interface ConversationFacts {
  readonly conversationId: string;
  readonly reference: StoredReference;
  readonly customerName?: string;
  /** IANA zone the customer's client reported (Direct Line `localTimezone`), if any. */
  readonly timeZone?: string;
  /** How `timeZone` was learned: reported by the client, or inferred from the phone number or the language tag. */
  readonly timeZoneSource?: 'reported' | 'phone' | 'language';
  /** The bot's market the customer is in ('zh-TW'; dialogs/market.ts), when one applies: canned replies follow it. */
  readonly market?: string;
  /** The conversation's language (the reply locale of the last turn). */
  readonly locale: string;
  /** The language the customer writes in when it is one the bot does not answer in ('de', 'es'); the ticket's language. */
  readonly language?: string;
  readonly lastIntent?: string;
  /** Emotion scores of the latest customer messages, oldest first, at most `EMOTION_TREND_LENGTH`. */
  readonly emotionTrend: readonly number[];
  /** When the customer was last told their place in the queue (throttles the notices). */
  readonly lastQueueNoticeAt?: number;
  /** The resolved ticket whose CSAT question is open; the score goes there. */
  readonly csatTicketId?: string;
  /** The queued ticket crisis wording already raised: it rises once, however often the words come. */
  readonly crisisRaisedTicketId?: string;
  readonly updatedAt: number;
}

/** How many emotion scores the trend keeps. */
export const EMOTION_TREND_LENGTH = 8;

/** Facts per conversation. `read` resolves undefined for an unknown conversation. */
export interface FactsStore {
  read(conversationId: string): Promise<ConversationFacts | undefined>;
  write(facts: ConversationFacts): Promise<void>;
  delete(conversationId: string): Promise<void>;
}

/**
 * Facts in process memory (one instance), expiring `ttlSeconds` after their last write as on Redis, and
 * at most `maxConversations` (the least recently written go first).
 */
export function createMemoryFactsStore({
  ttlSeconds = 30 * 86_400,
  maxConversations = 10_000,
  now,
}: {
  ttlSeconds?: number;
  maxConversations?: number;
  now?: () => number;
} = {}): FactsStore {
  const all = new BoundedMap<string, ConversationFacts>({ name: 'memory handoff facts', maxEntries: maxConversations, ttlMs: ttlSeconds * 1000, now });
  return {
    async read(conversationId) {
      const facts = all.get(conversationId);
      return facts && structuredClone(facts);
    },
    async write(facts) {
      all.set(facts.conversationId, structuredClone(facts));
    },
    async delete(conversationId) {
      all.delete(conversationId);
    },
  };
}

export interface RedisFactsStoreOptions {
  readonly redis: RedisClient;
  readonly keyPrefix?: string;
  /** Facts expire this long after their last write; default 30 days, like conversation state. */
  readonly ttlSeconds?: number;
}

/** Facts on Redis, shared by every instance. Last writer wins: only the current turn or desk action writes. */
export function createRedisFactsStore({ redis, keyPrefix = 'baton:', ttlSeconds = 30 * 86_400 }: RedisFactsStoreOptions): FactsStore {
  const key = (conversationId: string) => `${keyPrefix}facts:{${conversationId}}`;
  return {
    async read(conversationId) {
      const raw = await redis.get(key(conversationId));
      return raw === null ? undefined : (JSON.parse(raw) as ConversationFacts);
    },
    async write(facts) {
      await redis.set(key(facts.conversationId), JSON.stringify(facts), 'EX', Math.max(1, Math.round(ttlSeconds)));
    },
    async delete(conversationId) {
      await redis.del(key(conversationId));
    },
  };
}
