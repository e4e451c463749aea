/**
 * The in-memory activity log: one process, for tests and single-instance demos.
 * Retention and length caps mirror the Redis log so both pass the same contract tests: a conversation
 * expires `retentionSeconds` after its last append, as the Redis keys do. The number of conversations
 * is capped too (infra/bounded-map.ts); the cap evicts only idle ones, never a conversation with a
 * client subscribed or a customer message not yet answered. When every conversation held is such,
 * `createConversation` throws `StoreFullError` (Direct Line answers 503) and nothing is lost.
 * So are the characters of all entries (`maxChars`): past it idle conversations go, least recently
 * written first, then those that must stay lose their oldest entries (each keeps its latest); when even
 * that is not enough, `append` throws `StoreFullError` and adds nothing.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import { BoundedMap } from '../../infra/bounded-map.js';
import { dropFirst, SharedFields, trimOldest } from '../../infra/shared-fields.js';
import {
  activityIdFor,
  APPEND_KEYS_KEPT,
  ConversationNotFoundError,
  erasedMarkOf,
  parseWatermark,
  type ActivityLog,
  type ConversationMeta,
} from './activity-log.js';
import { LogSubscription } from './log-subscription.js';
import type { ActivitySet } from './payload-types.js';

interface MemoryConversation {
  meta?: ConversationMeta;
  /** Position of `entries[0]`; older entries were trimmed by `maxLength`. */
  first: number;
  /** JSON, the envelope by reference to `fields` (infra/shared-fields.ts). */
  entries: string[];
  fields: SharedFields;
  /** `fields.chars` already counted in the store's size budget. */
  fieldChars: number;
  subscriptions: Set<LogSubscription>;
  /** The last activity appended came from the customer: the bot has not answered it yet. */
  awaitingReply: boolean;
  /** Positions of the latest appends that had an `AppendOptions.once` key, oldest first. */
  appended: Map<string, number>;
}

/** Options of `createMemoryActivityLog`; `maxLength` caps the entries kept per conversation. */
export interface MemoryActivityLogOptions {
  maxLength?: number;
  /** Seconds a conversation is kept after its last append; default 48 hours, as on Redis. */
  retentionSeconds?: number;
  /** Conversations kept; default 10,000. */
  maxConversations?: number;
  /** Erased-conversation marks kept; default 100,000 (the oldest goes first). */
  maxErasedMarks?: number;
  /** Characters of entries kept in all conversations together; default 16 M (MEMORY_MAX_STORE_CHARS). */
  maxChars?: number;
  now?: () => number;
}

/**
 * Creates an in-memory `ActivityLog`.
 * @example const log = createMemoryActivityLog();
 */
export function createMemoryActivityLog({
  maxLength = 1000,
  retentionSeconds = 48 * 3600,
  maxConversations = 10_000,
  maxErasedMarks = 100_000,
  maxChars = 16_000_000,
  now = () => Date.now(),
}: MemoryActivityLogOptions = {}): ActivityLog {
  const conversations = new BoundedMap<string, MemoryConversation>({
    name: 'memory Direct Line log',
    maxEntries: maxConversations,
    ttlMs: retentionSeconds * 1000,
    now,
    pinned: (conv) => conv.awaitingReply || conv.subscriptions.size > 0,
    // Erased, expired or evicted: its values leave the shared pool with it.
    onDrop: (conv) => conv.fields.forget(),
    maxChars,
    // Each keeps its latest entry, unless it is the one being written to: its new entry will be the latest, so
    // all may go, but only when that makes the room (else the append is refused and it keeps its latest).
    trim: (conv, chars, written) => {
      const cut = trimOldest(conv.entries, chars, written ? 0 : 1, written);
      conv.first += cut.lines;
      return cut.chars;
    },
  });
  // Erased conversations, by hash; each mark expires after its own `markSeconds`.
  const erased = new BoundedMap<string, true>({ name: 'memory erased-conversation marks', maxEntries: maxErasedMarks, now });
  const conversation = (id: string): MemoryConversation => {
    let found = conversations.get(id);
    if (!found) {
      found = { first: 1, entries: [], fields: new SharedFields(), fieldChars: 0, subscriptions: new Set(), awaitingReply: false, appended: new Map() };
      conversations.set(id, found);
    }
    return found;
  };

  const read = async (conversationId: string, afterWatermark?: string, limit = 100): Promise<ActivitySet> => {
    const conv = conversations.get(conversationId);
    const after = parseWatermark(afterWatermark);
    if (!conv) return { activities: [], watermark: afterWatermark ?? '' };
    const start = Math.max(after + 1, conv.first);
    const activities: Partial<Activity>[] = [];
    for (let pos = start; pos < conv.first + conv.entries.length && activities.length < limit; pos++) {
      // Stored as JSON so callers can never mutate what others will read.
      const activity = conv.fields.unpack(conv.entries[pos - conv.first]!) as Partial<Activity>;
      activities.push({ ...activity, id: activityIdFor(conversationId, String(pos)) });
    }
    const last = activities.length ? start + activities.length - 1 : undefined;
    return { activities, watermark: last === undefined ? (afterWatermark ?? '') : String(last) };
  };

  return {
    async createConversation(conversationId, meta) {
      const conv = conversation(conversationId);
      conv.meta ??= { ...meta };
    },
    async getConversation(conversationId) {
      const meta = conversations.get(conversationId)?.meta;
      return meta ? { ...meta } : undefined;
    },
    async append(conversationId, activity, { onlyIfStarted, once } = {}) {
      if (onlyIfStarted && !conversations.get(conversationId)?.meta) throw new ConversationNotFoundError(conversationId);
      const conv = conversation(conversationId);
      // Each append restarts the conversation's expiry, as EXPIRE does on Redis.
      conversations.set(conversationId, conv);
      const seen = once === undefined ? undefined : conv.appended.get(once);
      if (seen !== undefined) return String(seen);
      const mark = conv.fields.mark();
      const line = conv.fields.pack(activity);
      try {
        // Counted before it is added: past `maxChars` with no room to make, this throws and adds nothing.
        conversations.charge(conversationId, line.length + conv.fields.chars - conv.fieldChars);
      } catch (error) {
        conv.fields.rollback(mark);
        throw error;
      }
      conv.fieldChars = conv.fields.chars;
      conv.awaitingReply = activity.from?.role === 'user';
      conv.entries.push(line);
      const position = conv.first + conv.entries.length - 1;
      if (conv.entries.length > maxLength) {
        const drop = conv.entries.length - maxLength;
        conversations.charge(conversationId, -dropFirst(conv.entries, drop));
        conv.first += drop;
      }
      if (once !== undefined) {
        conv.appended.set(once, position);
        if (conv.appended.size > APPEND_KEYS_KEPT) conv.appended.delete(conv.appended.keys().next().value!);
      }
      for (const subscription of conv.subscriptions) subscription.poke();
      return String(position);
    },
    read,
    async subscribe(conversationId, listener, options = {}) {
      const conv = conversation(conversationId);
      const subscription = new LogSubscription({
        read: (after, limit) => read(conversationId, after, limit),
        listener,
        afterWatermark: options.afterWatermark,
      });
      conv.subscriptions.add(subscription);
      subscription.poke();
      return () => {
        subscription.close();
        conv.subscriptions.delete(subscription);
      };
    },
    async delete(conversationId, markSeconds = 86_400) {
      const conv = conversations.get(conversationId);
      for (const subscription of conv?.subscriptions ?? []) subscription.close();
      conversations.delete(conversationId);
      erased.set(erasedMarkOf(conversationId), true, Math.max(1, markSeconds) * 1000);
    },
    async wasErased(conversationId) {
      return erased.has(erasedMarkOf(conversationId));
    },
    async close() {
      for (const conv of conversations.values()) {
        for (const subscription of conv.subscriptions) subscription.close();
        conv.subscriptions.clear();
      }
    },
  };
}
