/**
 * The Direct Line adapter: a posted activity is completed, appended to the shared log (Direct Line
 * echoes the user's own activity to the stream) and run through the middleware; the bot's replies
 * are appended to the same log, which the stream and polling read. Because it only appends to the
 * shared log, `continueConversation` works from any instance.
 */
import { APOLOGY, runWithApology } from '../kit/apology.js';
import { InFlight } from '../kit/in-flight.js';
import { ActivityEventNames, ActivityTypes, TurnContext, type Activity, type ResourceResponse } from '../../dialogs/turn-kit.js';
import type { Logger } from 'pino';
import { setClientAddress } from '../../dialogs/client-address.js';
import { setVerifiedCustomer, takeDeliveryKey } from '../../dialogs/turn-state.js';
import { BatonError } from '../../infra/errors.js';
import type { BotLogic } from '../channel.js';
import { activityIdFor, ConversationNotFoundError, type ActivityLog } from './activity-log.js';
import { conversationNotFound } from './request-guards.js';
import { ClientActivityClaims } from './client-activity-claims.js';
import { claimDelivery, type DedupeStore } from '../../infra/dedupe-store.js';
import { ProactiveBotAdapter } from '../proactive-adapter.js';
import { ReplyOutbox } from './reply-outbox.js';

/** Options of `DirectLineAdapter`. */
export interface DirectLineAdapterOptions {
  activityLog: ActivityLog;
  dedupe: DedupeStore;
  botId?: string;
  botName?: string;
  logger?: Logger;
  /** How long a POST waits for its turn before answering anyway; the turn goes on. */
  turnTimeoutMs?: number;
  /** How long a client activity id is remembered. */
  dedupeTtlSeconds?: number;
  /** How soon a re-post takes over an activity whose first POST's instance died (default 5 s). */
  dedupeLeaseSeconds?: number;
  /** Sent to the customer when a turn throws, instead of an HTTP 5xx. */
  apologyText?: string;
  /**
   * How long a turn waits for its reply to reach an unreachable activity log (Redis restarting, a
   * failover) before it goes on (default 10000 ms). The reply is not dropped then: it is kept, in order,
   * and written once the log is back (reply-outbox.ts), unless the conversation was erased meanwhile.
   */
  replyRetryMs?: number;
  /** Most bot replies kept on this instance while the log is unreachable (default 1000). */
  maxPendingReplies?: number;
}

/** Where a posted activity came from, as verified by the router. */
export interface IncomingContext {
  conversationId: string;
  serviceUrl: string;
  /** The user id fixed in the token, which overrides `from.id` so a client cannot pose as another. */
  userId?: string;
  /** The client's network address (`req.ip`), for the abuse limits counted per client. */
  clientAddress?: string;
  /** The display name bound with `userId` in the token; overrides `from.name`. */
  userName?: string;
  /**
   * True when the shop's backend bound `userId` with the Direct Line secret: each turn then carries
   * it as the verified customer (`getVerifiedCustomer`, source `shop_token`).
   */
  verified?: boolean;
}

/** A Direct Line `BotAdapter` on an `ActivityLog`. */
export class DirectLineAdapter extends ProactiveBotAdapter {
  readonly #log: ActivityLog;
  readonly #claims: ClientActivityClaims;
  readonly #dedupe: DedupeStore;
  readonly #bot: { id: string; name: string; role: string };
  readonly #logger: Logger | undefined;
  readonly #turnTimeoutMs: number;
  readonly #apologyText: string;
  readonly #replyRetryMs: number;
  readonly #inFlight = new InFlight();
  readonly #outbox: ReplyOutbox;
  /** Conversations with replies kept for an unreachable log: a later reply of theirs waits behind them, not again. */
  readonly #kept = new Map<string, number>();

  constructor(options: DirectLineAdapterOptions) {
    super();
    this.#log = options.activityLog;
    this.#dedupe = options.dedupe;
    this.#bot = { id: options.botId ?? 'baton-bot', name: options.botName ?? 'Baton', role: 'bot' };
    this.#logger = options.logger;
    this.#turnTimeoutMs = options.turnTimeoutMs ?? 15_000;
    this.#replyRetryMs = options.replyRetryMs ?? 10_000;
    this.#outbox = new ReplyOutbox({
      // Only into a conversation that still exists: a reply kept through an outage must not bring back one erased meanwhile.
      append: (conversationId, activity, appendOptions) => this.#log.append(conversationId, activity, { ...appendOptions, onlyIfStarted: true }),
      maxPending: options.maxPendingReplies,
      onWaiting: (conversationId, error) => this.#logger?.warn({ conversationId, err: error }, 'directline: activity log unreachable; the reply waits for it'),
    });
    this.#claims = new ClientActivityClaims({
      dedupe: options.dedupe,
      leaseSeconds: options.dedupeLeaseSeconds,
      ttlSeconds: options.dedupeTtlSeconds,
      waitMs: this.#turnTimeoutMs,
      onError: (error) => this.#logger?.warn({ err: error }, 'directline: could not record a client activity id'),
    });
    this.#apologyText = options.apologyText ?? APOLOGY.en;
  }

  /** The bot's identity on outgoing activities. */
  get bot(): { id: string; name: string } {
    return { id: this.#bot.id, name: this.#bot.name };
  }

  /**
   * Logs a posted activity and runs its turn. Resolves with the activity id once the turn is done or
   * `turnTimeoutMs` passed: the 200 means the activity is stored and its turn ran (or still runs). A
   * re-post with a known `channelData.clientActivityID` resolves with the first id and runs nothing,
   * unless the first POST's instance died before its turn ended: then the re-post runs it (see
   * client-activity-claims.ts). A failing turn is logged and answered with an apology activity.
   * @throws RequestError 404 when the conversation was never started, has expired or was erased; 503 when a
   * re-post's first POST stored nothing in time; the log's errors.
   */
  async processActivity(incoming: Partial<Activity>, from: IncomingContext, logic: BotLogic): Promise<{ id: string }> {
    const clientId = (incoming.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
    const dedupeKey = typeof clientId === 'string' && clientId ? `${from.conversationId}|${clientId}` : undefined;
    const taken = dedupeKey ? await this.#claims.take(dedupeKey) : undefined;
    if (taken?.kind === 'duplicate') return { id: taken.id };
    const claim = taken?.claim;
    const activity: Partial<Activity> = {
      ...incoming,
      channelId: 'directline',
      serviceUrl: from.serviceUrl,
      timestamp: new Date(),
      conversation: { id: from.conversationId } as Activity['conversation'],
      recipient: { ...this.#bot },
      from: { ...incoming.from, id: from.userId ?? incoming.from?.id ?? 'user', name: from.userName ?? incoming.from?.name ?? '', role: 'user' },
    };
    let id: string;
    try {
      // The existence check is the append's own (one round trip): a post to a conversation never started is refused.
      // A re-post after a 503 whose write had reached Redis (its WAIT timed out) finds that entry instead of adding another.
      const once = dedupeKey ? { once: `client|${clientId}` } : {};
      id = activityIdFor(from.conversationId, await this.#log.append(from.conversationId, activity, { onlyIfStarted: true, ...once }));
    } catch (error) {
      // Let the client's retry through instead of answering it with the id of an activity never logged.
      await claim?.failed();
      if (error instanceof ConversationNotFoundError) throw conversationNotFound(from.conversationId);
      throw error;
    }
    activity.id = id;
    await claim?.appended(id);

    // Resolved only when the turn is over, so a re-post after a crash mid-turn is run, not swallowed.
    const turn = this.#track(this.#turn(activity, logic, true, from).finally(() => claim?.done(id)));
    if ((await waitBounded(turn, this.#turnTimeoutMs)) === 'timeout')
      this.#logger?.warn({ conversationId: from.conversationId, id }, 'directline: turn still running after the POST timeout; answered anyway');
    return { id };
  }

  /**
   * Tells the bot a conversation started (a `conversationUpdate` with the bot and user added), as Azure
   * Direct Line does, so it can greet. Runs in the background; it is not shown on the stream.
   */
  announceConversation(from: IncomingContext & { userId: string }, logic: BotLogic): void {
    const user = { id: from.userId, name: from.userName ?? '', role: 'user' };
    const activity: Partial<Activity> = {
      type: ActivityTypes.ConversationUpdate,
      id: `${from.conversationId}|start`,
      channelId: 'directline',
      serviceUrl: from.serviceUrl,
      timestamp: new Date(),
      conversation: { id: from.conversationId } as Activity['conversation'],
      recipient: { ...this.#bot },
      from: user,
      membersAdded: [{ ...this.#bot }, user],
    };
    void this.#track(
      (async () => {
        // Claimed once, like every delivery: two starts of one conversation at once (a retried POST) greet once.
        // Apart from the clientActivityID keys (`<conversation>|<id>`), which a client chooses.
        const first = await claimDelivery(this.#dedupe, 'directline-start', from.conversationId).catch((error: unknown) => {
          this.#logger?.warn({ err: error, conversationId: from.conversationId }, 'directline: could not record the start; greeting anyway');
          return true;
        });
        if (first) await this.#turn(activity, logic, false, from);
      })(),
    );
  }

  /** Tells the customer something outside a turn (an upload refused at the edge): a bot message in the log. */
  async tellCustomer(from: Pick<IncomingContext, 'conversationId'>, text: string): Promise<string> {
    return this.#appendBotActivity(from.conversationId, { type: ActivityTypes.Message, text }, false);
  }

  /** Appends bot activities to the log; `delay` waits, `trace` is not shown to customers. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return this.sendEach(activities, async (activity) => {
      if (activity.type === ActivityTypes.Trace) return '';
      const conversationId = activity.conversation?.id ?? context.activity.conversation?.id;
      if (!conversationId)
        throw new BatonError(
          'directline_no_conversation',
          'Direct Line: an outgoing activity has no conversation.id; send it from a turn or continueConversation.',
        );
      // A customer's turn was acknowledged and has no one to report a failure to; whoever started a proactive
      // turn (an agent's reply) can be told to try again.
      const proactive = context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation;
      // A keyed proactive turn (an agent's reply sent again) writes under its key: a retry finds the first write.
      const key = proactive ? takeDeliveryKey(context) : undefined;
      return this.#appendBotActivity(conversationId, activity, !proactive, key === undefined ? undefined : `agent|${key}`);
    });
  }

  /** Direct Line 3.0 has no edit or delete from the bot side. */
  protected override refuseChange(change: 'edit' | 'delete'): BatonError {
    return new BatonError(
      'directline_unsupported',
      change === 'edit' ? 'Direct Line cannot update a sent activity; send a new one instead.' : 'Direct Line cannot delete a sent activity.',
    );
  }

  /** Resolves when every turn in flight has finished. */
  async drain(): Promise<void> {
    await this.#inFlight.drain();
  }

  /**
   * For a stop, after `drain`: gives the replies still kept for an unreachable log `replyRetryMs` more
   * to be written, then stops trying; resolves how many were lost (also logged).
   */
  async close(): Promise<number> {
    await this.#outbox.settle(this.#replyRetryMs);
    const lost = this.#outbox.close();
    if (lost > 0) this.#logger?.error({ lost }, 'directline: stopping with bot replies the activity log never took; they are lost');
    return lost;
  }

  async #turn(activity: Partial<Activity>, logic: BotLogic, apologise: boolean, from: IncomingContext): Promise<void> {
    const context = new TurnContext(this, activity);
    if (from.verified && from.userId)
      setVerifiedCustomer(context, { userId: from.userId, source: 'shop_token', ...(from.userName ? { name: from.userName } : {}) });
    if (from.clientAddress) setClientAddress(context, from.clientAddress);
    await runWithApology({
      channel: 'directline',
      turn: () => this.runMiddleware(context, logic),
      apologise: async () => {
        if (apologise)
          await this.#appendBotActivity(activity.conversation!.id, { type: ActivityTypes.Message, text: this.#apologyText, replyToId: activity.id }, true);
      },
      fields: { conversationId: activity.conversation?.id },
      logger: this.#logger,
    });
  }

  /**
   * Appends a bot activity through the outbox, waiting at most `replyRetryMs` for it. Past that, a
   * reply to `keep` stays in the outbox and is written once the log is back (resolves '': no id yet);
   * any other is taken back and fails, as its sender can say so. `once`: the append key (default a fresh one).
   */
  async #appendBotActivity(conversationId: string, activity: Partial<Activity>, keep: boolean, once?: string): Promise<string> {
    const full: Partial<Activity> = {
      ...activity,
      channelId: 'directline',
      conversation: { ...activity.conversation, id: conversationId } as Activity['conversation'],
      from: activity.from?.id ? activity.from : { ...this.#bot },
      timestamp: new Date(),
    };
    const reply = this.#outbox.write(conversationId, full, once);
    // Behind a reply already kept, this one cannot go out sooner: a turn of several sends waits once, not once each.
    const waitMs = keep && this.#kept.has(conversationId) ? 0 : this.#replyRetryMs;
    if ((await waitBounded(reply.written, waitMs)) === 'timeout') {
      if (!keep) reply.withdraw();
      else {
        // The turn goes on (no apology: the reply is not lost); the outbox writes it once the log is back.
        this.#kept.set(conversationId, (this.#kept.get(conversationId) ?? 0) + 1);
        void reply.written
          .catch((error: unknown) => this.#logger?.error({ err: error, conversationId }, 'directline: a kept reply was never written'))
          .finally(() => {
            const left = (this.#kept.get(conversationId) ?? 1) - 1;
            if (left > 0) this.#kept.set(conversationId, left);
            else this.#kept.delete(conversationId);
          });
        this.#logger?.warn({ conversationId }, 'directline: reply kept until the activity log is back; the turn goes on');
        return '';
      }
    }
    return activityIdFor(conversationId, await reply.written);
  }

  #track(turn: Promise<void>): Promise<void> {
    return this.#inFlight.track(turn);
  }
}

/**
 * Acknowledge, then work: waits for `work` at most `timeoutMs`. Never rejects: a rejection is 'done',
 * and the caller reads it from `work` (turns handle their errors; a reply's failure is its caller's).
 */
async function waitBounded(work: Promise<unknown>, timeoutMs: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([
      work.then(
        (): 'done' => 'done',
        (): 'done' => 'done',
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
