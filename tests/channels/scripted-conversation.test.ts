/**
 * One scripted conversation on every customer channel of the full demo app (createShopAssistant with all
 * channels configured and AGENTS set), on memory and on the real Redis: a question, an order lookup, an
 * angry message that hands the conversation to a person, the agent's reply through the agent API, the
 * resolve, and the CSAT answer "5". Each channel must give the same outcomes, step for step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { loadConfig } from '../../infra/config.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-bot-connector.js';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.js';
import { createFakePhone, type FakePhone } from '../support/fake-whatsapp-web.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';
import { TEST_ACCESS_TOKEN, TEST_APP_SECRET, TEST_PHONE_NUMBER_ID, TEST_VERIFY_TOKEN } from '../support/whatsapp-webhook.js';
import {
  botFrameworkCustomer,
  telegramCustomerOf,
  webCustomer,
  whatsAppCloudCustomer,
  whatsAppWebCustomer,
  type ChannelCustomer,
  type Platforms,
} from './customers.js';

const ADA_TOKEN = 'ada-token-0123456789abcdef';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);
const TELEGRAM_SECRET = 'scripted-webhook-secret_0123456789';
const AGENT_REPLY = 'Hi, Ada here. Your order A1001 is with DHL and arrives tomorrow.';

const CHANNELS: Record<string, (platforms: Platforms) => Promise<ChannelCustomer>> = {
  'web (Direct Line)': webCustomer,
  Telegram: telegramCustomerOf,
  'WhatsApp Cloud API': whatsAppCloudCustomer,
  'whatsapp-web.js': whatsAppWebCustomer,
  'Bot Framework': botFrameworkCustomer,
};

/** What every channel must end with, step by step. */
const EXPECTED = {
  question: 'answered: card brands listed',
  order: 'answered: Order A1001 status',
  angry: { ticket: 'queued', reason: 'negative_emotion', toldPlace: true },
  claimed: 'customer told Ada joined',
  reply: 'delivered as written',
  resolved: { thanked: true, csatAsked: true },
  csat: { ticketState: 'resolved', csat: 5 },
};

for (const store of ['memory', 'redis'] as const) {
  describe(`one scripted conversation on every channel (${store} store)`, () => {
    let assistant: ShopAssistant;
    let telegram: FakeTelegramApi;
    let graph: FakeGraphApi;
    let phone: FakePhone;
    let connector: FakeConnector;
    let testRedis: TestRedis | undefined;
    let platforms: Platforms;

    const agentApi = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${platforms.baseUrl}/api/agent${path}`, {
        method,
        headers: { authorization: `Bearer ${ADA_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the agent API's JSON
      return { status: response.status, body: (await response.json()) as any };
    };

    beforeAll(async () => {
      [telegram, graph, connector] = await Promise.all([startFakeTelegramApi(), startFakeGraphApi(), startFakeConnector()]);
      phone = createFakePhone();
      testRedis = store === 'redis' ? connectTestRedis('scripted') : undefined;
      const settings = {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        AGENTS,
        ADMIN_TOKEN: 'admin-token-0123456789abcdef',
        PUBLIC_URL: 'https://shop.example.test',
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        WHATSAPP_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
        WHATSAPP_APP_SECRET: TEST_APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
        WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
        WHATSAPP_GRAPH_API_BASE: graph.url,
        WHATSAPP_TEMPLATE_NAME: 'reply_waiting',
        WHATSAPP_WEB: 'true',
        BOTFRAMEWORK_ANONYMOUS: 'true',
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      };
      assistant = await createShopAssistant(loadConfig(settings), { whatsAppWebClient: phone.factory() });
      const port = await assistant.start();
      platforms = {
        baseUrl: `http://127.0.0.1:${port}`,
        channels: assistant.channels,
        telegram: { fake: telegram, secret: TELEGRAM_SECRET },
        graph,
        phone,
        connector,
      };
    });

    afterAll(async () => {
      await assistant?.stop();
      await Promise.all([telegram?.close(), graph?.close(), connector?.close()]);
      await testRedis?.cleanup();
    });

    it('runs every channel it was configured with', () => {
      expect(assistant.channels.map((channel) => channel.name)).toEqual(['directline', 'telegram', 'whatsapp', 'whatsapp-web', 'botframework']);
    });

    for (const [name, start] of Object.entries(CHANNELS)) {
      it(`gives the same outcomes on ${name}`, async () => {
        const customer = await start(platforms);
        const joined = (texts: string[]) => texts.join('\n');
        const outcomes: Record<string, unknown> = {};

        outcomes.question = /Visa/.test(joined(await customer.say('what payment methods do you accept?'))) ? EXPECTED.question : 'not answered';
        outcomes.order = /Order A1001/.test(joined(await customer.say('track order A1001'))) ? EXPECTED.order : 'not answered';

        const queued = joined(await customer.say('This is ridiculous, my order is so late. I want a real person!'));
        const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
        outcomes.angry = { ticket: ticket?.state, reason: ticket?.reason, toldPlace: /queue/i.test(queued) };

        expect((await agentApi('POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);
        outcomes.claimed = (await customer.read()).includes(handoffMessages('en').agentJoined({ agentName: 'Ada' })) ? EXPECTED.claimed : 'customer not told';

        const reply = await agentApi('POST', `/tickets/${ticket!.id}/reply`, { text: AGENT_REPLY });
        outcomes.reply =
          reply.status === 200 && reply.body.notices === undefined && (await customer.read()).includes(AGENT_REPLY)
            ? EXPECTED.reply
            : `not delivered (${reply.status})`;

        expect((await agentApi('POST', `/tickets/${ticket!.id}/resolve`)).status).toBe(200);
        const afterResolve = joined(await customer.read());
        outcomes.resolved = { thanked: afterResolve.includes(handoffMessages('en').resolved), csatAsked: /How would you rate/.test(afterResolve) };

        await customer.say('5');
        const details = await agentApi('GET', `/tickets/${ticket!.id}`);
        outcomes.csat = { ticketState: details.body.state, csat: details.body.csat };

        expect(outcomes).toEqual(EXPECTED);
      });
    }
  });
}
