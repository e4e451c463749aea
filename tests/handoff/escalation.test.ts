/**
 * Each escalation reason fires from realistic customer messages in English and Chinese, through the
 * whole app (Direct Line in, the trained NLU, the policy, the queue), and ordinary questions stay with
 * the bot. On the memory stores and on the real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { ONE_ADDRESS_LIMITS } from '../support/test-limits.js';
import { startCustomer, type BotReply } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text).join('\n');
const QUEUED = /number \d+ in the queue|排在第 \d+ 位/;

/** Conversations that must end in the queue, with the reason they must carry. */
const escalating: Array<{ reason: string; locale: 'en' | 'zh'; messages: string[] }> = [
  { reason: 'crisis', locale: 'en', messages: ["If this isn't fixed today I'm calling my lawyer and filing a chargeback with my bank"] },
  { reason: 'crisis', locale: 'zh', messages: ['再不处理我就投诉到12315，还要在微博上曝光你们'] },
  { reason: 'negative_emotion', locale: 'en', messages: ['This is absolutely ridiculous!! Worst service ever, I am furious'] },
  { reason: 'negative_emotion', locale: 'zh', messages: ['太气人了！！什么破服务，等了两个星期还没到，气死我了'] },
  { reason: 'requested_human', locale: 'en', messages: ['can I talk to a real person please'] },
  { reason: 'requested_human', locale: 'zh', messages: ['转人工'] },
  { reason: 'not_understood', locale: 'en', messages: ['what is the capital of mongolia', 'how tall is mount everest'] },
  { reason: 'not_understood', locale: 'zh', messages: ['火星上的天气怎么样', '给我讲个笑话吧'] },
  { reason: 'dialog', locale: 'en', messages: ['I want a refund', 'A1008', 'li.wei@example.cn'] },
  { reason: 'dialog', locale: 'zh', messages: ['我要退款', 'A1008', '+86 138 0013 8000'] },
];

const ordinary = [
  'where is my order?',
  'what payment methods do you accept?',
  'how long does delivery take?',
  'I want to change my shipping address',
  '我的订单在哪里?',
  '你们支持哪些付款方式?',
  '怎么申请发票',
];

for (const store of ['memory', 'redis'] as const) {
  describe(`escalation reasons from real messages (${store} store)`, () => {
    let assistant: ShopAssistant;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('escalation') : undefined;
      const settings = {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ...ONE_ADDRESS_LIMITS,
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      };
      assistant = await createShopAssistant(loadConfig(settings));
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    for (const { reason, locale, messages } of escalating) {
      it(`${reason} (${locale}): ${messages.join(' / ')}`, async () => {
        const customer = await startCustomer(baseUrl);
        let last: BotReply[] = [];
        for (const message of messages) {
          expect(await assistant.handoff.service.openTicketFor(customer.conversationId), `queued too early, before "${message}"`).toBeUndefined();
          last = await customer.say(message);
        }
        const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
        expect(ticket, `no ticket after: ${texts(last)}`).toMatchObject({ reason, state: 'queued', language: locale });
        expect(texts(last)).toMatch(QUEUED);
        if (locale === 'zh') expect(texts(last)).toMatch(/\p{Script=Han}/u);
        // The numbers behind the decision travel with the ticket.
        expect(typeof ticket?.details.detail).toBe('string');
      });
    }

    it('keeps ordinary questions with the bot', async () => {
      for (const question of ordinary) {
        const customer = await startCustomer(baseUrl);
        const replies = await customer.say(question);
        expect(texts(replies), question).not.toMatch(QUEUED);
        expect(await assistant.handoff.service.openTicketFor(customer.conversationId), question).toBeUndefined();
      }
    });

    it('never counts answers to the bot\'s own questions as "not understood"', async () => {
      const tracking = await startCustomer(baseUrl);
      for (const message of ['where is my order?', 'A1009', 'A1010', 'A1003']) await tracking.say(message);
      expect(await assistant.handoff.service.openTicketFor(tracking.conversationId)).toBeUndefined();
      const shopping = await startCustomer(baseUrl);
      for (const message of [
        'recommend me some headphones',
        'I work from home in a shared flat',
        'my flatmates are loud all day',
        'I lose focus in meetings',
      ]) {
        expect(texts(await shopping.say(message)), message).not.toMatch(QUEUED);
      }
      expect(await assistant.handoff.service.openTicketFor(shopping.conversationId)).toBeUndefined();
    });

    it('queues a conversation once, however often the customer insists', async () => {
      const customer = await startCustomer(baseUrl);
      await customer.say('I want to speak to a human');
      const first = await assistant.handoff.service.openTicketFor(customer.conversationId);
      await customer.say('HUMAN. NOW. This is the worst shop ever!!');
      await customer.say('real person please');
      expect(await assistant.handoff.service.openTicketFor(customer.conversationId)).toMatchObject({ id: first?.id, state: 'queued' });
    });
  });
}
