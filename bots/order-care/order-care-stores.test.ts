/**
 * The order care's stores, one contract on memory and on the real Redis (schedule leases, subscriptions
 * per order, event claims), and its pure pieces: quiet hours across midnight in a time zone, the signature.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, type TestRedis } from '../../tests/support/redis.js';
import { createMemoryEventClaims, createRedisEventClaims, type EventClaims } from './event-claims.js';
import { customerTimeZone, notBeforeQuietEnd } from './quiet-hours.js';
import { createMemoryScheduleStore, createRedisScheduleStore, type ScheduleStore } from './schedule-store.js';
import { signOrderEvent, verifyOrderSignature } from './signature.js';
import { createMemorySubscriptionStore, createRedisSubscriptionStore, MAX_FOLLOWERS, type OrderSubscription, type SubscriptionStore } from './subscriptions.js';

const redis: TestRedis = connectTestRedis('order-care-stores');
afterAll(() => redis.cleanup());

const kinds = {
  memory: () => ({ schedule: createMemoryScheduleStore<{ n: number }>(), subscriptions: createMemorySubscriptionStore(), claims: createMemoryEventClaims() }),
  redis: () => ({
    schedule: createRedisScheduleStore<{ n: number }>({ redis: redis.redis, keyPrefix: redis.keyPrefix, name: `s${Math.random()}` }),
    subscriptions: createRedisSubscriptionStore({ redis: redis.redis, keyPrefix: `${redis.keyPrefix}${Math.random()}:` }),
    claims: createRedisEventClaims({ redis: redis.redis, keyPrefix: `${redis.keyPrefix}${Math.random()}:` }),
  }),
} satisfies Record<string, () => { schedule: ScheduleStore<{ n: number }>; subscriptions: SubscriptionStore; claims: EventClaims }>;

const subscription = (key: string, orders: string[]): OrderSubscription => ({
  key,
  reference: { channelId: 'telegram', serviceUrl: '', conversation: { id: key.split(':')[1]! }, bot: { id: 'b' } },
  locale: 'en',
  orders: orders.map((number) => ({ number, owner: false })),
  source: 'conversation',
  updatedAt: 1,
});

for (const [name, make] of Object.entries(kinds)) {
  describe(`order care stores (${name})`, () => {
    it('leases due items earliest first; a leased item comes back when its lease ends, not before', async () => {
      const { schedule } = make();
      await schedule.put('late', 2000, { n: 2 });
      await schedule.put('early', 1000, { n: 1 });
      await schedule.put('future', 9000, { n: 3 });
      expect((await schedule.claimDue(2500, 10, 60_000)).map((item) => item.id)).toEqual(['early', 'late']);
      expect(await schedule.claimDue(2500, 10, 60_000)).toEqual([]);
      expect((await schedule.claimDue(62_500, 10, 60_000)).map((item) => item.payload.n).sort()).toEqual([1, 2, 3]);
      await schedule.delete('early');
      expect(await schedule.read('early')).toBeUndefined();
      expect((await schedule.read('late'))?.payload).toEqual({ n: 2 });
    });

    it('finds followers per order and forgets a customer on delete', async () => {
      const { subscriptions } = make();
      await subscriptions.write(subscription('telegram:1', ['A1', 'A2']));
      await subscriptions.write(subscription('telegram:2', ['A2']));
      expect((await subscriptions.followers('A2')).sort()).toEqual(['telegram:1', 'telegram:2']);
      expect(await subscriptions.delete('telegram:1')).toBe(true);
      expect(await subscriptions.delete('telegram:1')).toBe(false);
      expect(await subscriptions.followers('A1')).toEqual([]);
      expect(await subscriptions.followers('A2')).toEqual(['telegram:2']);
    });

    it('caps the followers of one order: past the cap a newcomer is left out, on the order and in their record', async () => {
      const { subscriptions } = make();
      for (let n = 1; n <= MAX_FOLLOWERS; n++) await subscriptions.write(subscription(`telegram:${n}`, ['B7']));
      await subscriptions.write(subscription('telegram:late', ['B7', 'B8']));
      expect(await subscriptions.followers('B7')).toHaveLength(MAX_FOLLOWERS);
      expect(await subscriptions.followers('B7')).not.toContain('telegram:late');
      expect((await subscriptions.read('telegram:late'))?.orders.map((order) => order.number)).toEqual(['B8']);
      // One already following keeps its place when its record is written again; a freed place is taken.
      await subscriptions.write(subscription('telegram:1', ['B7', 'B9']));
      expect(await subscriptions.followers('B7')).toContain('telegram:1');
      await subscriptions.delete('telegram:2');
      await subscriptions.write(subscription('telegram:late', ['B8', 'B7']));
      expect(await subscriptions.followers('B7')).toContain('telegram:late');
      expect(await subscriptions.followers('B7')).toHaveLength(MAX_FOLLOWERS);
    });

    it("keeps a place for the order's owner when strangers have filled the cap", async () => {
      const { subscriptions } = make();
      for (let n = 1; n <= MAX_FOLLOWERS; n++) await subscriptions.write(subscription(`telegram:${n}`, ['C3']));
      const buyer = subscription('whatsapp:4915550001', []);
      await subscriptions.write({ ...buyer, orders: [{ number: 'C3', owner: true }] });
      expect(await subscriptions.followers('C3')).toContain('whatsapp:4915550001');
      expect((await subscriptions.read('whatsapp:4915550001'))?.orders).toEqual([{ number: 'C3', owner: true }]);
      // Strangers still stop at the cap.
      await subscriptions.write(subscription('telegram:late', ['C3']));
      expect(await subscriptions.followers('C3')).not.toContain('telegram:late');
    });

    it('claims an event id once; a repeat gets the stored answer; a released id is free again', async () => {
      const { claims } = make();
      expect(await claims.claim('e1')).toEqual({ kind: 'claimed' });
      expect(await claims.claim('e1')).toEqual({ kind: 'pending' });
      await claims.complete('e1', { status: 202, body: { notices: 1 } });
      expect(await claims.claim('e1')).toEqual({ kind: 'done', answer: { status: 202, body: { notices: 1 } } });
      expect(await claims.claim('e2')).toEqual({ kind: 'claimed' });
      await claims.release('e2');
      expect(await claims.claim('e2')).toEqual({ kind: 'claimed' });
    });
  });
}

describe('quiet hours and the signature', () => {
  it('defers a notice due at night in the customer zone to the end of quiet hours, across midnight', () => {
    const quiet = { start: '21:00', end: '08:00' };
    // 15:30 UTC is 23:30 in Shanghai: wait until 08:00 there, 00:00 UTC.
    expect(notBeforeQuietEnd(Date.parse('2026-12-07T15:30:00Z'), 'Asia/Shanghai', quiet)).toBe(Date.parse('2026-12-08T00:00:00Z'));
    expect(notBeforeQuietEnd(Date.parse('2026-12-07T15:30:00Z'), 'Europe/London', quiet)).toBe(Date.parse('2026-12-07T15:30:00Z'));
    expect(notBeforeQuietEnd(Date.parse('2026-12-07T23:00:00Z'), 'UTC', null)).toBe(Date.parse('2026-12-07T23:00:00Z'));
    expect(customerTimeZone({ timeZone: 'Not/AZone' }, 'UTC')).toBe('UTC');
    expect(customerTimeZone({ timeZone: 'Europe/Berlin' }, 'UTC')).toBe('Europe/Berlin');
    // No zone sent: a WhatsApp number's country tells it, as on the agent's card.
    const whatsapp = { channelId: 'whatsapp', conversation: { id: '4915112345678' } };
    expect(customerTimeZone({ reference: whatsapp }, 'UTC')).toBe('Europe/Berlin');
    expect(customerTimeZone({ reference: { channelId: 'directline', conversation: { id: 'abc' } } }, 'Asia/Shanghai')).toBe('Asia/Shanghai');
  });

  it('accepts its own signature within the window only', () => {
    const secret = 'shop-secret-0123456789abcdef0123456789';
    const body = Buffer.from('{"id":"e"}');
    const now = 1_796_000_000_000;
    const signature = signOrderEvent(secret, 1_796_000_000, body);
    expect(verifyOrderSignature({ secret, body, timestamp: '1796000000', signature, now })).toEqual({ ok: true });
    expect(verifyOrderSignature({ secret, body: Buffer.from('{"id":"f"}'), timestamp: '1796000000', signature, now })).toMatchObject({ code: 'bad_signature' });
    expect(verifyOrderSignature({ secret, body, timestamp: '1796000000', signature, now: now + 301_000 })).toMatchObject({ code: 'stale_timestamp' });
    expect(verifyOrderSignature({ secret, body, timestamp: '17960e5', signature, now })).toMatchObject({ code: 'bad_timestamp' });
  });
});

describe('event claims on Redis, interleaved', () => {
  it('a claim whose rival released between SET NX and GET is not taken as held: it claims for real', async () => {
    const keyPrefix = `${redis.keyPrefix}${Math.random()}:`;
    const rival = createRedisEventClaims({ redis: redis.redis, keyPrefix });
    expect(await rival.claim('e9')).toEqual({ kind: 'claimed' });
    // The rival's release lands right after this instance's SET NX failed, before its GET.
    let released = false;
    const interleaved = new Proxy(redis.redis, {
      get(target, property, receiver) {
        if (property === 'get' && !released) {
          return async (...args: [string]) => {
            released = true;
            await rival.release('e9');
            return target.get(...args);
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const claims = createRedisEventClaims({ redis: interleaved, keyPrefix });
    expect(await claims.claim('e9')).toEqual({ kind: 'claimed' });
    // Held for real: a third request sees it pending, not free.
    expect(await rival.claim('e9')).toEqual({ kind: 'pending' });
  });
});
