import { describe, expect, it } from 'vitest';
import { REVIEWED_CHARACTERS, reviewAgentReply, reviewWarning } from './reply-review.js';

describe('reviewAgentReply', () => {
  it.each([
    ['No.', 'en'],
    ['Read the FAQ.', 'en'],
    ["That's our policy, nothing I can do.", 'en'],
    ['I already told you, wait.', 'en'],
    ['Not my problem.', 'en'],
    ['WHERE IS YOUR ORDER NUMBER', 'en'],
    ['不知道', 'zh'],
    ['你自己看订单页面', 'zh'],
    ['我已经说过了', 'zh'],
    ['等着吧', 'zh'],
    ['明天发货', 'zh'],
    ['You are wrong and annoying.', 'en'],
    ['Honestly this is a useless question.', 'en'],
    ['你这个问题很蠢', 'zh'],
    ['这是你自己的问题，别烦我', 'zh'],
    ['Ok, whatever.', 'en'],
    ['Whatever, the courier comes when it comes.', 'en'],
  ])('flags the curt draft %j', (text, locale) => {
    const review = reviewAgentReply({ text, locale });
    expect(review.verdict).not.toBe('ok');
    expect(review.reasons.length).toBeGreaterThan(0);
    expect(review.suggestion).toBeTruthy();
    expect(reviewWarning(review)).toContain(review.suggestion);
  });

  it.each([
    ["I'm sorry for the wait! Your order ships tomorrow.", 'en'],
    ['Thanks for your patience, I have checked and your parcel arrives on Friday.', 'en'],
    ['Your order A1001 left our warehouse this morning and should arrive on Thursday.', 'en'],
    ['非常抱歉让您久等了，您的订单明天发货。', 'zh'],
    ['您好，已经帮您查到了，明天送达。', 'zh'],
    // Plain facts: the emotion model leans slightly negative on them, which is no reason to warn.
    ['Your parcel left the warehouse today.', 'en'],
    ['The courier picked it up this morning.', 'en'],
    ['I checked: the parcel is delayed at customs, it should clear by Friday.', 'en'],
    ['您的包裹今天已经从仓库发出。', 'zh'],
    ['我们正在处理。', 'zh'],
    ['Looking at it now.', 'en'],
    // "whatever" brushes off only on its own; "whatever you need" is an offer.
    ['Happy to help with whatever you need!', 'en'],
    ['Please send me whatever details you have and I will check.', 'en'],
  ])('lets the polite draft %j go without a warning', (text, locale) => {
    const review = reviewAgentReply({ text, locale });
    expect(review.verdict).toBe('ok');
    expect(review.suggestion).toBeUndefined();
    expect(reviewWarning(review)).toBeUndefined();
  });

  it('suggests an empathy phrase in the customer language for the conversation scenario', () => {
    const zh = reviewAgentReply({ text: '不知道', locale: 'zh', customerText: '我的快递还没到' });
    expect(zh.scenario).toBe('late_delivery');
    expect(zh.suggestion).toMatch(/\p{Script=Han}/u);
    const tw = reviewAgentReply({ text: '不知道', locale: 'zh-TW', scenario: 'generic', seed: 't1' });
    expect(['非常理解您的心情。', '很抱歉造成您的不便。', '您的感受我完全理解，我會盡力幫您解決。']).toContain(tw.suggestion);
    const en = reviewAgentReply({ text: 'No.', locale: 'en', customerText: 'The kettle arrived broken' });
    expect(en.scenario).toBe('damaged_or_wrong_item');
    expect(en.suggestion).toMatch(/[a-z]/);
  });

  it('notices empathy and courtesy', () => {
    const review = reviewAgentReply({ text: 'I understand how frustrating this is. Let me check.', locale: 'en' });
    expect(review).toMatchObject({ verdict: 'ok', empathetic: true, courteous: true });
    expect(reviewAgentReply({ text: 'Your parcel arrives on Friday at the latest.', locale: 'en' }).empathetic).toBe(false);
  });

  it('reads no more than its bound of a very long draft', () => {
    const long = `Thank you for waiting. ${'a'.repeat(REVIEWED_CHARACTERS * 50)} not my problem`;
    expect(reviewAgentReply({ text: long, locale: 'en' }).reasons).not.toContain('dismissive');
  });
});
