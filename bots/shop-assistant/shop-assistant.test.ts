import { describe, expect, it } from 'vitest';
import { SUPPORT_INTENTS } from '../../dialogs/intents.js';
import { SHOP_ANSWERS } from './answers.js';
import { createDemoCatalogue, DEMO_PRODUCTS } from './demo-catalogue.js';
import type { OrderRequester } from '../../dialogs/shop-api.js';
import { createDemoOrders, DEMO_CUSTOMERS } from './demo-orders.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const stranger: OrderRequester = { kind: 'customer', channel: 'test', conversationId: 'c1' };
const as = (userId: string): OrderRequester => ({ ...stranger, verified: { userId, source: 'shop_token' } });
const ada = as(DEMO_CUSTOMERS.ada.customerId);
const li = as(DEMO_CUSTOMERS.li.customerId);

describe('demo orders', () => {
  it('normalizes order numbers and dates ETAs from the clock', async () => {
    const orders = createDemoOrders({ clock: () => NOW });
    const found = await orders.find('订单号#a1001', stranger);
    expect(found.kind === 'found' && found.order.eta?.toISOString()).toBe('2026-03-12T09:00:00.000Z');
    expect((await orders.find('Z0000', stranger)).kind).toBe('not_found');
  });

  it('cancels, refuses shipped and already cancelled orders', async () => {
    const orders = createDemoOrders({ clock: () => NOW });
    expect((await orders.cancel('A1002', ada)).kind).toBe('ok');
    expect((await orders.cancel('A1002', ada)).kind).toBe('already_cancelled');
    expect((await orders.cancel('A1001', ada)).kind).toBe('already_shipped');
    expect((await orders.cancel('A9999', ada)).kind).toBe('not_found');
    expect((await orders.changeAddress('A1003', { text: 'x' }, li)).kind).toBe('already_shipped');
    expect((await orders.changeAddress('A1006', { text: 'New 1' }, ada)).kind).toBe('ok');
  });

  it('changes an order only for its verified owner', async () => {
    const orders = createDemoOrders({ clock: () => NOW });
    expect((await orders.cancel('A1002', stranger)).kind).toBe('not_verified');
    expect((await orders.cancel('A1002', li)).kind).toBe('not_verified');
    expect((await orders.cancel('A1002', { kind: 'staff', purpose: 'desk_facts' })).kind).toBe('not_verified');
    expect((await orders.changeAddress('A1006', { text: 'Elsewhere 1' }, stranger)).kind).toBe('not_verified');
    expect((await orders.requestRefund('A1004', 'x', li)).kind).toBe('not_verified');
    const still = await orders.find('A1002', stranger);
    expect(still.kind === 'found' && still.order.status).toBe('processing');
  });

  it('checks an order contact (case, spaces and country code aside) and stops after 5 wrong guesses an hour', async () => {
    let now = NOW.getTime();
    const orders = createDemoOrders({ clock: () => new Date(now) });
    expect(await orders.verifyContact('A1002', ' ADA@example.com ', stranger)).toEqual({ kind: 'verified', customerId: 'cust-ada' });
    expect(await orders.verifyContact('A1002', '9123 4567', stranger)).toEqual({ kind: 'verified', customerId: 'cust-ada' });
    expect(await orders.verifyContact('A1002', '+65 9123-4567', stranger)).toEqual({ kind: 'verified', customerId: 'cust-ada' });
    expect((await orders.verifyContact('A1002', '+1 9123 4567', stranger)).kind).toBe('mismatch');
    expect((await orders.verifyContact('A1002', 'li.wei@example.cn', stranger)).kind).toBe('mismatch');
    expect((await orders.verifyContact('A1002', 'not an e-mail', stranger)).kind).toBe('mismatch');
    for (let i = 0; i < 2; i += 1) expect((await orders.verifyContact('A1002', `guess${i}@example.com`, stranger)).kind).toBe('mismatch');
    // Five wrong: even the right answer is not checked until the hour is over.
    expect((await orders.verifyContact('A1002', 'ada@example.com', stranger)).kind).toBe('too_many_attempts');
    expect((await orders.verifyContact('A1004', 'ada@example.com', stranger)).kind).toBe('verified');
    now += 3600 * 1000;
    expect((await orders.verifyContact('A1002', 'ada@example.com', stranger)).kind).toBe('verified');
  });

  it('opens refunds for delivered or cancelled orders only, once', async () => {
    const orders = createDemoOrders({ clock: () => NOW });
    expect((await orders.requestRefund('A1001', 'x', ada)).kind).toBe('not_eligible');
    expect((await orders.requestRefund('A1004', 'broken', ada)).kind).toBe('ok');
    expect((await orders.requestRefund('A1004', 'again', ada)).kind).toBe('already_requested');
    expect((await orders.refundStatus('A1004', stranger)).kind).toBe('found');
    expect((await orders.refundStatus('A1002', stranger)).kind).toBe('no_refund');
  });
});

describe('demo catalogue', () => {
  it('has twelve products in three categories, named in both languages', async () => {
    expect(DEMO_PRODUCTS).toHaveLength(12);
    expect(new Set(DEMO_PRODUCTS.map((p) => p.category))).toEqual(new Set(['headphones', 'phones', 'home']));
    expect(DEMO_PRODUCTS.every((p) => p.name.en && p.name.zh)).toBe(true);
  });

  it('ranks by what the customer said, within budget, never out of stock', async () => {
    const catalogue = createDemoCatalogue();
    const picks = await catalogue.recommend({ locale: 'en', situation: 'earbuds for the gym', need: 'cheap, under 40' });
    expect(picks.map((p) => p.product.sku)).toEqual([]);
    const sport = await catalogue.recommend({ locale: 'zh', situation: '耳机，跑步用', need: '便宜' });
    expect(sport[0]?.product.sku).toBe('HP-200');
    expect(sport[0]?.reasons.map((r) => r.zh)).toEqual(['防汗防水，跑步不掉', '性价比高']);
    const home = await catalogue.recommend({ locale: 'en', problem: 'pet hair everywhere in the house' }, 1);
    expect(home.map((p) => p.product.sku)).toEqual(['HM-400']);
  });
});

describe('answers', () => {
  it('answers all 27 intents and None in English and Chinese', () => {
    for (const locale of ['en', 'zh'] as const) {
      for (const intent of [...SUPPORT_INTENTS, 'None'] as const) {
        expect(SHOP_ANSWERS[locale][intent].length, `${locale}/${intent}`).toBeGreaterThan(10);
      }
    }
    expect(SUPPORT_INTENTS).toHaveLength(27);
  });
});
