/**
 * Two instances deliver from one schedule on the real Redis. A lease covers one delivery: a notice
 * waiting behind slow deliveries on one instance must not be leased out already, or another instance
 * takes it when the lease runs out and the customer hears it twice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, type TestRedis } from '../../tests/support/redis.js';
import { createRateLimiter } from '../../infra/rate-limit.js';
import { createMemoryEventClaims } from './event-claims.js';
import { OrderCare, type OrderCareObserver, type PendingNotice } from './order-care.js';
import { createMemoryScheduleStore, createRedisScheduleStore } from './schedule-store.js';
import { parseOrderCareSettings } from './settings.js';
import { createMemorySubscriptionStore, createRedisSubscriptionStore } from './subscriptions.js';

const redis: TestRedis = connectTestRedis('order-care-lease');
afterAll(() => redis.cleanup());

const observer: OrderCareObserver = { noticeSent() {}, noticeFailed() {}, noticeDeferred() {}, optedIn() {}, optedOut() {} };

describe('order notices on two instances', () => {
  it('a notice is sent once even when the deliveries queued before it on one instance outlast the lease', async () => {
    const keyPrefix = `${redis.keyPrefix}${Math.random()}:`;
    const clock = { now: Date.parse('2026-12-07T12:00:00Z') };
    const sent: string[] = [];
    let other: OrderCare | undefined;
    const make = (slow: boolean) =>
      new OrderCare({
        subscriptions: createRedisSubscriptionStore({ redis: redis.redis, keyPrefix }),
        schedule: createRedisScheduleStore<PendingNotice>({ redis: redis.redis, keyPrefix, name: 'notices' }),
        events: createMemoryEventClaims(),
        settings: parseOrderCareSettings(JSON.stringify({ quietHours: null, followUp: false })),
        channel: () => async (reference, logic) => logic({ activity: { conversation: reference.conversation } } as never),
        send: async (context) => {
          sent.push(context.activity.conversation.id);
          // A slow platform behind the first instance: 40 s a delivery, each well within the 60 s lease,
          // but not three of them; during its second delivery the other instance runs.
          if (!slow) return;
          clock.now += 40_000;
          if (sent.length === 2) await other!.runDue();
        },
        limiter: createRateLimiter({ name: 'order-notices', points: 100, windowSeconds: 3600 }),
        inHandoff: async () => false,
        observer,
        now: () => clock.now,
      });
    const first = make(true);
    other = make(false);
    const subscriptions = createRedisSubscriptionStore({ redis: redis.redis, keyPrefix });
    for (const id of ['c1', 'c2', 'c3']) {
      await subscriptions.write({
        key: `telegram:${id}`,
        reference: { channelId: 'telegram', serviceUrl: '', conversation: { id }, bot: { id: 'b' } },
        locale: 'en',
        orders: [{ number: 'A1001', owner: false }],
        source: 'conversation',
        updatedAt: 0,
      });
    }
    await first.acceptEvent({ id: 'evt-lease', kind: 'shipped', orderNumber: 'A1001' });
    await first.stop();
    await first.runDue();
    await other.runDue();
    expect(sent.sort()).toEqual(['c1', 'c2', 'c3']);
  });
});

describe('an event id still being processed', () => {
  it('answers 409 in_progress without marking it a replay, then the stored answer once done', async () => {
    const events = createMemoryEventClaims();
    const care = new OrderCare({
      subscriptions: createMemorySubscriptionStore(),
      schedule: createMemoryScheduleStore<PendingNotice>(),
      events,
      settings: parseOrderCareSettings(JSON.stringify({ quietHours: null, followUp: false })),
      channel: () => undefined,
      send: async () => undefined,
      limiter: createRateLimiter({ name: 'order-notices', points: 100, windowSeconds: 3600 }),
      inHandoff: async () => false,
      observer,
    });
    expect(await events.claim('evt-busy')).toEqual({ kind: 'claimed' });
    const busy = await care.acceptEvent({ id: 'evt-busy', kind: 'shipped', orderNumber: 'A1001' });
    expect(busy).toMatchObject({ status: 409, replayed: false, body: { error: { code: 'in_progress' } } });
    await events.release('evt-busy');
    const first = await care.acceptEvent({ id: 'evt-busy', kind: 'shipped', orderNumber: 'A1001' });
    expect(first).toMatchObject({ status: 202, replayed: false });
    const again = await care.acceptEvent({ id: 'evt-busy', kind: 'shipped', orderNumber: 'A1001' });
    expect(again).toMatchObject({ status: 202, replayed: true, body: first.body });
    await care.stop();
  });
});
