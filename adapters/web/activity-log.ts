/**
 * The activity log contract: an append-only log per Direct Line conversation. The watermark is the
 * position of the last activity a client has seen, so a reconnecting client gets exactly what it missed,
 * and any instance can append while subscribers on every instance are told.
 */
import { createHash } from 'node:crypto';
import type { Activity } from '../../dialogs/turn-kit.js';
import type { ActivitySet } from './payload-types.js';

/** What is kept about a conversation besides its activities. */
export interface ConversationMeta {
  /** Milliseconds since epoch. */
  createdAt: number;
  userId?: string;
  locale?: string;
}

/** An append with `onlyIfStarted` to a conversation that was never started, has expired or was erased. */
export class ConversationNotFoundError extends Error {
  constructor(readonly conversationId: string) {
    super(`Conversation '${conversationId}' does not exist or has expired.`);
    this.name = 'ConversationNotFoundError';
  }
}

/** Receives every batch appended after the subscriber's position, in order, never twice. */
export type ActivityListener = (batch: ActivitySet) => void;

/** How many of a conversation's latest `AppendOptions.once` keys a log remembers. */
export const APPEND_KEYS_KEPT = 50;

/** Options of `ActivityLog.append`. */
export interface AppendOptions {
  /**
   * Refuse with `ConversationNotFoundError` instead of appending when the conversation has no meta
   * (never started, expired or erased). A customer's post checks this in the append itself, which
   * saves the separate existence read a post would otherwise cost.
   */
  readonly onlyIfStarted?: boolean;
  /**
   * Makes a retried append idempotent: when an append with the same `once` is among the conversation's
   * last `APPEND_KEYS_KEPT` appends that had one, its position is returned and nothing is appended again. For a retry
   * whose first attempt may have reached the store although the caller never heard so (a WAIT that
   * timed out, a connection cut before the answer). Unique per activity, e.g. a random UUID.
   */
  readonly once?: string;
}

/**
 * Concurrency rules: `append` is atomic and assigns a strictly increasing position per conversation;
 * a listener is called one batch at a time, in log order, starting after `afterWatermark`.
 */
export interface ActivityLog {
  /** Records a conversation; later calls for the same id keep the first meta. */
  createConversation(conversationId: string, meta: ConversationMeta): Promise<void>;
  /** The conversation's meta, or `undefined` when it never existed or has expired. */
  getConversation(conversationId: string): Promise<ConversationMeta | undefined>;
  /**
   * Appends one activity and returns its watermark. The log owns the activity id: it is
   * `activityIdFor(conversationId, watermark)` whatever `activity.id` held.
   * @throws ConversationNotFoundError with `onlyIfStarted`, when the conversation has no meta (nothing is appended).
   */
  append(conversationId: string, activity: Partial<Activity>, options?: AppendOptions): Promise<string>;
  /** Up to `limit` activities after `afterWatermark` ('' or undefined: from the start). */
  read(conversationId: string, afterWatermark?: string, limit?: number): Promise<ActivitySet>;
  /**
   * Calls `listener` with everything after `afterWatermark` (the backlog first, then live appends,
   * from any instance). Resolves once the subscription is live; call the result to stop.
   */
  subscribe(conversationId: string, listener: ActivityListener, options?: { afterWatermark?: string }): Promise<() => void>;
  /**
   * Erases a conversation: its activities and meta (a customer's erase request). For `markSeconds`
   * (at least the token lifetime; default a day) it remembers, under a hash of the id, that the
   * conversation was erased, so a token issued before cannot start it again (`wasErased`).
   */
  delete(conversationId: string, markSeconds?: number): Promise<void>;
  /** Whether `delete` erased this conversation within its `markSeconds`. */
  wasErased(conversationId: string): Promise<boolean>;
  /** Releases connections the log opened itself. */
  close(): Promise<void>;
}

/** How an erased conversation is remembered: a hash, so the mark does not keep the id itself. */
export function erasedMarkOf(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex').slice(0, 32);
}

/** The Direct Line activity id for a position: `conversationId|0000042`. */
export function activityIdFor(conversationId: string, watermark: string): string {
  return `${conversationId}|${watermark.padStart(7, '0')}`;
}

/** Parses a client watermark into a position; anything unparseable means "from the start". */
export function parseWatermark(watermark: string | undefined): number {
  if (!watermark) return 0;
  const n = Number.parseInt(watermark, 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
