/**
 * Cancel, refund and address change act only for a customer who proved the order is theirs: the
 * order's e-mail or phone, or a shop token naming its owner. Wrong answers are bounded per
 * conversation, a pass lasts for that order only and for a limited time, the conversation state
 * keeps no e-mail, and tracking without proof reveals nothing personal. On both stores.
 */
import { expect, it } from 'vitest';
import { actions, NOW, onEveryStorage } from './harness.js';

const ASK_A1002 = 'To keep your order safe, please type the e-mail address or phone number you used for order A1002.';

onEveryStorage((newHarness) => {
  it("does not cancel a stranger's order: three wrong answers, then a polite refusal and a person", async () => {
    const h = newHarness();
    expect(await h.texts('Cancel order A1002')).toEqual([ASK_A1002]);
    expect(await h.texts('guess@example.com')).toEqual([
      expect.stringContaining("doesn't match what we have for this order. Please check it and try again (2 tries left)"),
    ]);
    expect(await h.texts('li.wei@example.cn')).toEqual([expect.stringContaining('(1 try left)')]);
    const [refused] = await h.say('+65 8000 0000');
    expect(refused?.text).toContain("can't confirm this order is yours in this chat");
    expect(actions(refused)).toEqual(['Talk to a person']);
    // The conversation used its answers: another order is not asked about either, nothing was cancelled.
    expect((await h.texts('cancel order A1006'))[0]).toContain("can't confirm this order is yours");
    expect((await h.texts('where is my order A1002'))[0]).toContain('Order A1002 is being prepared');
  });

  it('does not refund or re-address without proof (zh), and a right answer after a wrong one passes', async () => {
    const h = newHarness();
    expect(await h.texts('我要退款 A1004')).toEqual(['为保护您的订单安全，请输入订单 A1004 下单时使用的邮箱或手机号。']);
    expect(await h.texts('我不记得了')).toEqual(['这看起来不是邮箱或手机号。请输入下单时使用的邮箱或手机号，或回复“取消”结束。']);
    expect(await h.texts('13800138000')).toEqual(['与该订单登记的信息不符，请核对后重试（还可尝试 2 次）。']);
    expect(await h.texts('取消')).toEqual([expect.stringContaining('已为您取消当前操作')]);
    expect((await h.texts('退款进度 A1004'))[0]).toContain('目前还没有退款记录');
    expect(await h.texts('修改地址 A1006')).toEqual([expect.stringContaining('请输入订单 A1006 下单时使用的邮箱或手机号')]);
    // One wrong answer is already counted for the conversation, whatever order comes next.
    expect(await h.texts('wrong@example.com')).toEqual([expect.stringContaining('还可尝试 1 次')]);
    expect(await h.texts('ada@example.com')).toEqual([expect.stringContaining('新的收货地址')]);
  });

  it('lets a shop token through for the orders its user owns, and asks for the contact on any other', async () => {
    const h = newHarness();
    h.signIn({ userId: 'cust-li', source: 'shop_token', name: 'Li Wei' });
    expect(await h.texts('Cancel order A1002')).toEqual([ASK_A1002]);
    await h.say('cancel');
    h.signIn({ userId: 'cust-ada', source: 'shop_token', name: 'Ada' });
    expect((await h.texts('Cancel order A1002'))[0]).toContain('Do you want me to cancel it?');
    expect((await h.texts('yes'))[0]).toContain('Done: order A1002 is cancelled');
  });

  it('remembers a pass for that order only, for 30 minutes, and keeps no e-mail in the state', async () => {
    let now = NOW.getTime();
    const h = newHarness({ clock: () => new Date(now) });
    await h.say('Cancel order A1002');
    expect((await h.texts('ada@example.com'))[0]).toContain('Do you want me to cancel it?');
    await h.say('no');
    // Ada owns A1006 too, but the pass was for A1002.
    expect(await h.texts('Cancel order A1006')).toEqual([expect.stringContaining('used for order A1006')]);
    await h.say('cancel');
    now += 29 * 60_000;
    expect((await h.texts('Cancel order A1002'))[0]).toContain('Do you want me to cancel it?');
    await h.say('no');
    now += 2 * 60_000;
    expect(await h.texts('Cancel order A1002')).toEqual([ASK_A1002]);

    const kept = JSON.stringify(await h.storage.read([h.stateKey]));
    expect(kept).toContain('A1002');
    expect(kept).not.toMatch(/ada@example\.com|9123/i);
  });

  it('tracks without proof: status, carrier and ETA, never the tracking number; the owner sees it', async () => {
    const h = newHarness();
    const [status] = await h.texts('track A1001');
    expect(status).toContain('Order A1001 is on its way');
    expect(status).not.toMatch(/DHL7788001|Harbour Road|ada/i);
    h.signIn({ userId: 'cust-ada', source: 'shop_token' });
    expect((await h.texts('track A1001'))[0]).toContain('tracking number DHL7788001');
  });
});
