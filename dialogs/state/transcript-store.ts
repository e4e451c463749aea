/**
 * Every activity of a conversation, in order, in and out: botbuilder's `TranscriptLogger`, used by its
 * `TranscriptLoggerMiddleware`. Redis keeps one capped stream per conversation,
 * `{prefix}transcript:{<conversationId>}` (XADD MAXLEN ~ cap, EXPIRE retention); memory keeps arrays.
 */
import type { Activity, TranscriptLogger } from 'botbuilder-core';
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

/** Transcripts in process memory, capped per conversation. */
export function createMemoryTranscriptStore({ maxLength = 1000 }: TranscriptLimits = {}): TranscriptStore {
  const conversations = new Map<string, Activity[]>();
  return {
    logActivity(activity) {
      const id = activity.conversation?.id ?? 'unknown';
      const list = conversations.get(id) ?? [];
      list.push(structuredClone(activity));
      if (list.length > maxLength) list.splice(0, list.length - maxLength);
      conversations.set(id, list);
    },
    async read(conversationId, limit = maxLength) {
      return (conversations.get(conversationId) ?? []).slice(-limit);
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
