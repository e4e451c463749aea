import { describe, expect, it } from 'vitest';
import { EMPATHY_PHRASES } from '../../dialogs/empathy/phrases.js';
import { orderSentence, suggestedReply } from './suggested-reply.js';

const facts = { order: 'A1001', status: 'shipped', carrier: 'SF Express', tracking: 'SF123456', eta: '2026-12-09' };

describe('suggestedReply', () => {
  it('puts the order facts and the FAQ answer together in English, with empathy first for an upset customer', () => {
    const reply = suggestedReply({
      locale: 'en',
      answer: 'Standard delivery takes 5-8 business days.',
      orderFacts: facts,
      upset: true,
      scenario: 'late_delivery',
      seed: 't1',
    });
    const [opening] = EMPATHY_PHRASES.en.late_delivery.filter((phrase) => reply.text.startsWith(phrase));
    expect(opening).toBeDefined();
    expect(reply.text).toBe(
      `${opening} Your order A1001 is on its way (carrier: SF Express, tracking number: SF123456, expected: 2026-12-09). Standard delivery takes 5-8 business days.`,
    );
    expect(reply.from).toEqual({ empathy: true, faq: true, orderFacts: true });
  });

  it('writes Chinese for a Chinese customer, and no empathy when the customer is calm', () => {
    const reply = suggestedReply({ locale: 'zh-CN', answer: '标准配送需要5-8个工作日。', orderFacts: facts, upset: false, scenario: 'generic', seed: 't2' });
    expect(reply.text).toBe('您的订单 A1001 已发货，正在路上（承运商：SF Express，运单号：SF123456，预计送达：2026-12-09）。标准配送需要5-8个工作日。');
    expect(reply.from.empathy).toBe(false);
  });

  it('uses the market phrasings for Taiwan', () => {
    const reply = suggestedReply({ locale: 'zh-TW', market: 'zh-TW', upset: true, scenario: 'generic', seed: 't1' });
    expect(reply.text).toMatch(/[您我]/);
    expect(reply.from).toEqual({ empathy: true, faq: false, orderFacts: false });
  });

  it('is never empty: without an answer or facts it opens courteously for the agent to go on', () => {
    expect(suggestedReply({ locale: 'en', upset: false, scenario: 'generic', seed: 'x' }).text).toBe(
      "Thanks for your patience, I'm looking into this for you now.",
    );
    expect(suggestedReply({ locale: 'zh', orderFacts: {}, upset: false, scenario: 'generic', seed: 'x' }).text).toBe('感谢您的耐心等待，我这就帮您处理。');
  });

  it('says an unknown order or status plainly', () => {
    expect(orderSentence('en', { order: 'A9999', status: 'not found' })).toBe(
      'Your order A9999 could not be found under that number; could you check it for me?',
    );
    expect(orderSentence('en', { order: 'A1001', status: 'on_hold' })).toBe('Your order A1001 has the status "on_hold".');
    expect(orderSentence('zh', { status: 'shipped' })).toBeUndefined();
  });
});
