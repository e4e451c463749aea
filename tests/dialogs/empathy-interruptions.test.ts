/**
 * Empathy first (only on negative messages, only the first reply of the turn) and the interruption rule
 * (stop words, switching dialogs, answering a FAQ mid-dialog), on both stores.
 */
import { expect, it } from 'vitest';
import { EMPATHY_PHRASES } from '../../dialogs/empathy/phrases.js';
import { onEveryStorage } from './harness.js';

const startsWithOneOf = (text: string | undefined, phrases: readonly string[]) => phrases.some((phrase) => text?.startsWith(phrase));

onEveryStorage((newHarness) => {
  it('opens with a late-delivery acknowledgement on an upset message (en)', async () => {
    const h = newHarness();
    const [reply] = await h.texts("This is ridiculous, my order A1007 still hasn't arrived!!");
    expect(startsWithOneOf(reply, EMPATHY_PHRASES.en.late_delivery)).toBe(true);
    expect(reply).toContain('Order A1007 is on its way');
  });

  it('opens with a Chinese acknowledgement on an upset message (zh)', async () => {
    const h = newHarness();
    const [reply] = await h.texts('怎么还没到？气死了，订单 A1007');
    expect(startsWithOneOf(reply, EMPATHY_PHRASES.zh.late_delivery)).toBe(true);
    expect(reply).toContain('订单 A1007 已发货');
  });

  it('does not acknowledge a neutral message', async () => {
    const h = newHarness();
    expect((await h.texts('where is my order A1001'))[0]).toMatch(/^Order A1001 is on its way/);
    expect((await h.texts('查询订单 A1001'))[0]).toMatch(/^订单 A1001/);
  });

  it('acknowledges only the first reply of a turn', async () => {
    const h = newHarness();
    await h.say('track my order');
    const replies = await h.texts('terrible service, what payment methods do you take');
    expect(replies).toHaveLength(2);
    expect(startsWithOneOf(replies[0], EMPATHY_PHRASES.en.payment_problem)).toBe(true);
    expect(replies[1]).toMatch(/^Sure! What's your order number\?/);
  });

  it('picks the damaged-item phrase from the words', async () => {
    const [reply] = await newHarness().texts('I am so angry, the kettle arrived broken');
    expect(startsWithOneOf(reply, EMPATHY_PHRASES.en.damaged_or_wrong_item)).toBe(true);
    expect(reply).toContain("Sorry, I didn't quite get that.");
  });

  it('"cancel" / "取消" ends the active dialog politely', async () => {
    const h = newHarness();
    await h.say('track my order');
    expect(await h.texts('cancel')).toEqual(["No problem, I've stopped that. Is there anything else I can help with?"]);
    expect((await h.texts('A1001'))[0]).toContain("didn't quite get that");
    await h.say('修改地址 A1002');
    expect(await h.texts('取消')).toEqual(['好的，已为您取消当前操作。还有什么可以帮您的吗？']);
  });

  it('switches dialog on a clear different dialog intent', async () => {
    const h = newHarness();
    await h.say('track my order');
    expect(await h.texts('actually I want a refund')).toEqual([expect.stringContaining("What's your order number?")]);
    expect(await h.texts('A1004')).toEqual([expect.stringContaining('e-mail address or phone number you used for order A1004')]);
    expect(await h.texts('ada@example.com')).toEqual([expect.stringContaining('reason for the refund')]);
  });

  it('answers a FAQ mid-dialog, then asks the pending question again', async () => {
    const h = newHarness();
    await h.say('查询订单');
    const replies = await h.texts('支付方式有哪些');
    expect(replies[0]).toContain('支付宝和微信支付');
    expect(replies[0]).toContain('我们继续刚才的问题');
    expect(replies[1]).toContain('请告诉我您的订单号');
    expect((await h.texts('A1001'))[0]).toContain('订单 A1001 已发货');
  });

  it('takes an order number as the answer even when the message also names an intent', async () => {
    const h = newHarness();
    h.signIn({ userId: 'cust-ada', source: 'shop_token' });
    await h.say('cancel my order');
    expect((await h.texts('my order is A1002'))[0]).toContain('Do you want me to cancel it?');
  });

  it('leaves the active dialog when the customer asks for a person', async () => {
    const h = newHarness();
    await h.say('Recommend a product');
    expect((await h.texts('let me talk to a human'))[0]).toContain('support@demo-shop.example');
    expect((await h.texts('hello?'))[0]).toContain("didn't quite get that");
  });
});
