/**
 * The demo bot over WhatsApp through its front door: signed Cloud API webhooks posted into the composed
 * app (real NLU, real dialogs), its answers recorded by a loopback Graph API, on memory and on the real
 * Redis. The clock is injected so a customer can fall outside the 24-hour window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outsideWindowSends, type WhatsAppCloudChannel } from '../../adapters/whatsapp/index.js';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { shownOptions, shownText, startFakeGraphApi, type FakeGraphApi, type RecordedCall } from '../support/fake-graph-api.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';
import {
  buttonReply,
  envelope,
  newWamid,
  postWebhook,
  status,
  TEST_ACCESS_TOKEN,
  TEST_APP_SECRET,
  TEST_PHONE_NUMBER_ID,
  TEST_VERIFY_TOKEN,
  textMessage,
  verifyWebhook,
} from '../support/whatsapp-webhook.js';

const HOUR = 3600 * 1000;

for (const store of ['memory', 'redis'] as const) {
  describe(`shop assistant over WhatsApp Cloud API (${store} store)`, () => {
    let assistant: ShopAssistant;
    let graph: FakeGraphApi;
    let testRedis: TestRedis | undefined;
    let webhook: string;
    let whatsapp: WhatsAppCloudChannel;
    let clock = Date.now();
    let customer = 0;
    const nextCustomer = () => `8613800${String(++customer).padStart(4, '0')}`;

    /** Posts one message from `waId`, waits for the turn, and returns what the bot sent back. */
    const send = async (waId: string, message: Parameters<typeof envelope>[0]['messages']): Promise<RecordedCall[]> => {
      const before = graph.delivered(waId).length;
      expect((await postWebhook(webhook, envelope({ waId, name: 'Li Wei', messages: message }))).status).toBe(200);
      await whatsapp.adapter.drain();
      return graph.delivered(waId).slice(before);
    };
    const say = (waId: string, text: string, id = newWamid()) => send(waId, [textMessage(waId, text, { id, at: clock })]);
    const texts = (calls: RecordedCall[]) => calls.map(shownText).join('\n');

    beforeAll(async () => {
      graph = await startFakeGraphApi();
      testRedis = store === 'redis' ? connectTestRedis('e2e-whatsapp') : undefined;
      const settings = {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        WHATSAPP_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
        WHATSAPP_APP_SECRET: TEST_APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
        WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
        WHATSAPP_GRAPH_API_BASE: graph.url,
        WHATSAPP_GRAPH_API_VERSION: 'v24.0',
        WHATSAPP_TEMPLATE_NAME: 'reply_waiting',
        WHATSAPP_TEMPLATE_LANGUAGE: 'en_US',
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      };
      assistant = await createShopAssistant(loadConfig(settings), { now: () => clock });
      webhook = `http://127.0.0.1:${await assistant.start()}/whatsapp/webhook`;
      whatsapp = assistant.channels.find((channel) => channel.name === 'whatsapp') as WhatsAppCloudChannel;
    });

    afterAll(async () => {
      await assistant?.stop();
      await graph?.close();
      await testRedis?.cleanup();
    });

    it("answers Meta's verification request at the webhook URL", async () => {
      const response = await verifyWebhook(webhook, { 'hub.mode': 'subscribe', 'hub.verify_token': TEST_VERIFY_TOKEN, 'hub.challenge': 'challenge-42' });
      expect(await response.text()).toBe('challenge-42');
      expect((await verifyWebhook(webhook, { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': 'x' })).status).toBe(403);
    });

    it('tracks an order to the end, with the next steps as reply buttons, and follows a tapped button', async () => {
      const waId = nextCustomer();
      expect(texts(await say(waId, 'where is my order?'))).toMatch(/order number/i);

      const status1001 = await say(waId, 'A1001');
      expect(texts(status1001)).toMatch(/Order A1001/);
      const withButtons = status1001.find((call) => call.body.type === 'interactive');
      expect(withButtons?.body).toMatchObject({ type: 'interactive', interactive: { type: 'button' } });
      expect(shownOptions(withButtons!).map((button) => button.title)).toContain('Talk to a person');

      // A processing order offers cancel: tapping that button starts the cancel dialog for this order.
      const status1002 = await say(waId, 'track order A1002');
      const cancel = status1002.flatMap(shownOptions).find((button) => /cancel/i.test(button.title));
      expect(cancel).toBeDefined();
      expect(texts(await send(waId, [buttonReply(waId, cancel!, { at: clock })]))).toMatch(/e-mail address or phone number/);
      const confirm = await say(waId, 'ada@example.com');
      expect(texts(confirm)).toMatch(/Do you want me to cancel it\?/);
      const yes = confirm.flatMap(shownOptions).find((button) => /yes/i.test(button.title));
      expect(texts(await send(waId, [buttonReply(waId, yes!, { at: clock })]))).toMatch(/A1002/);
      expect(texts(await say(waId, 'track order A1002'))).toMatch(/cancel/i);
    });

    it('calls the Graph API version WHATSAPP_GRAPH_API_VERSION names', async () => {
      const waId = nextCustomer();
      const replies = await say(waId, 'where is my order?');
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.map((call) => call.path)).toEqual(replies.map(() => `/v24.0/${TEST_PHONE_NUMBER_ID}/messages`));
    });

    it('answers a redelivered message once', async () => {
      const waId = nextCustomer();
      const id = newWamid();
      const first = await say(waId, 'where is my order?', id);
      const again = await say(waId, 'where is my order?', id);
      expect(texts(first)).toMatch(/order number/i);
      expect(again).toEqual([]);
    });

    it('refuses a bad or missing signature with 401 and answers nothing', async () => {
      const waId = nextCustomer();
      const payload = envelope({ waId, messages: [textMessage(waId, 'where is my order?')] });
      expect((await postWebhook(webhook, payload, { signature: null })).status).toBe(401);
      expect((await postWebhook(webhook, payload, { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
      await whatsapp.adapter.drain();
      expect(graph.delivered(waId)).toEqual([]);
    });

    it('takes delivery statuses without answering them', async () => {
      const waId = nextCustomer();
      const [reply] = await say(waId, 'hello');
      const response = await postWebhook(
        webhook,
        envelope({ statuses: [status(waId, reply.messageId!, 'delivered'), status(waId, reply.messageId!, 'read')] }),
      );
      expect(response.status).toBe(200);
      await whatsapp.adapter.drain();
      expect(graph.delivered(waId)).toHaveLength(1);
    });

    it('sends a proactive message to a customer silent for more than 24 hours as the template', async () => {
      const waId = nextCustomer();
      await say(waId, 'I want a refund');
      clock += 25 * HOUR;
      let reported: string[] = [];
      await whatsapp.adapter.continueConversation(
        { channelId: 'whatsapp', conversation: { id: waId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: waId, name: '' } },
        async (context) => {
          await context.sendActivity('Agent Mei: your refund for A1004 is approved.');
          reported = outsideWindowSends(context).map((event) => event.outcome);
        },
      );
      const last = graph.delivered(waId).at(-1)!;
      expect(last.body).toMatchObject({ type: 'template', template: { name: 'reply_waiting', language: { code: 'en_US' } } });
      expect(reported).toEqual(['template_sent']);
    });
  });
}
