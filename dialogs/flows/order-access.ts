/**
 * Which orders the customer proved to own in this conversation, kept in the conversation state: the
 * order number, the owner's id and until when, never the e-mail or phone they typed. A grant is for
 * that one order and lapses (default 30 minutes), and wrong answers are counted per conversation, so
 * guessing stops after a few tries (default 3) whatever order is tried next.
 */
import type { StatePropertyAccessor, TurnContext } from '../turn-kit.js';
import type { Order, OrderRequester } from '../shop-api.js';
import { getVerifiedCustomer, type VerifiedCustomer } from '../turn-state.js';

/** One order the customer proved to own. */
export interface OrderGrant {
  readonly orderNumber: string;
  readonly userId: string;
  readonly source: 'order_contact' | 'one_time_code';
  /** Epoch ms after which the customer is asked again. */
  readonly until: number;
}

/** What the conversation state keeps. */
export interface OrderAccessState {
  readonly grants: readonly OrderGrant[];
  /** Wrong contact answers so far in this conversation. */
  readonly failures: number;
}

/** How verification behaves; defaults suit a shop. */
export interface OrderAccessSettings {
  /** Minutes a passed check lasts for its order. Default 30. */
  readonly grantMinutes: number;
  /** Wrong answers per conversation before the bot stops asking and offers a person. Default 3. */
  readonly maxFailures: number;
}

export const DEFAULT_ORDER_ACCESS: OrderAccessSettings = { grantMinutes: 30, maxFailures: 3 };

/** A conversation holds grants for a handful of orders at most; older ones drop off first. */
const MAX_GRANTS = 5;
const EMPTY: OrderAccessState = { grants: [], failures: 0 };

/** Reads and writes the verification state of the conversation. */
export class OrderAccess {
  readonly #state: StatePropertyAccessor<OrderAccessState>;
  readonly #clock: () => Date;
  readonly settings: OrderAccessSettings;

  constructor(state: StatePropertyAccessor<OrderAccessState>, clock: () => Date, settings: Partial<OrderAccessSettings> = {}) {
    this.#state = state;
    this.#clock = clock;
    this.settings = { ...DEFAULT_ORDER_ACCESS, ...settings };
  }

  async #read(context: TurnContext): Promise<OrderAccessState> {
    return (await this.#state.get(context, EMPTY)) ?? EMPTY;
  }

  /** The live grant for `orderNumber`, if the customer passed a check for it recently. */
  async grantFor(context: TurnContext, orderNumber: string): Promise<OrderGrant | undefined> {
    const now = this.#clock().getTime();
    return (await this.#read(context)).grants.find((g) => g.orderNumber === orderNumber && g.until > now);
  }

  /** Who is asking about `orderNumber`: the conversation, and the identity proven for it, if any. */
  async requesterFor(context: TurnContext, orderNumber?: string): Promise<OrderRequester & { kind: 'customer' }> {
    const grant = orderNumber ? await this.grantFor(context, orderNumber) : undefined;
    const verified: VerifiedCustomer | undefined = grant ? { userId: grant.userId, source: grant.source } : getVerifiedCustomer(context);
    return {
      kind: 'customer',
      channel: context.activity.channelId ?? 'unknown',
      conversationId: context.activity.conversation?.id ?? '',
      ...(verified ? { verified } : {}),
    };
  }

  /** True when this turn may act on `order`: a live grant, or the channel's shop identity owns it. */
  async mayAct(context: TurnContext, order: Order): Promise<boolean> {
    if (await this.grantFor(context, order.number)) return true;
    const signedIn = getVerifiedCustomer(context);
    return signedIn !== undefined && order.customerId !== undefined && signedIn.userId === order.customerId;
  }

  /** True once the conversation used up its wrong answers. */
  async locked(context: TurnContext): Promise<boolean> {
    return (await this.#read(context)).failures >= this.settings.maxFailures;
  }

  /** Records a passed check for `orderNumber`. */
  async grant(context: TurnContext, orderNumber: string, userId: string, source: OrderGrant['source']): Promise<void> {
    const state = await this.#read(context);
    const until = this.#clock().getTime() + this.settings.grantMinutes * 60_000;
    const grants = [...state.grants.filter((g) => g.orderNumber !== orderNumber), { orderNumber, userId, source, until }].slice(-MAX_GRANTS);
    await this.#state.set(context, { ...state, grants });
  }

  /** Counts a wrong answer; resolves with how many tries are left. */
  async fail(context: TurnContext): Promise<number> {
    const state = await this.#read(context);
    const failures = state.failures + 1;
    await this.#state.set(context, { ...state, failures });
    return Math.max(0, this.settings.maxFailures - failures);
  }
}
