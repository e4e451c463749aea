/**
 * Track order, cancel order and change address, to their end, in English and Chinese, on both stores.
 */
import { expect, it } from 'vitest';
import { actions, onEveryStorage } from './harness.js';

onEveryStorage((newHarness) => {
  it('tracks an order, asking for the number first (en)', async () => {
    const h = newHarness();
    expect(await h.texts('Where is my order?')).toEqual([expect.stringContaining("What's your order number?")]);
    const [status] = await h.say('#a1001');
    expect(status?.text).toContain('Order A1001 is on its way');
    // Not proven to be the owner: the status, carrier and ETA, but no tracking number.
    expect(status?.text).toContain('Carrier: DHL Express.');
    expect(status?.text).not.toContain('DHL7788001');
    expect(status?.text).toContain('Expected delivery: Thursday 12 March');
    expect(actions(status)).toEqual(['Talk to a person']);
  });

  it('tracks an order given in the first message (zh), with next steps as buttons', async () => {
    const h = newHarness();
    const [status] = await h.say('查询订单 订单号A1002');
    expect(status?.text).toContain('订单 A1002 正在仓库备货中');
    expect(status?.text).toContain('预计送达：3月15日星期日');
    expect(actions(status)).toEqual(['取消这个订单', '修改收货地址', '转人工客服']);
    expect(status?.suggestedActions?.actions[0]?.value).toBe('取消订单 A1002');
  });

  it('says a late parcel is late', async () => {
    const h = newHarness();
    const [status] = await h.texts('track A1007');
    expect(status).toContain('running later than we promised');
  });

  it('re-asks once on an unknown number with a hint, then offers a person (en)', async () => {
    const h = newHarness();
    await h.say('track my order');
    expect(await h.texts('A9999')).toEqual([expect.stringContaining("couldn't find an order A9999")]);
    const [final] = await h.say('A9998');
    expect(final?.text).toContain("still can't find A9998");
    expect(actions(final)).toEqual(['Talk to a person']);
    expect(await h.texts('hello there')).toEqual([expect.stringContaining("didn't quite get that")]);
  });

  it('re-asks when the answer has no order number, and finds it the second time (zh)', async () => {
    const h = newHarness();
    expect(await h.texts('我的订单到哪了')).toEqual([expect.stringContaining('请告诉我您的订单号')]);
    expect(await h.texts('我不记得了')).toEqual([expect.stringContaining('没有看到订单号')]);
    expect((await h.texts('A1003'))[0]).toContain('订单 A1003 今天正在派送中');
  });

  it('cancels an unshipped order after Yes (en)', async () => {
    const h = newHarness();
    expect(await h.texts('Cancel order A1002')).toEqual(['To keep your order safe, please type the e-mail address or phone number you used for order A1002.']);
    const [confirm] = await h.say('Ada@Example.com');
    expect(confirm?.text).toBe('Order A1002: 2 × ArmorLite phone case, USD 38.00. Do you want me to cancel it?');
    expect(actions(confirm)).toEqual(['Yes', 'No']);
    expect(await h.texts('yes please')).toEqual([expect.stringContaining('Done: order A1002 is cancelled')]);
    expect(await h.texts('cancel order A1002')).toEqual(["Order A1002 is already cancelled, so there's nothing more to do."]);
  });

  it('cancels with 是/好的 and keeps the order on 不用了 (zh)', async () => {
    const h = newHarness();
    expect(await h.texts('取消订单 A1006')).toEqual(['为保护您的订单安全，请输入订单 A1006 下单时使用的邮箱或手机号。']);
    const [confirm] = await h.say('+65 9123 4567');
    expect(actions(confirm)).toEqual(['是', '否']);
    expect(await h.texts('不用了')).toEqual(['好的，订单 A1006 保持不变。']);
    // Proven a moment ago for this order: not asked again.
    expect((await h.texts('取消订单 A1006'))[0]).toContain('确定要取消这个订单吗');
    expect(await h.texts('嗯……')).toEqual(['不好意思，请问是“是”还是“否”呢？']);
    expect((await h.texts('好的'))[0]).toContain('已为您取消订单 A1006');
  });

  it('refuses to cancel a shipped order and offers a return (en and zh)', async () => {
    const h = newHarness();
    const [en] = await h.say('cancel my order A1001');
    expect(en?.text).toContain("already shipped, so I can't cancel it");
    expect(actions(en)).toEqual(['Return or refund']);
    const [zh] = await h.say('取消订单 A1003');
    expect(zh?.text).toContain('已经发货，暂时无法取消');
    expect(actions(zh)).toEqual(['退货退款']);
  });

  it('changes the address of an unshipped order (en)', async () => {
    const h = newHarness();
    expect(await h.texts('change address of my order')).toEqual([expect.stringContaining('order number')]);
    expect(await h.texts('A1002')).toEqual([expect.stringContaining('e-mail address or phone number')]);
    expect(await h.texts('91234567')).toEqual([expect.stringContaining("What's the new delivery address?")]);
    const [confirm] = await h.say('88 Queen Street, Auckland 1010');
    expect(confirm?.text).toContain('88 Queen Street, Auckland 1010');
    expect(actions(confirm)).toEqual(['Yes', 'No']);
    expect(await h.texts('Yes')).toEqual(['Done: order A1002 will go to the new address.']);
  });

  it('changes the address in Chinese, and refuses after shipping', async () => {
    const h = newHarness();
    // Signed in on the shop's site as A1006's owner: the shop token proves it, nothing is asked.
    h.signIn({ userId: 'cust-ada', source: 'shop_token' });
    expect(await h.texts('修改地址 A1006')).toEqual([expect.stringContaining('新的收货地址')]);
    expect((await h.texts('上海市浦东新区世纪大道100号 200120'))[0]).toContain('确认修改吗');
    expect(await h.texts('是')).toEqual(['已修改，订单 A1006 将寄往新地址。']);
    const [refused] = await h.say('修改地址 A1001');
    expect(refused?.text).toContain('已经出库，无法再修改地址');
    expect(actions(refused)).toEqual(['转人工客服']);
  });
});
