import { TestAdapter, TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import type { FaqAnswers } from '../shop-api.js';
import { setLocale, setMarket } from '../turn-state.js';
import { faqAnswer, ownAnswer } from './faq.js';

function contextIn(locale: string, market?: string): TurnContext {
  const context = new TurnContext(new TestAdapter(async () => undefined), {
    type: 'message',
    text: 'hi',
    channelId: 'test',
    conversation: { id: 'c1' } as never,
  });
  setLocale(context, locale);
  if (market) setMarket(context, market);
  return context;
}

describe('FAQ answers fall back per intent: the tag, its language, then the default locale', () => {
  // 'zh-TW' has its own wording for one intent only; the others are in 'zh'.
  const answers: FaqAnswers = {
    en: { None: 'Sorry?', track_order: 'Send me your order number.', delivery_period: 'Three to five days.' },
    zh: { None: '抱歉？', track_order: '请告诉我订单号。', delivery_period: '三到五天。' },
    'zh-TW': { track_order: '請告訴我訂單編號。' },
  };

  it('an intent the market tag does not have is answered in its language, not in the default one', () => {
    const context = contextIn('zh', 'zh-TW');
    expect(ownAnswer(context, answers, 'track_order')).toBe('請告訴我訂單編號。');
    expect(ownAnswer(context, answers, 'delivery_period')).toBe('三到五天。');
    expect(faqAnswer(context, answers, 'delivery_period')).toBe('三到五天。');
  });

  it("'None' falls back the same way", () => {
    expect(faqAnswer(contextIn('zh', 'zh-TW'), answers, 'None')).toBe('抱歉？');
  });

  it('an unknown tag ends at the default locale', () => {
    expect(faqAnswer(contextIn('fr'), answers, 'delivery_period')).toBe('Three to five days.');
  });
});
