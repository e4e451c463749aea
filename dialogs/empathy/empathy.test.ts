import { describe, expect, it } from 'vitest';
import { LOCALES } from '../locale.js';
import { pickPhrase, withAcknowledgement } from './acknowledge.js';
import { detectScenario } from './detect-scenario.js';
import { EMPATHY_PHRASES, EMPATHY_SCENARIOS } from './phrases.js';

describe('empathy phrases', () => {
  it('has several phrasings for every scenario in every locale', () => {
    for (const locale of LOCALES) {
      for (const scenario of EMPATHY_SCENARIOS) {
        expect(EMPATHY_PHRASES[locale][scenario].length).toBeGreaterThanOrEqual(3);
      }
    }
    expect(EMPATHY_PHRASES.en.generic).toContain('I understand how frustrating this is.');
    expect(EMPATHY_PHRASES.zh.generic).toContain('非常理解您的心情。');
  });

  it('picks the same phrase for the same seed, and varies across seeds', () => {
    expect(pickPhrase('en', 'generic', 'conv-1:3')).toBe(pickPhrase('en', 'generic', 'conv-1:3'));
    const seen = new Set(Array.from({ length: 30 }, (_, turn) => pickPhrase('zh', 'late_delivery', `conv-1:${turn}`)));
    expect(seen.size).toBe(EMPATHY_PHRASES.zh.late_delivery.length);
  });

  it('joins with a space in English and nothing in Chinese', () => {
    expect(withAcknowledgement('en', 'Sorry.', 'Here it is.')).toBe('Sorry. Here it is.');
    expect(withAcknowledgement('zh', '抱歉。', '订单已发货。')).toBe('抱歉。订单已发货。');
  });
});

describe('detectScenario', () => {
  it.each([
    ['track_order', "my parcel still hasn't arrived", 'late_delivery'],
    ['None', '快递怎么还没到', 'late_delivery'],
    ['complaint', 'the screen is broken', 'damaged_or_wrong_item'],
    ['complaint', '杯子坏了', 'damaged_or_wrong_item'],
    ['complaint', 'you sent the wrong item', 'damaged_or_wrong_item'],
    ['complaint', '发错颜色了', 'damaged_or_wrong_item'],
    ['None', 'still waiting for my refund', 'refund_waiting'],
    ['None', '钱还没退', 'refund_waiting'],
    ['None', 'you charged me twice', 'payment_problem'],
    ['None', '为什么重复扣款', 'payment_problem'],
    ['payment_issue', 'this is annoying', 'payment_problem'],
    ['track_refund', 'hurry up', 'refund_waiting'],
    ['complaint', 'your service is awful', 'generic'],
    [undefined, '太差了', 'generic'],
  ] as const)('%s + "%s" → %s', (intent, text, scenario) => {
    expect(detectScenario(intent, text)).toBe(scenario);
  });
});
