/**
 * WhatsApp's 24-hour window meets the handoff: an agent who answers a customer silent for more than a day
 * sends, through the Cloud API, the approved template instead of their text, and is told so, in the reply
 * result and as a desk event every console receives. On memory and on the real Redis (the event crosses
 * the Redis bus there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppCloudChannel } from '../../adapters/whatsapp/index.js';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import type { DeskEvent } from '../../handoff/desk-api.js';
import { loadConfig } from '../../infra/config.js';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import { eventually } from '../support/fake-whatsapp-web.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';
import {
  envelope,
  newWamid,
  postWebhook,
  TEST_ACCESS_TOKEN,
  TEST_APP_SECRET,
  TEST_PHONE_NUMBER_ID,
  TEST_VERIFY_TOKEN,
  textMessage,
} from '../support/whatsapp-webhook.js';

const ADA_TOKEN = 'ada-token-0123456789abcdef';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en'], skills: ['general'], capacity: 5 }]);
const HOUR = 3600_000;

for (const store of ['memory', 'redis'] as const) {
  describe(`an agent reply after WhatsApp's 24-hour window (${store} store)`, () => {
    let assistant: ShopAssistant;
    let graph: FakeGraphApi;
    let testRedis: TestRedis | undefined;
    let baseUrl: string;
    let clock = Date.now();

    const agentApi = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}/api/agent${path}`, {
        method,
        headers: { authorization: `Bearer ${ADA_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the agent API's JSON
      return { status: response.status, body: (await response.json()) as any };
    };

    beforeAll(async () => {
      graph = await startFakeGraphApi();
      testRedis = store === 'redis' ? connectTestRedis('window-handoff') : undefined;
      const settings = {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        AGENTS,
        WHATSAPP_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
        WHATSAPP_APP_SECRET: TEST_APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
        WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
        WHATSAPP_GRAPH_API_BASE: graph.url,
        WHATSAPP_TEMPLATE_NAME: 'reply_waiting',
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      };
      assistant = await createShopAssistant(loadConfig(settings), { now: () => clock });
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await graph?.close();
      await testRedis?.cleanup();
    });

    it('tells the agent their reply went out as the template, and what to do', async () => {
      const waId = '8613912340001';
      const whatsapp = assistant.channels.find((channel) => channel.name === 'whatsapp') as WhatsAppCloudChannel;
      await postWebhook(
        `${baseUrl}/whatsapp/webhook`,
        envelope({ waId, messages: [textMessage(waId, 'I want to talk to a real person', { id: newWamid(), at: clock })] }),
      );
      await whatsapp.adapter.drain();
      const ticket = await assistant.handoff.service.openTicketFor(waId);
      expect((await agentApi('POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);

      const events: DeskEvent[] = [];
      const unsubscribe = await assistant.handoff.service.subscribe('ada', (event) => events.push(event));
      clock += 25 * HOUR;
      const reply = await agentApi('POST', `/tickets/${ticket!.id}/reply`, { text: 'Sorry for the wait: your refund is approved.' });
      expect(reply.status).toBe(200);
      expect(reply.body.notices).toEqual([
        {
          code: 'sent_as_template',
          message: expect.stringMatching(/24-hour window has closed.*template "reply_waiting".*not your reply\. Send it again once they answer/),
        },
      ]);
      expect(graph.delivered(waId).at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'reply_waiting' } });
      const notice = await eventually('the delivery notice event', () => events.find((event) => event.type === 'delivery_notice'));
      expect(notice).toEqual({ type: 'delivery_notice', ticketId: ticket!.id, notice: reply.body.notices[0] });
      await unsubscribe();

      // Once the customer writes back, the window is open again and the reply goes out as written, without a notice.
      await postWebhook(`${baseUrl}/whatsapp/webhook`, envelope({ waId, messages: [textMessage(waId, 'ok I am here', { id: newWamid(), at: clock })] }));
      await whatsapp.adapter.drain();
      const again = await agentApi('POST', `/tickets/${ticket!.id}/reply`, { text: 'Sorry for the wait: your refund is approved.' });
      expect(again.body.notices).toBeUndefined();
      expect(graph.delivered(waId).at(-1)!.body).toMatchObject({ type: 'text', text: { body: 'Sorry for the wait: your refund is approved.' } });
    });
  });
}
