import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSkip, isStopCommand, parseYesNo } from './flows/common.js';
import { parseRating } from './flows/csat.js';
import { classifyInterruption, wantsRecommendation } from './flows/routing.js';
import { extractOrderNumber } from './order-number.js';
import type { Recognition } from '../nlu-models/recognizer.js';

const recognition = (intent: string, score = 0.95): Recognition => ({
  text: '',
  locale: 'en',
  intent,
  score,
  outOfScope: intent === 'None',
  alternatives: [],
  emotion: { score: 0, negative: false },
});

describe('extractOrderNumber', () => {
  it.each([
    ['#A1001', 'A1001'],
    ['a1001', 'A1001'],
    ['订单号A1001', 'A1001'],
    ['my order is a-1001, thanks', 'A1001'],
    ['订单号：Ａ１００１', 'A1001'],
    ['order AB123456 please', 'AB123456'],
  ])('%s → %s', (text, expected) => expect(extractOrderNumber(text)).toBe(expected));

  it.each(['hello', 'A12', 'XA1001B', '5分', 'call 555-1234'])('finds none in %s', (text) => {
    expect(extractOrderNumber(text)).toBeUndefined();
  });
});

describe('parseRating', () => {
  it.each([
    ['5', 5],
    ['five', 5],
    ['五', 5],
    ['5分', 5],
    ['五星', 5],
    ['4 stars', 4],
    ['3/5', 3],
    ['Two', 2],
    ['两分', 2],
    ['⭐⭐⭐⭐', 4],
    ['1.', 1],
  ])('%s → %s', (text, expected) => expect(parseRating(text)).toBe(expected));

  it.each(['0', '6', '15', 'meh', 'five hundred', '', '3 or 4'])('rejects %s', (text) => {
    expect(parseRating(text)).toBeUndefined();
  });
});

describe('free-text answers', () => {
  it.each(['yes', 'Yes please', 'ok', 'sure!', '是', '好的', '确认', '好的谢谢'])('%s is yes', (t) => expect(parseYesNo(t)).toBe(true));
  it.each(['no', 'No thanks', 'nope', '否', '不用了', '不要', '算了'])('%s is no', (t) => expect(parseYesNo(t)).toBe(false));
  it.each(['maybe', 'yes and no', '嗯……'])('%s is neither', (t) => expect(parseYesNo(t)).toBeUndefined());
  it('reads the answer behind 4,000 characters of spaces, commas and stops around a polite ending', () => {
    expect(parseYesNo(`yes${', '.repeat(1_994)}please!!!`)).toBe(true);
    expect(parseYesNo(`No${' ，'.repeat(1_992)}thank you。！。！。`)).toBe(false);
    // A long run of spaces or commas followed by something else: the shape a regex retried from every start.
    expect(parseYesNo(`yes${' ,'.repeat(1_998)}ok`)).toBeUndefined();
    expect(parseYesNo(`好的${'，'.repeat(3_996)}谢谢`)).toBe(true);
  });
  it('takes the polite ending off as the regex it replaced did', () => {
    // The old reading, fine on short texts: the politeness cut by `[\s,，]*(please|…)[\s.!。！]*$`.
    const before = (text: string) => {
      const t = text.trim().replace(/[\s,，]*(please|thanks|thank you|谢谢|吧|呀|啊)[\s.!。！]*$/i, '');
      return /^(y|yes|yeah|yep|yup|sure|ok|okay|please|please do|go ahead|confirm|correct|right|do it|是|是的|对|对的|好|好的|行|可以|确认|确定|嗯|要)[\s.!。！]*$/i.test(
        t,
      )
        ? true
        : /^(n|no|nope|nah|no thanks|don'?t|keep it|not now|否|不|不是|不要|不用|不用了|不了|算了|先不|别)[\s.!。！]*$/i.test(t)
          ? false
          : undefined;
    };
    const pieces = fc.constantFrom(
      'yes',
      'No',
      'ok',
      '好的',
      '不用',
      'please',
      'Thanks',
      'thank you',
      'thank',
      '谢谢',
      '吧',
      '啊',
      ' ',
      ',',
      '，',
      '.',
      '!',
      '。',
      'x',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(parseYesNo(text)).toBe(before(text));
      }),
      { numRuns: 3_000 },
    );
  });
  it('knows skip and stop words', () => {
    expect(['skip', '跳过', 'Skip.'].every(isSkip)).toBe(true);
    expect(['cancel', 'Stop', '取消'].every(isStopCommand)).toBe(true);
    expect(isStopCommand('cancel order A1002')).toBe(false);
    expect(wantsRecommendation('can you recommend headphones?') && wantsRecommendation('帮我推荐一下')).toBe(true);
  });
});

describe('classifyInterruption', () => {
  it('stops on a stop word whatever the NLU says', () => {
    expect(classifyInterruption('trackOrder', 'cancel', recognition('cancel_order'))).toEqual({ kind: 'stop' });
  });
  it("continues on an answer, a low score, the dialog's own intent or out of scope", () => {
    expect(classifyInterruption('trackOrder', 'refund A1001', recognition('get_refund')).kind).toBe('continue');
    expect(classifyInterruption('trackOrder', 'a refund?', recognition('get_refund', 0.6)).kind).toBe('continue');
    expect(classifyInterruption('trackOrder', 'track it', recognition('track_order')).kind).toBe('continue');
    expect(classifyInterruption('trackOrder', 'hmm', recognition('None', 0.2)).kind).toBe('continue');
  });
  it('switches to another dialog or a person, answers a FAQ, but not inside free-text dialogs', () => {
    expect(classifyInterruption('trackOrder', 'a refund', recognition('get_refund'))).toEqual({ kind: 'switch', intent: 'get_refund' });
    expect(classifyInterruption('spinPresales', 'agent', recognition('contact_human_agent')).kind).toBe('switch');
    expect(classifyInterruption('trackOrder', 'pay?', recognition('check_payment_methods'))).toEqual({ kind: 'answer', intent: 'check_payment_methods' });
    expect(classifyInterruption('spinPresales', 'noisy', recognition('complaint')).kind).toBe('continue');
    expect(classifyInterruption('trackOrder', 'Recommend a product', recognition('None', 0.2)).kind).toBe('switch');
    expect(classifyInterruption('spinPresales', 'what do you recommend?', recognition('None', 0.2)).kind).toBe('continue');
  });
});
