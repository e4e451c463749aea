/**
 * Proactive order care: order events from the shop become notices to the customers who opted in, on
 * the channel they used, in their language, outside their quiet hours, within a per-customer rate,
 * retried a bounded number of times. Notices wait in a durable schedule (schedule-store.ts), so a
 * restart loses none; `runDue` delivers what is due (a ticker calls it; tests call it with a moved clock).
 */
import { TurnContext, type ConversationReference } from '../../dialogs/turn-kit.js';
import type { OrderNotice, OrderUpdates } from '../../dialogs/order-care/ports.js';
import { toLocale } from '../../dialogs/locale.js';
import type { OrderNoticeOptions } from '../../dialogs/shop-bot.js';
import { reply } from '../../dialogs/templates/reply.js';
import { getLocale } from '../../dialogs/turn-state.js';
import type { Logger } from '../../infra/logger.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import type { EventAnswer, EventClaims } from './event-claims.js';
import { customerTimeZone, isTimeZone, notBeforeQuietEnd } from './quiet-hours.js';
import type { ScheduleStore } from './schedule-store.js';
import type { OrderCareSettings } from './settings.js';
import { withOrder, type OrderSubscription, type SubscriberReference, type SubscriptionStore } from './subscriptions.js';

/** A notice waiting in the schedule. */
export interface PendingNotice {
  readonly eventId: string;
  readonly customer: string;
  readonly notice: OrderNotice;
  readonly attempts: number;
}

/** What the order care counts (Prometheus and the dashboard). */
export interface OrderCareObserver {
  noticeSent(kind: string, channel: string): void;
  noticeFailed(kind: string, channel: string): void;
  noticeDeferred(why: 'quiet_hours' | 'rate_limit' | 'retry'): void;
  optedIn(source: 'conversation' | 'checkout'): void;
  optedOut(): void;
}

/** A channel's proactive turn (its adapter's `continueConversation`). */
export type ReachCustomer = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

export interface OrderCareOptions {
  readonly subscriptions: SubscriptionStore;
  readonly schedule: ScheduleStore<PendingNotice>;
  readonly events: EventClaims;
  readonly settings: OrderCareSettings;
  /** The proactive turn on the channel a reference names; undefined when that channel is not running. */
  readonly channel: (channelId: string) => ReachCustomer | undefined;
  readonly send: (context: TurnContext, notice: OrderNotice, options: OrderNoticeOptions) => Promise<void>;
  /** Per customer key, `perCustomerPerHour` notices an hour. */
  readonly limiter: RateLimiter;
  /** True while a person holds the conversation (no follow-up question then). */
  readonly inHandoff: (conversationId: string) => Promise<boolean>;
  /** True when the channel sent something else than the notice this turn (WhatsApp's template): no follow-up. */
  readonly heldBack?: (context: TurnContext) => boolean;
  readonly observer: OrderCareObserver;
  readonly now?: () => number;
  readonly logger?: Logger;
}

/** The fields of an accepted order event (validated by the router). */
export interface OrderEvent extends OrderNotice {
  readonly id: string;
}

/** A checkout opt-in: the customer's channel and address there (Telegram chat id, WhatsApp number). */
export interface CheckoutOptIn {
  readonly orderNumber: string;
  readonly channel: 'telegram' | 'whatsapp';
  readonly address: string;
  readonly locale: string;
  readonly timeZone?: string;
}

const LEASE_MS = 60_000;

export class OrderCare {
  readonly #o: OrderCareOptions;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;

  constructor(options: OrderCareOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => Date.now());
  }

  /** Schedules the event's notices once per event id; a repeat answers as the first did and schedules nothing. */
  async acceptEvent(event: OrderEvent): Promise<EventAnswer & { replayed: boolean }> {
    const claim = await this.#o.events.claim(event.id);
    if (claim.kind === 'done') return { ...claim.answer, replayed: true };
    if (claim.kind === 'pending') {
      return {
        status: 409,
        body: { error: { code: 'in_progress', message: 'This event id is being processed right now; retry in a minute.' } },
        // Not a replay: no answer is stored yet, so the shop must not take this as the event's outcome.
        replayed: false,
      };
    }
    let answer: EventAnswer;
    try {
      const { id, ...notice } = event;
      const followers = await this.#o.subscriptions.followers(event.orderNumber);
      for (const customer of followers) {
        await this.#o.schedule.put(`${id}|${customer}`, this.#now(), { eventId: id, customer, notice, attempts: 0 } satisfies PendingNotice);
      }
      answer = { status: 202, body: { eventId: id, accepted: true, notices: followers.length } };
      await this.#o.events.complete(id, answer);
    } catch (error) {
      // Nothing was promised: let the shop's retry do it all again.
      await this.#o.events.release(event.id).catch(() => undefined);
      throw error;
    }
    this.kick();
    return { ...answer, replayed: false };
  }

  /** The shop opts a customer in at checkout, with their address on a channel (their conversation id there). */
  async optInAtCheckout(request: CheckoutOptIn): Promise<void> {
    const key = `${request.channel}:${request.address}`;
    const reference: SubscriberReference = {
      channelId: request.channel,
      serviceUrl: '',
      conversation: { id: request.address, isGroup: false },
      user: { id: request.address },
      bot: { id: 'baton' },
    };
    const previous = await this.#o.subscriptions.read(key);
    await this.#o.subscriptions.write({
      key,
      reference: previous?.reference ?? reference,
      locale: request.locale,
      ...(request.timeZone && isTimeZone(request.timeZone) ? { timeZone: request.timeZone } : previous?.timeZone ? { timeZone: previous.timeZone } : {}),
      orders: withOrder(previous ?? emptySubscription(key, reference), request.orderNumber, true),
      source: previous?.source ?? 'checkout',
      updatedAt: this.#now(),
    });
    this.#o.observer.optedIn('checkout');
  }

  /** The bot's side: opt-in and "stop" from the conversation. */
  readonly updates: OrderUpdates = {
    isSubscribed: async (context, orderNumber) => {
      const subscription = await this.#o.subscriptions.read(keyOf(context));
      return subscription?.orders.some((order) => order.number === orderNumber) === true;
    },
    subscribe: async (context, orderNumber) => {
      const key = keyOf(context);
      const { activity } = context;
      const full = TurnContext.getConversationReference(activity);
      const reference: SubscriberReference = {
        channelId: full.channelId ?? activity.channelId,
        serviceUrl: full.serviceUrl ?? '',
        conversation: { id: activity.conversation.id, ...(activity.conversation.isGroup ? { isGroup: true } : {}) },
        ...(activity.from?.id ? { user: { id: activity.from.id } } : {}),
        bot: { id: activity.recipient?.id ?? 'baton' },
      };
      const previous = await this.#o.subscriptions.read(key);
      const timeZone = isTimeZone(activity.localTimezone) ? activity.localTimezone : previous?.timeZone;
      await this.#o.subscriptions.write({
        key,
        reference,
        locale: toLocale(getLocale(context)),
        ...(timeZone ? { timeZone } : {}),
        orders: withOrder(previous ?? emptySubscription(key, reference), orderNumber, false),
        source: previous?.source ?? 'conversation',
        updatedAt: this.#now(),
      });
      this.#o.observer.optedIn('conversation');
    },
    unsubscribe: async (context) => {
      const ended = await this.#o.subscriptions.delete(keyOf(context));
      if (ended) this.#o.observer.optedOut();
      return ended;
    },
  };

  /** Erase: the subscriptions of this conversation on any of `channelIds`; its scheduled notices then go nowhere. */
  async erase(channelIds: readonly string[], conversationId: string): Promise<boolean> {
    let erased = false;
    for (const channelId of channelIds) if (await this.#o.subscriptions.delete(`${channelId}:${conversationId}`)) erased = true;
    return erased;
  }

  /** Delivers every notice due now; resolves how many went out. One round at a time on this instance. */
  async runDue(): Promise<number> {
    while (this.#running) await this.#running;
    this.#running = this.#round().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Starts the ticker (every `everyMs`, default 5 s). */
  start(everyMs = 5000): void {
    this.#timer ??= setInterval(() => this.kick(), everyMs);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  /** A round now, in the background (errors are logged). */
  kick(): void {
    this.runDue().catch((error: unknown) => this.#o.logger?.warn({ err: error }, 'order care: delivery round failed'));
  }

  async #round(): Promise<number> {
    let sent = 0;
    const seen = new Set<string>();
    for (;;) {
      // One at a time: a lease covers one delivery. Leasing a batch would let the items waiting behind
      // slow deliveries run out of lease, and another instance would send them a second time.
      const [item] = await this.#o.schedule.claimDue(this.#now(), 1, LEASE_MS);
      // An item due again at once (put back for now) waits for the next round.
      if (!item || seen.has(item.id)) return sent;
      seen.add(item.id);
      if (await this.#deliver(item.id, item.payload)) sent++;
    }
  }

  async #deliver(id: string, pending: PendingNotice): Promise<boolean> {
    const { subscriptions, schedule, settings, observer, logger } = this.#o;
    const subscription = await subscriptions.read(pending.customer);
    const order = subscription?.orders.find((followed) => followed.number === pending.notice.orderNumber);
    if (!subscription || !order) {
      // Opted out (or the order was dropped) since the event came: nothing goes out.
      await schedule.delete(id);
      return false;
    }
    const now = this.#now();
    const allowedAt = notBeforeQuietEnd(now, customerTimeZone(subscription, settings.timeZone), settings.quietHours);
    if (allowedAt > now) {
      await schedule.put(id, allowedAt, pending);
      observer.noticeDeferred('quiet_hours');
      return false;
    }
    const rate = await this.#o.limiter.consume(pending.customer);
    if (!rate.allowed) {
      await schedule.put(id, now + rate.retryAfterSeconds * 1000, pending);
      observer.noticeDeferred('rate_limit');
      return false;
    }
    const channelId = subscription.reference.channelId;
    const reach = this.#o.channel(channelId);
    let delivered = false;
    try {
      if (!reach) throw new Error(`no running channel '${channelId}'`);
      const followUp = settings.followUp && !(await this.#o.inHandoff(subscription.reference.conversation.id));
      await reach(subscription.reference as Partial<ConversationReference>, async (context) => {
        await this.#o.send(context, pending.notice, {
          locale: subscription.locale,
          followUp,
          ...(this.#o.heldBack ? { heldBack: this.#o.heldBack } : {}),
          showAmount: order.owner,
          ...this.#template(subscription, pending.notice, order.owner),
        });
        delivered = true;
      });
    } catch (error) {
      logger?.warn({ err: error, channel: channelId, attempt: pending.attempts + 1 }, 'order care: notice not delivered');
    }
    if (delivered) {
      await schedule.delete(id);
      observer.noticeSent(pending.notice.kind, channelId);
      return true;
    }
    const attempts = pending.attempts + 1;
    if (attempts >= settings.maxAttempts) {
      await schedule.delete(id);
      observer.noticeFailed(pending.notice.kind, channelId);
      logger?.error({ channel: channelId, kind: pending.notice.kind, attempts }, 'order care: notice failed for good');
      return false;
    }
    await schedule.put(id, now + settings.retrySeconds * 1000 * 2 ** (attempts - 1), { ...pending, attempts });
    observer.noticeDeferred('retry');
    return false;
  }

  /** WhatsApp's template for this notice: {{1}} the order number, {{2}} the update in the customer's language. */
  #template(subscription: OrderSubscription, notice: OrderNotice, owner: boolean): Pick<OrderNoticeOptions, 'whatsappTemplate'> {
    const template = this.#o.settings.whatsappTemplate;
    if (!template || subscription.reference.channelId !== 'whatsapp') return {};
    const locale = toLocale(subscription.locale);
    const amount = owner && notice.amount !== undefined && notice.currency ? `${notice.currency} ${notice.amount.toFixed(2)}` : undefined;
    const update = reply(locale, 'orderNotice', {
      kind: notice.kind,
      number: notice.orderNumber,
      ...(notice.carrier ? { carrier: notice.carrier } : {}),
      ...(amount ? { amount } : {}),
    });
    return { whatsappTemplate: { name: template.name, language: template.languages[locale] ?? 'en_US', parameters: [notice.orderNumber, update] } };
  }
}

const keyOf = (context: TurnContext) => `${context.activity.channelId}:${context.activity.conversation.id}`;

const emptySubscription = (key: string, reference: SubscriberReference): OrderSubscription => ({
  key,
  reference,
  locale: 'en',
  orders: [],
  source: 'conversation',
  updatedAt: 0,
});
