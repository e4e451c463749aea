/**
 * The agents' coach on the console's agent API, through the app's front doors: customers on Direct
 * Line, Ada on the agent API (real HTTP). A curt draft in English and in Chinese is held with the
 * warning and the empathy phrase in the customer's language; "send anyway" sends it once; a polite
 * reply goes at once; the suggested reply carries the FAQ answer and the order facts in the customer's
 * language; /metrics counts it all. On memory and on the real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { SHOP_ANSWERS } from '../../bots/shop-assistant/answers.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer, type BotReply, type DirectLineCustomer } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ANSWERS_EN = SHOP_ANSWERS.en;
const ANSWERS_ZH = SHOP_ANSWERS.zh;

const ADA_TOKEN = 'ada-token-0123456789abcdef';
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);
const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text);

for (const store of ['memory', 'redis'] as const) {
  describe(`agents' coach on the console API (${store} store)`, () => {
    let assistant: ShopAssistant;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;

    const agentApi = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
      const response = await fetch(`${baseUrl}/api/agent${path}`, {
        method,
        headers: { authorization: `Bearer ${ADA_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };

    /** A customer who asked for a person, wrote `said` while waiting, and whom Ada claimed. */
    const claimedCustomer = async (ask: string, said: string): Promise<{ customer: DirectLineCustomer; ticketId: string }> => {
      const customer = await startCustomer(baseUrl);
      await customer.say(ask);
      const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
      if (!ticket) throw new Error(`"${ask}" did not queue the customer`);
      await customer.say(said);
      expect((await agentApi('POST', `/tickets/${ticket.id}/claim`)).status).toBe(200);
      await customer.read();
      return { customer, ticketId: ticket.id };
    };

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('coach-console') : undefined;
      assistant = await createShopAssistant(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          AGENTS,
          ADMIN_TOKEN,
          TOKEN_SECRET: 'shared-token-secret-0123456789',
          COACH_SUGGESTIONS_PER_MINUTE: '3',
          ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
        }),
      );
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    it('holds a curt English draft with the warning and an English phrase; "send anyway" sends it once', async () => {
      const { customer, ticketId } = await claimedCustomer('I want to talk to a real person', "My parcel still hasn't arrived, it is two weeks late");
      const held = await agentApi('POST', `/tickets/${ticketId}/reply`, { text: 'Not my problem.' });
      expect(held.status).toBe(422);
      expect(held.body.error.code).toBe('review_flagged');
      expect(held.body.review).toMatchObject({ flagged: true, locale: 'en', scenario: 'late_delivery' });
      expect(['curt', 'negative']).toContain(held.body.review.verdict);
      expect(held.body.review.reasons).toContain('dismissive');
      expect(held.body.review.phrase).toMatch(/^[\x20-\x7e’]+$/);
      expect(held.body.error.message).toContain(held.body.review.phrase);
      expect(await customer.read()).toEqual([]);

      // The phrase first does not make a dismissive reply polite: still flagged, and the agent decides.
      const phrased = `${held.body.review.phrase} Not my problem.`;
      expect((await agentApi('POST', `/tickets/${ticketId}/reply`, { text: phrased, usedPhrase: true })).status).toBe(422);
      const sent = await agentApi('POST', `/tickets/${ticketId}/reply`, { text: phrased, usedPhrase: true, sendAnyway: true });
      expect(sent.status).toBe(200);
      expect(texts(await customer.read())).toEqual([phrased]);

      const polite = await agentApi('POST', `/tickets/${ticketId}/reply`, {
        text: "I'm sorry for the wait! I have asked the carrier to prioritise your parcel.",
      });
      expect(polite.status).toBe(200);
      expect(texts(await customer.read())).toEqual(["I'm sorry for the wait! I have asked the carrier to prioritise your parcel."]);
    });

    it('holds a curt Chinese draft with a Chinese phrase; a polite one goes at once', async () => {
      const { customer, ticketId } = await claimedCustomer('我要找人工客服', '我的快递还没到，已经等了一个星期了');
      const held = await agentApi('POST', `/tickets/${ticketId}/reply`, { text: '不知道' });
      expect(held.status).toBe(422);
      expect(held.body.review).toMatchObject({ flagged: true, locale: 'zh', scenario: 'late_delivery' });
      expect(held.body.review.phrase).toMatch(/\p{Script=Han}/u);
      expect(await customer.read()).toEqual([]);

      const polite = await agentApi('POST', `/tickets/${ticketId}/reply`, { text: '非常抱歉让您久等了，我马上帮您联系快递公司。' });
      expect(polite.status).toBe(200);
      expect(texts(await customer.read())).toEqual(['非常抱歉让您久等了，我马上帮您联系快递公司。']);
    });

    it("reviews only the holder's sends: anyone else is refused as before, and bad flags are a 400", async () => {
      const customer = await startCustomer(baseUrl);
      await customer.say('I want to talk to a real person');
      const ticket = (await assistant.handoff.service.openTicketFor(customer.conversationId))!;
      expect((await agentApi('POST', `/tickets/${ticket.id}/reply`, { text: 'No.' })).body.error.code).toBe('not_holder');
      expect((await agentApi('POST', `/tickets/${ticket.id}/reply`, { text: 'Hello', sendAnyway: 'yes' })).status).toBe(400);
    });

    it("suggests a reply with the FAQ answer and the order facts, in the customer's language", async () => {
      const en = await claimedCustomer('I want to talk to a real person', 'How long does delivery take for my order A1001?');
      const english = await agentApi('GET', `/tickets/${en.ticketId}/suggested-reply`);
      expect(english.status).toBe(200);
      expect(english.body).toMatchObject({ locale: 'en', from: { faq: true, orderFacts: true } });
      expect(english.body.text).toContain(ANSWERS_EN.delivery_period);
      expect(english.body.text).toMatch(/Your order A1001 /);

      const zh = await claimedCustomer('我要找人工客服', '我的订单 A1003 多久能送到？');
      const chinese = await agentApi('GET', `/tickets/${zh.ticketId}/suggested-reply`);
      expect(chinese.status).toBe(200);
      expect(chinese.body).toMatchObject({ locale: 'zh', from: { orderFacts: true } });
      expect(chinese.body.text).toContain('您的订单 A1003');
      expect(Object.values(ANSWERS_ZH).some((answer) => chinese.body.text.includes(answer))).toBe(true);
      expect(chinese.body.text).not.toMatch(/Your order/);

      // One click sends it, and the coach lets a suggested reply through.
      const sent = await agentApi('POST', `/tickets/${zh.ticketId}/reply`, { text: chinese.body.text });
      expect(sent.status).toBe(200);
      expect(texts(await zh.customer.read())).toEqual([chinese.body.text]);
      expect((await agentApi('GET', '/tickets/nope/suggested-reply')).status).toBe(404);
      // Each runs the NLU: the fourth in a minute is refused, with when to ask again.
      const limited = await fetch(`${baseUrl}/api/agent/tickets/${zh.ticketId}/suggested-reply`, { headers: { authorization: `Bearer ${ADA_TOKEN}` } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await limited.json()).error.code).toBe('rate_limited');
    });

    it('counts reviews for supervisors, without agent labels', async () => {
      const metrics = await (await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
      const count = (outcome: string) =>
        Number(new RegExp(`^baton_coach_reviews_total\\{desk="console",outcome="${outcome}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
      expect(count('flagged')).toBe(3);
      expect(count('sent_anyway')).toBe(1);
      expect(count('phrase_used')).toBe(1);
      // Seven sends, but "send anyway" repeats a draft already reviewed (and flagged): six reviews.
      expect(count('reviewed')).toBe(6);
      expect(metrics).not.toMatch(/baton_coach_reviews_total\{[^}]*agent/);
    });
  });
}
