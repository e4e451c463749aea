/**
 * Who gets order updates: one record per customer (channel and conversation), with the conversation
 * reference that reaches them from any instance, their language and time zone, and the orders they
 * follow; and per order, the customers who follow it. A "stop" deletes the customer's record.
 *
 * Redis: `{prefix}ordercare:customer:{<channel>:<conversation>}` (JSON) and
 * `{prefix}ordercare:order:{<number>}` (a set of customer keys), both expiring `ttlSeconds` after the
 * last opt-in (default 180 days): an order nobody follows any more costs nothing.
 *
 * An order has at most `MAX_FOLLOWERS`: following takes only its number, so past the cap a new
 * customer is not added (the ones already following keep their place) and the order is left out of
 * their record too, so the two never disagree. Its owner still gets a place (`MAX_FOLLOWERS_WITH_OWNERS`):
 * strangers who follow a guessed number first cannot keep the buyer from their own updates.
 */
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';

/** The conversation reference kept to reach the customer: ids only, no display names. */
export interface SubscriberReference {
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly conversation: { readonly id: string; readonly isGroup?: boolean };
  readonly user?: { readonly id: string };
  readonly bot: { readonly id: string };
}

/** One customer's order updates. */
export interface OrderSubscription {
  /** `<channelId>:<conversationId>`. */
  readonly key: string;
  readonly reference: SubscriberReference;
  readonly locale: string;
  /** IANA zone the conversation reported (the widget's), if any; else the shop's is used. */
  readonly timeZone?: string;
  /** Followed orders, newest last, at most `MAX_ORDERS`; `owner`: the customer proved it theirs (amounts may be shown). */
  readonly orders: readonly { readonly number: string; readonly owner: boolean }[];
  readonly source: 'conversation' | 'checkout';
  readonly updatedAt: number;
}

/** Orders one customer may follow at once; the oldest is dropped past it. */
export const MAX_ORDERS = 20;
/** Customers one order may have following it; a household and its devices, not a crowd. */
export const MAX_FOLLOWERS = 20;
/**
 * The cap for an order's owner (opted in by the shop's signed checkout call):
 * strangers stop at `MAX_FOLLOWERS`, so they can never fill the places an owner needs.
 */
export const MAX_FOLLOWERS_WITH_OWNERS = 2 * MAX_FOLLOWERS;

const capFor = (order: { readonly owner: boolean }) => (order.owner ? MAX_FOLLOWERS_WITH_OWNERS : MAX_FOLLOWERS);

/** Adds ARGV[1] to the set KEYS[1] unless it has ARGV[2] members already; 1 when it is (now) a member. */
const FOLLOW = luaScript(`
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return 1
end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
`);

export interface SubscriptionStore {
  read(key: string): Promise<OrderSubscription | undefined>;
  /** Stores the record; orders already at their cap (without this customer) are left out of it. */
  write(subscription: OrderSubscription): Promise<void>;
  /** Deletes the customer's record and their place on every order they followed; true when there was one. */
  delete(key: string): Promise<boolean>;
  /** Keys of the customers following `orderNumber`. */
  followers(orderNumber: string): Promise<string[]>;
}

/** The subscription with `orderNumber` added (moved to the end if followed already), bounded. */
export function withOrder(subscription: OrderSubscription, orderNumber: string, owner: boolean): OrderSubscription['orders'] {
  const previous = subscription.orders.find((order) => order.number === orderNumber);
  const others = subscription.orders.filter((order) => order.number !== orderNumber);
  return [...others, { number: orderNumber, owner: owner || previous?.owner === true }].slice(-MAX_ORDERS);
}

export function createMemorySubscriptionStore(): SubscriptionStore {
  const customers = new Map<string, string>();
  const read = (key: string) => {
    const raw = customers.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as OrderSubscription);
  };
  const followers = (orderNumber: string) => [...customers.keys()].filter((key) => read(key)?.orders.some((order) => order.number === orderNumber));
  return {
    async read(key) {
      return read(key);
    },
    async write(subscription) {
      const full = (order: { number: string; owner: boolean }) =>
        !followers(order.number).includes(subscription.key) && followers(order.number).length >= capFor(order);
      const orders = subscription.orders.filter((order) => !full(order));
      customers.set(subscription.key, JSON.stringify({ ...subscription, orders }));
    },
    async delete(key) {
      return customers.delete(key);
    },
    async followers(orderNumber) {
      return followers(orderNumber);
    },
  };
}

export function createRedisSubscriptionStore({
  redis,
  keyPrefix = 'baton:',
  ttlSeconds = 180 * 86_400,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  ttlSeconds?: number;
}): SubscriptionStore {
  const customerKey = (key: string) => `${keyPrefix}ordercare:customer:{${key}}`;
  const orderKey = (number: string) => `${keyPrefix}ordercare:order:{${number}}`;
  const read = async (key: string) => {
    const raw = await redis.get(customerKey(key));
    return raw === null ? undefined : (JSON.parse(raw) as OrderSubscription);
  };
  return {
    read,
    async write(subscription) {
      const previous = await read(subscription.key);
      const orders: OrderSubscription['orders'][number][] = [];
      for (const order of subscription.orders) {
        if ((await FOLLOW.run(redis, 1, orderKey(order.number), subscription.key, capFor(order), ttlSeconds)) === 1) orders.push(order);
      }
      await redis.set(customerKey(subscription.key), JSON.stringify({ ...subscription, orders }), 'EX', ttlSeconds);
      const dropped = (previous?.orders ?? []).filter((order) => !orders.some((kept) => kept.number === order.number));
      for (const order of dropped) await redis.srem(orderKey(order.number), subscription.key);
    },
    async delete(key) {
      const previous = await read(key);
      if (!previous) return false;
      for (const order of previous.orders) await redis.srem(orderKey(order.number), key);
      return (await redis.del(customerKey(key))) > 0;
    },
    async followers(orderNumber) {
      return redis.smembers(orderKey(orderNumber));
    },
  };
}
