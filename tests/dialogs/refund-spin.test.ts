/**
 * Refund request, refund status and SPIN pre-sales, to their end, in English and Chinese, on both stores.
 */
import { expect, it } from 'vitest';
import { actions, onEveryStorage } from './harness.js';

onEveryStorage((newHarness) => {
  it('requests a refund: order number, reason with buttons, confirmation (en)', async () => {
    const h = newHarness();
    expect(await h.texts('I want a refund')).toEqual([expect.stringContaining("What's your order number?")]);
    expect(await h.texts('A1004')).toEqual([expect.stringContaining('e-mail address or phone number you used for order A1004')]);
    const [reason] = await h.say('ada@example.com');
    expect(reason?.text).toBe('I can help with that. What is the reason for the refund?');
    expect(actions(reason)).toEqual(['Damaged item', 'Wrong item', 'Changed my mind']);
    const [done] = await h.texts('Damaged item');
    expect(done).toContain('Your refund request for order A1004 (USD 45.00) is in');
    expect(done).toContain('Tuesday 17 March');
    const [status] = await h.texts('refund status A1004');
    expect(status).toContain('The refund for order A1004 (USD 45.00) is requested');
  });

  it('requests a refund in Chinese and refuses one for a parcel still on its way', async () => {
    const h = newHarness();
    expect(await h.texts('我要退款，订单号 A1005')).toEqual([expect.stringContaining('请输入订单 A1005 下单时使用的邮箱或手机号')]);
    expect(await h.texts('li.wei@example.cn')).toEqual([expect.stringContaining('请问退款的原因是什么')]);
    expect((await h.texts('不想要了'))[0]).toContain('订单 A1005 的退款申请（USD 129.00）已提交，预计 3月17日星期二 前到账');
    h.signIn({ userId: 'cust-ada', source: 'shop_token' });
    await h.say('退款 A1001');
    expect((await h.texts('发错商品'))[0]).toContain('订单 A1001 还在运输途中');
  });

  it('tells the refund status, or offers to request one (en and zh)', async () => {
    const h = newHarness();
    // Anyone who knows the number learns the state, not the amount.
    expect(await h.texts('where is my refund? A1008')).toEqual(['The refund for order A1008 is approved. Expect it on your account by Friday 13 March.']);
    h.signIn({ userId: 'cust-li', source: 'shop_token' });
    expect(await h.texts('where is my refund? A1008')).toEqual([
      'The refund for order A1008 (USD 129.00) is approved. Expect it on your account by Friday 13 March.',
    ]);
    const [none] = await h.say('退款进度 A1004');
    expect(none?.text).toBe('订单 A1004 目前还没有退款记录，需要为您申请退款吗？');
    expect(actions(none)).toEqual(['申请退款']);
  });

  it('asks the four SPIN questions and recommends with reasons (en)', async () => {
    const h = newHarness();
    const [situation] = await h.say('Can you recommend a product?');
    expect(situation?.text).toContain('What are you shopping for');
    expect(actions(situation)).toEqual(['Skip']);
    expect((await h.texts('headphones for my train commute'))[0]).toContain('What bothers you');
    expect((await h.texts('my old ones let in all the noise'))[0]).toContain('day to day');
    expect((await h.texts('Skip'))[0]).toContain('What matters most');
    const [picks] = await h.texts('long battery, under 150 dollars');
    expect(picks?.split('\n')[0]).toBe("Based on what you told me, here's what I'd suggest:");
    expect(picks?.split('\n')[1]).toBe('1. QuietWave ANC headphones, USD 129.00: active noise cancelling for flights and commutes; long battery life');
    expect(picks).not.toContain('StudioPro'); // over budget
  });

  it('asks the SPIN questions in Chinese, all skippable, and still recommends', async () => {
    const h = newHarness();
    expect((await h.texts('想买个东西，帮我推荐一下'))[0]).toContain('您想买什么');
    expect((await h.texts('跳过'))[0]).toContain('不满意');
    expect((await h.texts('跳过'))[0]).toContain('日常');
    expect((await h.texts('跳过'))[0]).toContain('最看重');
    const [picks] = await h.texts('跳过');
    expect(picks?.split('\n')).toHaveLength(4);
    expect(picks).toContain('根据您的需求，推荐以下商品');
    expect(picks).toContain('很受顾客欢迎');
  });

  it('recommends by the Chinese answers', async () => {
    const h = newHarness();
    await h.say('推荐一下');
    await h.say('耳机，跑步的时候用');
    await h.say('老是掉');
    await h.say('跳过');
    const [picks] = await h.texts('便宜点');
    expect(picks?.split('\n')[1]).toBe('1. SprintBuds 运动耳机，USD 59.00：防汗防水，跑步不掉；性价比高');
  });
});
