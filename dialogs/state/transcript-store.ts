/**
 * Every activity of a conversation, in order, in and out: botbuilder's `TranscriptLogger`, used by its
 * `TranscriptLoggerMiddleware`. Redis keeps one capped stream per conversation,
 * `{prefix}transcript:{<conversationId>}` (XADD MAXLEN ~ cap, EXPIRE retention); memory keeps arrays of JSON.
 */
import type { Activity, TranscriptLogger } from '../turn-kit.js';
import { BoundedMap } from '../../infra/bounded-map.js';
import { dropFirst, SharedFields, trimOldest } from '../../infra/shared-fields.js';
import type { RedisClient } from '../../infra/redis.js';

/** A transcript logger that can also read a conversation back, oldest first. */
export interface TranscriptStore extends TranscriptLogger {
  read(conversationId: string, limit?: number): Promise<Activity[]>;
  /** Erases a conversation's transcript. */
  delete(conversationId: string): Promise<void>;
}

export interface TranscriptLimits {
  /** Activities kept per conversation (approximate on Redis). Default 1000. */
  readonly maxLength?: number;
  /** Seconds a transcript is kept after its last activity; default 30 days. */
  readonly retentionSeconds?: number;
}

export interface MemoryTranscriptOptions extends TranscriptLimits {
  /** Conversations kept; beyond it the least recently written transcript goes. Default 10,000. */
  readonly maxConversations?: number;
  /**
   * Characters of activities kept in all transcripts together; past it the least recently written go, then
   * the one being written loses its oldest activities. Default 16 M (MEMORY_MAX_STORE_CHARS).
   */
  readonly maxChars?: number;
  readonly now?: () => number;
}

/**
 * Transcripts in process memory, capped per conversation and in conversations, each expiring
 * `retentionSeconds` after its last activity as the Redis stream does.
 */
export function createMemoryTranscriptStore({
  maxLength = 1000,
  retentionSeconds = 30 * 24 * 3600,
  maxConversations = 10_000,
  maxChars = 16_000_000,
  now,
}: MemoryTranscriptOptions = {}): TranscriptStore {
  // Kept as JSON, as the Redis stream keeps them: a bot reply as a string takes half the heap of its object
  // graph (682 against 1,434 bytes, measured), the bot keeps thousands, and every read hands out its own objects.
  // The envelope every activity of a conversation repeats is kept once (infra/shared-fields.ts).
  // `fieldChars`: the part of `fields.chars` already counted in the size budget.
  const conversations = new BoundedMap<string, { lines: string[]; fields: SharedFields; fieldChars: number }>({
    name: 'memory transcript store',
    maxEntries: maxConversations,
    ttlMs: retentionSeconds * 1000,
    now,
    // Erased, expired or evicted: its values leave the shared pool with it.
    onDrop: (transcript) => transcript.fields.forget(),
    maxChars,
    trim: (transcript, chars, written) => trimOldest(transcript.lines, chars, written ? 0 : 1, written).chars,
  });
  return {
    logActivity(activity) {
      const id = activity.conversation?.id ?? 'unknown';
      const transcript = conversations.get(id) ?? { lines: [], fields: new SharedFields(), fieldChars: 0 };
      conversations.set(id, transcript);
      const mark = transcript.fields.mark();
      const line = transcript.fields.pack(activity);
      try {
        // Counted before it is added: with no room to make (an activity beyond the budget), this throws and adds nothing.
        conversations.charge(id, line.length + transcript.fields.chars - transcript.fieldChars);
      } catch (error) {
        transcript.fields.rollback(mark);
        throw error;
      }
      transcript.fieldChars = transcript.fields.chars;
      transcript.lines.push(line);
      if (transcript.lines.length > maxLength) conversations.charge(id, -dropFirst(transcript.lines, transcript.lines.length - maxLength));
    },
    async read(conversationId, limit = maxLength) {
      const transcript = conversations.get(conversationId);
      return (transcript?.lines ?? []).slice(-limit).map((line) => transcript!.fields.unpack(line) as Activity);
    },
    async delete(conversationId) {
      conversations.delete(conversationId);
    },
  };
}

/** Transcripts on Redis Streams, shared by every instance. */
export function createRedisTranscriptStore({
  redis,
  keyPrefix = 'baton:',
  maxLength = 1000,
  retentionSeconds = 30 * 24 * 3600,
}: TranscriptLimits & { redis: RedisClient; keyPrefix?: string }): TranscriptStore {
  const key = (conversationId: string) => `${keyPrefix}transcript:{${conversationId}}`;
  return {
    async logActivity(activity) {
      const streamKey = key(activity.conversation?.id ?? 'unknown');
      await redis.multi().xadd(streamKey, 'MAXLEN', '~', maxLength, '*', 'a', JSON.stringify(activity)).expire(streamKey, retentionSeconds).exec();
    },
    async read(conversationId, limit = maxLength) {
      const entries = await redis.xrevrange(key(conversationId), '+', '-', 'COUNT', limit);
      return entries.reverse().map(([, fields]) => JSON.parse(fields[1]) as Activity);
    },
    async delete(conversationId) {
      await redis.del(key(conversationId));
    },
  };
}
