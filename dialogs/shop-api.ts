/**
 * The boundary a shop replaces with its own systems: orders and the product catalogue.
 * The dialogs only talk to these interfaces; `bots/shop-assistant/demo-*.ts` are in-memory demos.
 * Every call is async and returns a discriminated union, so a dialog branches on `result.kind`
 * and never on an error message.
 */
import type { Intent } from './intents.js';
import type { Locale, LocalizedText } from './locale.js';
import type { VerifiedCustomer } from './turn-state.js';

/**
 * Who is asking the shop. A customer in a conversation, proven (`verified`) or not; or the shop's own
 * staff reading facts for a desk. The shop decides from it what to answer: only a customer verified as
 * the order's owner may change an order, and an unverified one reads nothing personal.
 */
export type OrderRequester =
  | {
      readonly kind: 'customer';
      /** The channel the conversation runs on, e.g. 'directline', 'telegram'. */
      readonly channel: string;
      readonly conversationId: string;
      /** Who the customer proved to be; absent until something proved it. */
      readonly verified?: VerifiedCustomer;
    }
  | { readonly kind: 'staff'; readonly purpose: 'desk_facts' };

/** Where an order is in its life. */
export type OrderStatus = 'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'cancelled';

/** A postal address as the customer typed it; shops may parse it further on their side. */
export interface ShippingAddress {
  readonly text: string;
}

/** What the bot may tell a customer about one order. */
export interface Order {
  /** Canonical order number, e.g. 'A1001'. */
  readonly number: string;
  readonly status: OrderStatus;
  readonly items: readonly { readonly name: LocalizedText; readonly quantity: number }[];
  readonly total: number;
  readonly currency: string;
  readonly address: ShippingAddress;
  readonly placedAt: Date;
  /** Present once the parcel left the warehouse. */
  readonly carrier?: string;
  readonly trackingNumber?: string;
  /** Expected delivery; absent when cancelled or delivered. */
  readonly eta?: Date;
  readonly deliveredAt?: Date;
  /**
   * The shop's id of the customer who placed the order: a shop token's user id or a passed contact check
   * must name it before the bot changes the order. Absent for guest orders (only the contact check works).
   */
  readonly customerId?: string;
}

/** The refund attached to an order, if any. */
export interface Refund {
  readonly orderNumber: string;
  readonly status: 'requested' | 'approved' | 'paid' | 'rejected';
  readonly amount: number;
  readonly currency: string;
  readonly reason: string;
  readonly requestedAt: Date;
  /** When the money is expected on the customer's account. */
  readonly expectedBy?: Date;
}

/** Outcome of `OrderService.find`. */
export type FindOrderResult = { readonly kind: 'found'; readonly order: Order } | { readonly kind: 'not_found' };

/**
 * The requester is not proven to own the order (no identity, another customer's, or a check that
 * expired): nothing was changed.
 */
export type NotVerified = { readonly kind: 'not_verified' };

/** Outcome of `OrderService.verifyContact`. */
export type VerifyContactResult =
  /** The contact is the order's; `customerId` is its owner (the order number for a guest order). */
  | { readonly kind: 'verified'; readonly customerId: string }
  | { readonly kind: 'mismatch' }
  /** The shop stopped checking this order for a while (too many wrong guesses, from any conversation). */
  | { readonly kind: 'too_many_attempts' }
  | { readonly kind: 'not_found' };

/** Outcome of `OrderService.cancel`: only a processing order can be cancelled. */
export type CancelOrderResult =
  | { readonly kind: 'ok'; readonly order: Order }
  | { readonly kind: 'not_found' }
  | NotVerified
  | { readonly kind: 'already_shipped'; readonly order: Order }
  | { readonly kind: 'already_cancelled'; readonly order: Order };

/** Outcome of `OrderService.changeAddress`: only before the order ships. */
export type ChangeAddressResult =
  | { readonly kind: 'ok'; readonly order: Order }
  | { readonly kind: 'not_found' }
  | NotVerified
  | { readonly kind: 'already_shipped'; readonly order: Order }
  | { readonly kind: 'already_cancelled'; readonly order: Order };

/** Outcome of `OrderService.requestRefund`. */
export type RequestRefundResult =
  | { readonly kind: 'ok'; readonly refund: Refund }
  | { readonly kind: 'not_found' }
  | NotVerified
  /** Refunds are for delivered or cancelled orders; the parcel is still on its way. */
  | { readonly kind: 'not_eligible'; readonly order: Order }
  | { readonly kind: 'already_requested'; readonly refund: Refund };

/** Outcome of `OrderService.refundStatus`. */
export type RefundStatusResult =
  | { readonly kind: 'found'; readonly refund: Refund }
  | { readonly kind: 'no_refund'; readonly order: Order }
  | { readonly kind: 'not_found' };

/**
 * The shop's order system. Order numbers arrive as the customer typed them; implementations normalize.
 * Every call says who asks (`OrderRequester`): the changes (cancel, address, refund) must answer
 * `not_verified` unless `requester.verified.userId` is the order's `customerId`, whatever the dialogs
 * checked before, so a bug in a flow cannot act on a stranger's order.
 */
export interface OrderService {
  /** Finds an order by number ("#A1001", "a1001" and "订单号A1001" all find A1001). */
  find(orderNumber: string, requester: OrderRequester): Promise<FindOrderResult>;
  /** Cancels an order that has not shipped yet. */
  cancel(orderNumber: string, requester: OrderRequester): Promise<CancelOrderResult>;
  /** Changes where an order goes; refused once it has shipped. */
  changeAddress(orderNumber: string, address: ShippingAddress, requester: OrderRequester): Promise<ChangeAddressResult>;
  /** Opens a refund request for a delivered or cancelled order. */
  requestRefund(orderNumber: string, reason: string, requester: OrderRequester): Promise<RequestRefundResult>;
  /** The refund of an order, if one was requested. */
  refundStatus(orderNumber: string, requester: OrderRequester): Promise<RefundStatusResult>;
  /**
   * Checks an e-mail address or phone number the customer typed against the order's contact, as the
   * shop normalises them (case, spaces, a country code), in constant time. The bot never sees the
   * order's contact; the shop should also cap wrong guesses per order across conversations.
   */
  verifyContact(orderNumber: string, contact: string, requester: OrderRequester): Promise<VerifyContactResult>;
}

/** One thing a product is good at, with the words that show a customer wants it. */
export interface ProductFeature {
  /** Lower-case keywords in every locale, e.g. ['noise', 'quiet', '降噪', '安静']. */
  readonly keywords: readonly string[];
  readonly text: LocalizedText;
}

/** One product of the catalogue. */
export interface Product {
  readonly sku: string;
  readonly name: LocalizedText;
  readonly category: string;
  readonly price: number;
  readonly currency: string;
  readonly features: readonly ProductFeature[];
  /** Units in stock; 0 means sold out and it is never recommended. */
  readonly stock: number;
}

/** What the customer told the SPIN questions; any answer may be missing (skipped). */
export interface ShoppingNeeds {
  readonly situation?: string;
  readonly problem?: string;
  readonly implication?: string;
  readonly need?: string;
  readonly locale: Locale;
}

/** A product picked for the customer and why. */
export interface Recommendation {
  readonly product: Product;
  /** Higher is better; only meaningful within one `recommend` answer. */
  readonly score: number;
  /** The features that matched what the customer said, best first; may be empty for a popular fallback. */
  readonly reasons: readonly LocalizedText[];
}

/** The shop's products. */
export interface Catalogue {
  list(): Promise<readonly Product[]>;
  get(sku: string): Promise<Product | undefined>;
  /** In-stock products ranked for the needs, best first, at most `limit` (default 3). */
  recommend(needs: ShoppingNeeds, limit?: number): Promise<readonly Recommendation[]>;
}

/**
 * The bot's canned answers: locale (a BCP 47 tag) → intent → text, with 'None' for "not understood".
 * Built from a bot's content by `faqAnswersOf` (dialogs/content/); lookups fall back tag → language →
 * the default locale ('en' unless the content says otherwise).
 */
export type FaqAnswers = Readonly<Record<string, Readonly<Record<Intent, string>>>>;
