/**
 * The demo shop's orders, in memory. A real shop replaces this file with a class that implements
 * `OrderService` on top of its own order API (Shopify, WooCommerce, an ERP); the dialogs do not change.
 * Dates are computed from the injected clock so "arrives in 2 days" stays true whenever the demo runs,
 * and tests can pin the clock.
 */
import { contactMatches } from '../../dialogs/contact.js';
import type { LocalizedText } from '../../dialogs/locale.js';
import { normalizeOrderNumber } from '../../dialogs/order-number.js';
import type {
  CancelOrderResult,
  ChangeAddressResult,
  FindOrderResult,
  Order,
  OrderRequester,
  OrderService,
  Refund,
  RefundStatusResult,
  RequestRefundResult,
  ShippingAddress,
  VerifyContactResult,
} from '../../dialogs/shop-api.js';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/** Options of `createDemoOrders`. */
export interface DemoOrdersOptions {
  /** Now; injected so ETAs are stable in tests. */
  readonly clock?: () => Date;
  /** Wrong contact guesses per order, from any conversation, before it is not checked for an hour. Default 5. */
  readonly maxWrongContactsPerHour?: number;
}

/**
 * The demo's two customers, so the contact check and a shop token can be tried: Ada owns A1001, A1002,
 * A1004 and A1006; Li Wei the others. A real shop keeps this in its customer system.
 */
export const DEMO_CUSTOMERS = {
  ada: { customerId: 'cust-ada', email: 'ada@example.com', phone: '+65 9123 4567' },
  li: { customerId: 'cust-li', email: 'li.wei@example.cn', phone: '+86 138 0013 8000' },
} as const;

const OWNERS: Readonly<Record<string, keyof typeof DEMO_CUSTOMERS>> = {
  A1001: 'ada',
  A1002: 'ada',
  A1004: 'ada',
  A1006: 'ada',
  A1003: 'li',
  A1005: 'li',
  A1007: 'li',
  A1008: 'li',
};

const headphones: LocalizedText = { en: 'QuietWave ANC headphones', zh: 'QuietWave 降噪耳机' };
const phoneCase: LocalizedText = { en: 'ArmorLite phone case', zh: 'ArmorLite 手机壳' };
const kettle: LocalizedText = { en: 'BrewSmart electric kettle', zh: 'BrewSmart 电热水壶' };
const lamp: LocalizedText = { en: 'Lumi desk lamp', zh: 'Lumi 台灯' };

/** The eight demo orders, one per interesting status, dated relative to `now`. */
function seedOrders(now: number): Order[] {
  const at = (days: number) => new Date(now + days * DAY);
  const home: ShippingAddress = { text: '12 Harbour Road, Singapore 018989' };
  const orders: Omit<Order, 'customerId'>[] = [
    {
      number: 'A1001',
      status: 'shipped',
      items: [{ name: headphones, quantity: 1 }],
      total: 129,
      currency: 'USD',
      address: home,
      placedAt: at(-3),
      carrier: 'DHL Express',
      trackingNumber: 'DHL7788001',
      eta: at(2),
    },
    {
      number: 'A1002',
      status: 'processing',
      items: [{ name: phoneCase, quantity: 2 }],
      total: 38,
      currency: 'USD',
      address: home,
      placedAt: at(-1),
      eta: at(5),
    },
    {
      number: 'A1003',
      status: 'out_for_delivery',
      items: [{ name: kettle, quantity: 1 }],
      total: 59,
      currency: 'USD',
      address: home,
      placedAt: at(-5),
      carrier: 'SF Express',
      trackingNumber: 'SF1400223',
      eta: at(0),
    },
    {
      number: 'A1004',
      status: 'delivered',
      items: [{ name: lamp, quantity: 1 }],
      total: 45,
      currency: 'USD',
      address: home,
      placedAt: at(-10),
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123',
      deliveredAt: at(-4),
    },
    { number: 'A1005', status: 'cancelled', items: [{ name: headphones, quantity: 1 }], total: 129, currency: 'USD', address: home, placedAt: at(-6) },
    {
      number: 'A1006',
      status: 'processing',
      items: [
        { name: kettle, quantity: 1 },
        { name: lamp, quantity: 1 },
      ],
      total: 104,
      currency: 'USD',
      address: home,
      placedAt: at(0),
      eta: at(6),
    },
    {
      number: 'A1007',
      status: 'shipped',
      items: [{ name: phoneCase, quantity: 1 }],
      total: 19,
      currency: 'USD',
      address: home,
      placedAt: at(-8),
      carrier: 'China Post',
      trackingNumber: 'LX123456789CN',
      eta: at(-1),
    },
    {
      number: 'A1008',
      status: 'delivered',
      items: [{ name: headphones, quantity: 1 }],
      total: 129,
      currency: 'USD',
      address: home,
      placedAt: at(-20),
      carrier: 'FedEx',
      trackingNumber: 'FX5566778899',
      deliveredAt: at(-12),
    },
  ];
  return orders.map((order) => ({ ...order, customerId: DEMO_CUSTOMERS[OWNERS[order.number]!].customerId }));
}

/** True when the requester proved to be the order's owner: the only one the demo lets change it. */
function ownerAsks(order: Order, requester: OrderRequester): boolean {
  return requester.kind === 'customer' && requester.verified !== undefined && requester.verified.userId === order.customerId;
}

/**
 * Creates the demo order service. State lives in this instance only: with several bot instances each has its
 * own copy, which is fine for a demo and is exactly what a real shop API replaces.
 */
export function createDemoOrders({ clock = () => new Date(), maxWrongContactsPerHour = 5 }: DemoOrdersOptions = {}): OrderService {
  const orders = new Map(seedOrders(clock().getTime()).map((o) => [o.number, o]));
  const refunds = new Map<string, Refund>([
    [
      'A1008',
      {
        orderNumber: 'A1008',
        status: 'approved',
        amount: 129,
        currency: 'USD',
        reason: 'damaged item',
        requestedAt: new Date(clock().getTime() - 5 * DAY),
        expectedBy: new Date(clock().getTime() + 3 * DAY),
      },
    ],
  ]);

  const lookup = (input: string): Order | undefined => {
    const number = normalizeOrderNumber(input);
    return number ? orders.get(number) : undefined;
  };
  /** Wrong guesses per order in the current hour; a shop keeps this in its own store, shared by instances. */
  const wrongGuesses = new Map<string, { count: number; since: number }>();
  const shipped = (o: Order) => o.status === 'shipped' || o.status === 'out_for_delivery' || o.status === 'delivered';

  return {
    async find(input): Promise<FindOrderResult> {
      const order = lookup(input);
      return order ? { kind: 'found', order } : { kind: 'not_found' };
    },
    async cancel(input, requester): Promise<CancelOrderResult> {
      const order = lookup(input);
      if (!order) return { kind: 'not_found' };
      if (!ownerAsks(order, requester)) return { kind: 'not_verified' };
      if (order.status === 'cancelled') return { kind: 'already_cancelled', order };
      if (shipped(order)) return { kind: 'already_shipped', order };
      const cancelled: Order = { ...order, status: 'cancelled', eta: undefined };
      orders.set(order.number, cancelled);
      return { kind: 'ok', order: cancelled };
    },
    async changeAddress(input, address, requester): Promise<ChangeAddressResult> {
      const order = lookup(input);
      if (!order) return { kind: 'not_found' };
      if (!ownerAsks(order, requester)) return { kind: 'not_verified' };
      if (order.status === 'cancelled') return { kind: 'already_cancelled', order };
      if (shipped(order)) return { kind: 'already_shipped', order };
      const changed: Order = { ...order, address };
      orders.set(order.number, changed);
      return { kind: 'ok', order: changed };
    },
    async requestRefund(input, reason, requester): Promise<RequestRefundResult> {
      const order = lookup(input);
      if (!order) return { kind: 'not_found' };
      if (!ownerAsks(order, requester)) return { kind: 'not_verified' };
      const existing = refunds.get(order.number);
      if (existing) return { kind: 'already_requested', refund: existing };
      if (order.status !== 'delivered' && order.status !== 'cancelled') return { kind: 'not_eligible', order };
      const now = clock().getTime();
      const refund: Refund = {
        orderNumber: order.number,
        status: 'requested',
        amount: order.total,
        currency: order.currency,
        reason,
        requestedAt: new Date(now),
        expectedBy: new Date(now + 7 * DAY),
      };
      refunds.set(order.number, refund);
      return { kind: 'ok', refund };
    },
    async refundStatus(input): Promise<RefundStatusResult> {
      const order = lookup(input);
      if (!order) return { kind: 'not_found' };
      const refund = refunds.get(order.number);
      return refund ? { kind: 'found', refund } : { kind: 'no_refund', order };
    },
    async verifyContact(input, contact): Promise<VerifyContactResult> {
      const order = lookup(input);
      if (!order) return { kind: 'not_found' };
      const now = clock().getTime();
      const wrong = wrongGuesses.get(order.number);
      const current = wrong && now - wrong.since < HOUR ? wrong : { count: 0, since: now };
      if (current.count >= maxWrongContactsPerHour) return { kind: 'too_many_attempts' };
      const owner = DEMO_CUSTOMERS[OWNERS[order.number]!];
      if (contactMatches(contact, owner)) return { kind: 'verified', customerId: owner.customerId };
      wrongGuesses.set(order.number, { count: current.count + 1, since: current.since });
      return { kind: 'mismatch' };
    },
  };
}
