/**
 * The whole demo bot through its front door: real Direct Line HTTP into the composed app, the real
 * trained NLU, the real dialogs, on the memory stores and on the real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { EMPATHY_PHRASES } from '../../dialogs/empathy/phrases.js';
import { setVerifiedCustomer, type VerifiedCustomer } from '../../dialogs/turn-state.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer, type BotReply } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text).join('\n');
/** True when one of the replies opens with an empathy phrase of `locale`. */
const opensWithEmpathy = (replies: readonly BotReply[], locale: 'en' | 'zh') =>
  replies.some((reply) =>
    Object.values(EMPATHY_PHRASES[locale])
      .flat()
      .some((phrase) => reply.text.startsWith(phrase)),
  );

for (const store of ['memory', 'redis'] as const) {
  describe(`shop assistant over Direct Line (${store} store)`, () => {
    let assistant: ShopAssistant;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;
    /** Conversations whose Direct Line token the shop's backend bound to a customer, as the channel proves it. */
    const signedIn = new Map<string, VerifiedCustomer>();

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('e2e') : undefined;
      const settings = {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      };
      assistant = await createShopAssistant(loadConfig(settings));
      // Where the web channel sets the proven identity on a turn: a middleware on its adapter, keyed by the
      // server-made conversation id (the client cannot choose it).
      assistant.channels
        .find((channel) => channel.name === 'directline')!
        .adapter.use(async (context, next) => {
          const customer = signedIn.get(context.activity.conversation?.id ?? '');
          if (customer) setVerifiedCustomer(context, customer);
          await next();
        });
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    it('tracks an order, then cancels another through the buttons it offers', async () => {
      const customer = await startCustomer(baseUrl);
      expect(texts(await customer.say('where is my order?'))).toMatch(/order number/i);
      const status = await customer.say('A1002');
      expect(texts(status)).toMatch(/Order A1002/);
      const cancelButton = status.flatMap((reply) => reply.actions).find((value) => /cancel/i.test(value));
      expect(cancelButton).toBeDefined();
      expect(texts(await customer.say(cancelButton!))).toMatch(/e-mail address or phone number you used for order A1002/);
      expect(texts(await customer.say('ada@example.com'))).toMatch(/Do you want me to cancel it\?/);
      expect(texts(await customer.say('yes'))).toMatch(/A1002/);
      // The order really is cancelled now.
      expect(texts(await customer.say('track order A1002'))).toMatch(/cancel/i);
    });

    it("acts at once for a customer signed in on the shop's site, and never for one who only knows the number", async () => {
      const ada = await startCustomer(baseUrl);
      signedIn.set(ada.conversationId, { userId: 'cust-ada', source: 'shop_token', name: 'Ada' });
      expect(texts(await ada.say('I want a refund for order A1004'))).toMatch(/reason for the refund/);
      expect(texts(await ada.say('Damaged item'))).toMatch(/Your refund request for order A1004 \(USD 45.00\) is in/);

      const stranger = await startCustomer(baseUrl);
      expect(texts(await stranger.say('change the delivery address of order A1006'))).toMatch(/e-mail address or phone number you used for order A1006/);
      expect(texts(await stranger.say('ada@example.org'))).toMatch(/2 tries left/);
      expect(texts(await stranger.say('+65 9123 4560'))).toMatch(/1 try left/);
      expect(texts(await stranger.say('ada@example.co'))).toMatch(/can't confirm this order is yours in this chat/);
      const status = texts(await stranger.say('refund status A1004'));
      expect(status).toMatch(/The refund for order A1004 is requested/);
      expect(status).not.toMatch(/45/);
      expect(texts(await stranger.say('where is my order A1001?'))).not.toMatch(/DHL7788001/);
    });

    it('does the same in Chinese and answers in Chinese', async () => {
      const customer = await startCustomer(baseUrl);
      expect(texts(await customer.say('我要取消订单 A1006'))).toMatch(/下单时使用的邮箱或手机号/);
      expect(texts(await customer.say('91234567'))).toMatch(/确定要取消这个订单吗/);
      expect(texts(await customer.say('是'))).toMatch(/已为您取消订单 A1006/);
      expect(texts(await customer.say('我的订单在哪里?'))).toMatch(/订单号/);
      expect(texts(await customer.say('A1003'))).toMatch(/A1003/);
    });

    it('opens with empathy when the customer is upset, and not otherwise', async () => {
      const customer = await startCustomer(baseUrl);
      const angry = await customer.say("This is ridiculous!! My order STILL hasn't arrived and nobody answers me");
      expect(opensWithEmpathy(angry, 'en')).toBe(true);
      const calm = await customer.say('what payment methods do you accept?');
      expect(opensWithEmpathy(calm, 'en')).toBe(false);

      const chinese = await startCustomer(baseUrl);
      const upset = await chinese.say('等了两个星期还没到，太让人失望了，什么破服务！');
      expect(opensWithEmpathy(upset, 'zh')).toBe(true);
    });

    it('says it did not understand an out-of-scope question, in the right language', async () => {
      const customer = await startCustomer(baseUrl);
      expect(texts(await customer.say('what is the capital of mongolia'))).toMatch(/didn't quite get that/);
      const chinese = await startCustomer(baseUrl);
      expect(texts(await chinese.say('火星上的天气怎么样'))).toMatch(/没太明白/);
      // A second miss in a row is the handoff's business: a person takes over (tests/handoff).
      expect(texts(await chinese.say('给我讲个笑话吧'))).toMatch(/转接人工客服/);
    });
  });
}
