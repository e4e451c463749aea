/**
 * The bot's replies on their way to the Direct Line log. A reply is written after the earlier replies
 * of its conversation on this instance, in order; while the log is unreachable (Redis restarting, a
 * Sentinel failover, no replica confirming writes under REDIS_WAIT_REPLICAS) it is kept and tried
 * again with backoff until the log takes it, so a message acknowledged just before a failover is
 * answered once Redis is whole again, however long that takes, instead of being dropped.
 *
 * Every attempt at one reply carries the same append key (`AppendOptions.once`): an attempt whose
 * write reached Redis although its caller never heard so (a WAIT that timed out, an answer cut by a
 * reconnect, ioredis resending a command it had sent before) is found by the next attempt, which then
 * waits for the replicas again instead of appending the reply a second time.
 *
 * Bounded: while the log is failing, at most `maxPending` replies wait on this instance at once; past
 * that a reply fails at once, as every reply did before. While it takes writes the cap does not apply: the
 * replies then in flight are the turns in flight (a busy instance has thousands), none of them kept. Kept in this instance's memory only: an instance that dies, or is
 * stopped while Redis is still away (`close`), loses the replies it still held (the customer's own
 * message is in the log; asking again gets an answer).
 */
import { randomUUID } from 'node:crypto';
import type { Activity } from '../../dialogs/turn-kit.js';
import { isStoreUnavailable, StoreUnavailableError } from '../../infra/errors.js';
import type { AppendOptions } from './activity-log.js';

/** Options of `ReplyOutbox`. */
export interface ReplyOutboxOptions {
  /** The log's append (`ActivityLog.append`). */
  readonly append: (conversationId: string, activity: Partial<Activity>, options: AppendOptions) => Promise<string>;
  /** Most replies kept at once on this instance (default 1000). */
  readonly maxPending?: number;
  /** Longest pause between two attempts at one reply (default 2000 ms). */
  readonly maxBackoffMs?: number;
  /** Told once per reply, at its first failed attempt. */
  readonly onWaiting?: (conversationId: string, error: unknown) => void;
}

interface PendingReply {
  readonly activity: Partial<Activity>;
  readonly once: string;
  readonly resolve: (position: string) => void;
  readonly reject: (error: unknown) => void;
  /** Its sender gave up on it: no attempt after the one under way. */
  withdrawn: boolean;
  /** An attempt is under way: it may reach the log whatever happens next. */
  trying: boolean;
}

/** A reply handed to the outbox. */
export interface QueuedReply {
  /** Resolves with the reply's log position once written; see `ReplyOutbox.write`. */
  readonly written: Promise<string>;
  /**
   * Takes the reply back for a sender that will report the failure itself (an agent told to try
   * again): it is not tried again; `written` still resolves if the attempt under way gets it in.
   */
  withdraw(): void;
}

/** Replies in order per conversation, kept while the log is unreachable; see the file comment. */
export class ReplyOutbox {
  readonly #append: ReplyOutboxOptions['append'];
  readonly #maxPending: number;
  readonly #maxBackoffMs: number;
  readonly #onWaiting: ReplyOutboxOptions['onWaiting'];
  readonly #queues = new Map<string, PendingReply[]>();
  readonly #sleeping = new Set<() => void>();
  #pending = 0;
  /** Conversations whose latest attempt failed: while any is, the log is away and the cap applies. */
  #failing = 0;
  #closed = false;

  constructor(options: ReplyOutboxOptions) {
    this.#append = options.append;
    this.#maxPending = options.maxPending ?? 1000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 2000;
    this.#onWaiting = options.onWaiting;
  }

  /** Replies kept and not yet written. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Queues `activity` behind the conversation's earlier replies; `written` resolves with its log
   * position once written, however long the log is away, and rejects with StoreUnavailableError at once
   * when `maxPending` replies already wait or the outbox is closed, or with the log's own error when it
   * refused the reply (not an outage: it would refuse it again). `once`: the append key of every attempt
   * (default a fresh UUID); a caller whose reply may be written again later (an agent's retry) gives its
   * own, so the later write finds the first instead of appending twice.
   */
  write(conversationId: string, activity: Partial<Activity>, once: string = randomUUID()): QueuedReply {
    let reply: PendingReply | undefined;
    const written = new Promise<string>((resolve, reject) => {
      if (this.#closed) return reject(new StoreUnavailableError('directline: the reply outbox is closed (the instance is stopping)'));
      if (this.#failing > 0 && this.#pending >= this.#maxPending)
        return reject(new StoreUnavailableError(`directline: ${this.#pending} replies already wait for the activity log; this one is not kept`));
      reply = { activity, once, resolve, reject, withdrawn: false, trying: false };
      this.#pending++;
      const queue = this.#queues.get(conversationId);
      if (queue) return void queue.push(reply);
      const fresh = [reply];
      this.#queues.set(conversationId, fresh);
      void this.#run(conversationId, fresh);
    });
    return {
      written,
      withdraw: () => {
        if (!reply || reply.withdrawn) return;
        reply.withdrawn = true;
        const queue = this.#queues.get(conversationId);
        const at = queue?.indexOf(reply) ?? -1;
        // Between two attempts, or never tried: it is dropped now. An attempt under way finishes first.
        if (queue && at >= 0 && !reply.trying) {
          queue.splice(at, 1);
          this.#pending--;
          reply.reject(new StoreUnavailableError('directline: the activity log was unreachable; the reply was taken back'));
        }
      },
    };
  }

  /** Resolves once nothing is pending, or after `ms`; resolves how many replies are still pending. */
  async settle(ms: number): Promise<number> {
    const deadline = Date.now() + ms;
    while (this.#pending > 0 && Date.now() < deadline) await this.#sleep(Math.min(50, deadline - Date.now()));
    return this.#pending;
  }

  /** Stops trying: every reply still pending is rejected (StoreUnavailableError). Resolves how many were. */
  close(): number {
    this.#closed = true;
    const dropped = this.#pending;
    for (const wake of this.#sleeping) wake();
    return dropped;
  }

  /** Writes the conversation's replies one after the other until none is left. */
  async #run(conversationId: string, queue: PendingReply[]): Promise<void> {
    let failures = 0;
    const recovered = () => {
      if (failures > 0) this.#failing--;
      failures = 0;
    };
    while (queue.length > 0 && !this.#closed) {
      const reply = queue[0]!;
      try {
        reply.trying = true;
        const position = await this.#append(conversationId, reply.activity, { once: reply.once });
        reply.trying = false;
        this.#done(queue).resolve(position);
        recovered();
      } catch (error) {
        reply.trying = false;
        if (!isStoreUnavailable(error) || reply.withdrawn) {
          this.#done(queue).reject(error);
          recovered();
          continue;
        }
        if (failures++ === 0) {
          this.#failing++;
          this.#onWaiting?.(conversationId, error);
        }
        // 100 ms, 200 ms, 400 ms... up to maxBackoffMs: soon after a blip, without hammering a long outage.
        await this.#sleep(Math.min(100 * 2 ** Math.min(failures - 1, 10), this.#maxBackoffMs));
      }
    }
    recovered();
    while (queue.length > 0) this.#done(queue).reject(new StoreUnavailableError('directline: the instance stopped before the activity log took this reply'));
    this.#queues.delete(conversationId);
  }

  #done(queue: PendingReply[]): PendingReply {
    this.#pending--;
    return queue.shift()!;
  }

  /** An unref'd pause (a waiting reply does not keep the process alive) that `close` cuts short. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.#sleeping.add(wake);
    });
  }
}
