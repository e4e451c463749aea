/**
 * Feedback beyond handoffs: the CSAT question for a sample of conversations the bot finished alone
 * (asked once the conversation has been idle a while, never twice, never while a person holds it or
 * after one did), its optional comment (bounded, masked, kept in a short capped list), and the "did
 * this help?" answers of FAQ replies. All of it reaches the dashboard per intent through the observer.
 *
 * Idle conversations wait in a durable schedule (a restart loses none); `runDue` asks the due ones.
 * Redis: `{prefix}feedback:asked:{<conversation>}` (30 days) marks a conversation asked or handed to a
 * person; `{prefix}feedback:comments` holds the latest 200 comments for 30 days, each with a digest of
 * its conversation's id, so an erase finds them without the list naming anyone (on WhatsApp the id is
 * the customer's phone number).
 */
import { createHash } from 'node:crypto';
import { idDigest } from '../infra/dedupe-store.js';
import { TurnContext, type ConversationReference } from '../dialogs/turn-kit.js';
import type { FeedbackEvent } from '../dialogs/order-care/ports.js';
import type { ShopBot } from '../dialogs/shop-bot.js';
import { getLocale } from '../dialogs/turn-state.js';
import { maskSensitive, maskText } from '../handoff/privacy/index.js';
import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import type { ReachCustomer } from './order-care/order-care.js';
import type { ScheduleStore } from './order-care/schedule-store.js';
import type { FeedbackSettings } from './order-care/settings.js';

/** A bot-only conversation waiting to go idle. */
export interface IdleConversation {
  readonly reference: Partial<ConversationReference>;
  readonly locale: string;
  readonly intent: string;
}

/** One stored comment. */
export interface FeedbackComment {
  readonly at: number;
  readonly intent: string;
  readonly source: string;
  /** Masked (cards, ids, phones, e-mails, addresses) and at most 500 characters. */
  readonly text: string;
  /** `idDigest` (infra/dedupe-store.ts) of the conversation the comment came from: what an erase looks for. */
  readonly conversation: string;
}

/** Marks per conversation and the capped comment list. */
export interface FeedbackStore {
  /** Marks the conversation; true when it was not marked before. */
  mark(conversationId: string): Promise<boolean>;
  isMarked(conversationId: string): Promise<boolean>;
  /** Removes the mark (erase). */
  unmark(conversationId: string): Promise<void>;
  addComment(comment: FeedbackComment): Promise<void>;
  comments(limit: number): Promise<FeedbackComment[]>;
  /** Removes the comments whose `conversation` is this digest (erase); resolves how many there were. */
  eraseComments(conversation: string): Promise<number>;
}

const COMMENTS_KEPT = 200;
const RETENTION_SECONDS = 30 * 86_400;

export function createMemoryFeedbackStore(): FeedbackStore {
  const marked = new Set<string>();
  const comments: FeedbackComment[] = [];
  return {
    async mark(id) {
      if (marked.has(id)) return false;
      marked.add(id);
      return true;
    },
    async isMarked(id) {
      return marked.has(id);
    },
    async unmark(id) {
      marked.delete(id);
    },
    async addComment(comment) {
      comments.unshift(comment);
      comments.length = Math.min(comments.length, COMMENTS_KEPT);
    },
    async comments(limit) {
      return comments.slice(0, limit);
    },
    async eraseComments(conversation) {
      const before = comments.length;
      for (let i = comments.length - 1; i >= 0; i--) if (comments[i]!.conversation === conversation) comments.splice(i, 1);
      return before - comments.length;
    },
  };
}

export function createRedisFeedbackStore({ redis, keyPrefix = 'baton:' }: { redis: RedisClient; keyPrefix?: string }): FeedbackStore {
  const markKey = (id: string) => `${keyPrefix}feedback:asked:{${id}}`;
  const list = `${keyPrefix}feedback:comments`;
  return {
    async mark(id) {
      return (await redis.set(markKey(id), '1', 'EX', RETENTION_SECONDS, 'NX')) === 'OK';
    },
    async isMarked(id) {
      return (await redis.exists(markKey(id))) === 1;
    },
    async unmark(id) {
      await redis.del(markKey(id));
    },
    async addComment(comment) {
      await redis
        .multi()
        .lpush(list, JSON.stringify(comment))
        .ltrim(list, 0, COMMENTS_KEPT - 1)
        .expire(list, RETENTION_SECONDS)
        .exec();
    },
    async comments(limit) {
      return (await redis.lrange(list, 0, limit - 1)).map((raw) => JSON.parse(raw) as FeedbackComment);
    },
    async eraseComments(conversation) {
      // The list is short (200); LREM by value removes an entry wherever pushes and trims moved it since,
      // and its reply counts only what was still there.
      const mine = new Set((await redis.lrange(list, 0, -1)).filter((raw) => (JSON.parse(raw) as Partial<FeedbackComment>).conversation === conversation));
      if (mine.size === 0) return 0;
      const pipeline = redis.pipeline();
      for (const raw of mine) pipeline.lrem(list, 0, raw);
      let removed = 0;
      for (const [error, count] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        removed += Number(count);
      }
      return removed;
    },
  };
}

/** What feedback counts (Prometheus and the dashboard). */
export interface FeedbackObserver {
  csat(score: number, intent: string, source: string): void;
  helpful(intent: string, helpful: boolean): void;
  comment(intent: string): void;
}

export interface FeedbackOptions {
  readonly settings: FeedbackSettings;
  readonly store: FeedbackStore;
  readonly schedule: ScheduleStore<IdleConversation>;
  readonly channel: (channelId: string) => ReachCustomer | undefined;
  /** The bot that asks the CSAT question. */
  readonly bot: () => Pick<ShopBot, 'beginCsat'>;
  readonly inHandoff: (conversationId: string) => Promise<boolean>;
  readonly observer: FeedbackObserver;
  readonly now?: () => number;
  readonly logger?: Logger;
}

/** Whether a conversation is in the CSAT sample: a stable hash of its id, so every instance agrees. */
export function inSample(conversationId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return createHash('sha256').update(conversationId).digest().readUInt32BE(0) / 0x1_0000_0000 < rate;
}

export class Feedback {
  readonly #o: FeedbackOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(options: FeedbackOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => Date.now());
  }

  /** A message the bot answered alone: (re)starts the conversation's idle wait when it is in the sample. */
  async botTurn(context: TurnContext, { intent }: { readonly intent: string }): Promise<void> {
    const id = context.activity.conversation?.id;
    if (!id || context.activity.conversation.isGroup || !inSample(id, this.#o.settings.csatSampleRate)) return;
    if (await this.#o.store.isMarked(id)) return;
    const reference = TurnContext.getConversationReference(context.activity);
    // Ids only: a display name is the client's to choose and not needed to reach them.
    const { user, conversation } = reference;
    const kept: Partial<ConversationReference> = {
      ...reference,
      ...(user ? { user: { id: user.id, name: '' } } : {}),
      conversation: { id, isGroup: false, conversationType: conversation?.conversationType ?? '', name: '' },
    };
    await this.#o.schedule.put(id, this.#now() + this.#o.settings.idleMinutes * 60_000, { reference: kept, locale: getLocale(context), intent });
  }

  /** A person took the conversation: it is not the bot's alone, so no bot CSAT, ever. */
  async escalated(conversationId: string): Promise<void> {
    await this.#o.store.mark(conversationId);
    await this.#o.schedule.delete(conversationId);
  }

  /**
   * Erase: the conversation's idle wait, its mark and its comments. `pendingCsat`: a question was
   * waiting; `comments`: how many comments were removed.
   */
  async erase(conversationId: string): Promise<{ readonly pendingCsat: boolean; readonly comments: number }> {
    const pendingCsat = (await this.#o.schedule.read(conversationId)) !== undefined;
    await this.#o.schedule.delete(conversationId);
    await this.#o.store.unmark(conversationId);
    const comments = await this.#o.store.eraseComments(idDigest(conversationId));
    return { pendingCsat, comments };
  }

  /** A CSAT score from outside a handoff. */
  csat(score: number, intent: string, source: string): void {
    this.#o.observer.csat(score, intent, source);
  }

  /** A "did this help?" answer or a comment, in the conversation `conversationId`. */
  async event(event: FeedbackEvent, { conversationId }: { readonly conversationId: string }): Promise<void> {
    if (event.kind === 'helpful') return this.#o.observer.helpful(event.intent, event.helpful);
    await this.#o.store.addComment({
      at: this.#now(),
      intent: event.intent,
      source: event.source,
      text: maskSensitive(maskText([...event.text].slice(0, 500).join(''))),
      conversation: idDigest(conversationId),
    });
    this.#o.observer.comment(event.intent);
  }

  /** The latest comments, newest first (masked). */
  comments(limit: number): Promise<FeedbackComment[]> {
    return this.#o.store.comments(limit);
  }

  /** Asks the CSAT question in every conversation idle long enough; resolves how many were asked. */
  async runDue(): Promise<number> {
    while (this.#running) await this.#running;
    this.#running = this.#round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  start(everyMs = 15_000): void {
    this.#timer ??= setInterval(() => {
      this.runDue().catch((error: unknown) => this.#o.logger?.warn({ err: error }, 'feedback: CSAT round failed'));
    }, everyMs);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  async #round(): Promise<number> {
    let asked = 0;
    const due = await this.#o.schedule.claimDue(this.#now(), 50, 60_000);
    for (const { id, payload } of due) {
      await this.#o.schedule.delete(id);
      if (await this.#o.inHandoff(id)) {
        await this.#o.store.mark(id);
        continue;
      }
      // Marked before asking: two instances, or a crash after the question, never ask twice.
      if (!(await this.#o.store.mark(id))) continue;
      const reach = this.#o.channel(payload.reference.channelId ?? '');
      if (!reach) continue;
      try {
        await reach(payload.reference, (context) => this.#o.bot().beginCsat(context, { locale: payload.locale, source: 'bot', intent: payload.intent }));
        asked++;
      } catch (error) {
        this.#o.logger?.warn({ err: error }, 'feedback: CSAT question not delivered');
      }
    }
    return asked;
  }
}
