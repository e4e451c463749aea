import { describe, expect, it } from 'vitest';
import { SUPPORT_INTENTS } from '../../dialogs/intents.js';
import { SHOP_ANSWERS } from './answers.js';
import { createDemoCatalogue, DEMO_PRODUCTS } from './demo-catalogue.js';
import { createDemoOrders } from './demo-orders.js';

const NOW = new Date('2026-03-10T09:00:00Z');

describe('demo orders', () => {
  it('normalizes order numbers and dates ETAs from the clock', async () => {
    const orders = createDemoOrders({ clock: () => NOW });
    const found = await orders.find('订单号#a1001');
    expect(found.kind === 'found' && found.order.eta?.toISOString()).toBe('2026-03-12T09:00:00.000Z');
    expect((await orders.find('Z0000')).kind).toBe('not_found');
  });

  it('cancels, refuses shipped and already cancelled orders', async () => {
    const orders = createDemoOrders({ clock: () => NOW });
    expect((await orders.cancel('A1002')).kind).toBe('ok');
    expect((await orders.cancel('A1002')).kind).toBe('already_cancelled');
    expect((await orders.cancel('A1001')).kind).toBe('already_shipped');
    expect((await orders.cancel('A9999')).kind).toBe('not_found');
    expect((await orders.changeAddress('A1003', { text: 'x' })).kind).toBe('already_shipped');
    expect((await orders.changeAddress('A1006', { text: 'New 1' })).kind).toBe('ok');
  });

  it('opens refunds for delivered or cancelled orders only, once', async () => {
    const orders = createDemoOrders({ clock: () => NOW });
    expect((await orders.requestRefund('A1001', 'x')).kind).toBe('not_eligible');
    expect((await orders.requestRefund('A1004', 'broken')).kind).toBe('ok');
    expect((await orders.requestRefund('A1004', 'again')).kind).toBe('already_requested');
    expect((await orders.refundStatus('A1004')).kind).toBe('found');
    expect((await orders.refundStatus('A1002')).kind).toBe('no_refund');
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
