/**
 * CSAT (as the handoff starts it after a resolve), FAQ answers, the not-understood reply and the greeting,
 * in English and Chinese, on both stores.
 */
import { expect, it } from 'vitest';
import { actions, onEveryStorage } from './harness.js';

onEveryStorage((newHarness) => {
  it('asks CSAT with 1-5 buttons, takes "5分" and thanks (zh)', async () => {
    const h = newHarness();
    await h.say('支付方式有哪些？');
    const [ask] = await h.csat();
    expect(ask?.text).toContain('请打分');
    expect(actions(ask)).toEqual(['1', '2', '3', '4', '5']);
    expect(await h.texts('5分')).toEqual(['感谢您的 5 分！很高兴能帮到您，祝您生活愉快！']);
    expect(h.scores).toEqual([5]);
  });

  it('asks in the locale the handoff passes', async () => {
    const h = newHarness();
    expect((await h.texts('/csat-zh'))[0]).toContain('请打分');
  });

  it('takes "five" and "五" as 5', async () => {
    const h = newHarness();
    await h.csat();
    expect((await h.texts('five'))[0]).toContain('Thank you for the 5!');
    await h.csat();
    await h.say('我觉得');
    expect((await h.texts('五'))[0]).toContain('感谢您的 5 分');
    expect(h.scores).toEqual([5, 5]);
  });

  it('re-asks once on garbage, then lets the customer go without a score', async () => {
    const h = newHarness();
    const [ask] = await h.csat();
    expect(ask?.text).toBe('How would you rate the help you got today? 1 (poor) to 5 (excellent)');
    const [reask] = await h.say('meh whatever');
    expect(reask?.text).toBe('Sorry, I need a number from 1 to 5.');
    expect(actions(reask)).toEqual(['1', '2', '3', '4', '5']);
    expect(await h.texts('15')).toEqual(['No problem. Thanks for chatting with us!']);
    expect(h.scores).toEqual([]);
  });

  it('apologises with empathy for a low score', async () => {
    const h = newHarness();
    await h.csat();
    const [sorry] = await h.texts('2');
    expect(sorry).toMatch(/^(I understand how frustrating this is\.|I'm sorry you're having this trouble\.|I hear you)/);
    expect(sorry).toContain("I'm sorry we didn't do better this time");
    expect(h.scores).toEqual([2]);
  });

  it("answers FAQ intents in the customer's language", async () => {
    const h = newHarness();
    expect((await h.texts('Which payment methods do you take?'))[0]).toContain('We accept Visa');
    expect((await h.texts('支付方式有哪些'))[0]).toContain('支付宝和微信支付');
  });

  it('says it did not understand, with the main menu as buttons', async () => {
    const h = newHarness();
    const [en] = await h.say('blorp the wibble');
    expect(en?.text).toContain("Sorry, I didn't quite get that.");
    expect(actions(en)).toEqual(['Track my order', 'Return or refund', 'Talk to a person', 'Recommend a product']);
    const [zh] = await h.say('今天天气怎么样');
    expect(zh?.text).toContain('抱歉，我没太明白');
    expect(actions(zh)).toEqual(['查询订单', '退货退款', '转人工客服', '推荐商品']);
  });

  it("gives the team's hours and contacts when asked for a person (live handoff comes with the handoff module)", async () => {
    const h = newHarness();
    expect((await h.texts('I want to talk to a person'))[0]).toContain('support@demo-shop.example');
    expect((await h.texts('转人工'))[0]).toContain('人工客服工作时间');
  });

  it('greets a new member with the main menu, in both languages when the locale is unknown', async () => {
    const h = newHarness();
    const [hello] = await h.join();
    expect(hello?.text).toContain("Hi! I'm the shop assistant.");
    expect(hello?.text).toContain('也可以直接用中文');
    expect(actions(hello)).toEqual(['Track my order', 'Return or refund', 'Talk to a person', 'Recommend a product']);
    const [zh] = await newHarness().join('zh-CN');
    expect(zh?.text).toBe('您好！我是店铺智能助手，可以帮您查询订单、办理退货退款、挑选商品。请问有什么可以帮您？');
    expect(actions(zh)).toEqual(['查询订单', '退货退款', '转人工客服', '推荐商品']);
  });

  it('does not greet when only the bot joined', async () => {
    const h = newHarness();
    await h.adapter.send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'Bot' }] });
    expect(h.adapter.activeQueue).toHaveLength(0);
  });
});
