/**
 * Cross-border service through the front doors: signed WhatsApp Cloud API webhooks into the composed
 * app (real NLU, real policy, real queue), a Chinese-speaking agent on the agent API, and DeepL as a
 * loopback fake that records what it was sent. A Spanish complaint reaches the agent in Chinese, the
 * agent's Chinese reply reaches the customer in Spanish, both texts stay in the transcript, and a
 * provider failure still delivers the original, with a notice. Claim-next offers the agent such a
 * ticket as the queue list does. Without any provider, a German
 * message still goes to a person rather than the "out of scope" answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppCloudChannel } from '../../adapters/whatsapp/index.js';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { shownText, startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import { startFakeTranslationApis, type FakeTranslationApis } from '../support/fake-translation-apis.js';
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

const LI_TOKEN = 'li-token-0123456789abcdef0123';
const AGENTS = JSON.stringify([{ id: 'li', name: 'Li Na', token: LI_TOKEN, languages: ['zh'], skills: ['general', 'senior'], capacity: 5 }]);
const COMPLAINT = '¡Mi pedido llegó roto y nadie me responde! Estoy muy enfadado, esto es una vergüenza.';
const FOLLOW_UP = 'Quiero que me envíen otro hoy mismo, por favor.';
const REPLY_ZH = '非常抱歉，我们今天就为您补发一件。';
const PHRASES = {
  en: { [COMPLAINT]: 'My order arrived broken and nobody answers me! I am very angry, this is a disgrace.' },
  zh: { [COMPLAINT]: '我的订单到了是坏的，没人回复我！我很生气，太丢人了。', [FOLLOW_UP]: '请今天就再给我寄一件。' },
  es: { [REPLY_ZH]: 'Lo sentimos mucho, hoy mismo le enviamos otro.' },
};

interface Setup {
  assistant: ShopAssistant;
  graph: FakeGraphApi;
  webhook: string;
  whatsapp: WhatsAppCloudChannel;
  baseUrl: string;
}

async function start(extra: Record<string, string>): Promise<Setup> {
  const graph = await startFakeGraphApi();
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
    WHATSAPP_GRAPH_API_VERSION: 'v24.0',
    ...extra,
  };
  const assistant = await createShopAssistant(loadConfig(settings));
  const port = await assistant.start();
  const whatsapp = assistant.channels.find((channel) => channel.name === 'whatsapp') as WhatsAppCloudChannel;
  return { assistant, graph, webhook: `http://127.0.0.1:${port}/whatsapp/webhook`, whatsapp, baseUrl: `http://127.0.0.1:${port}` };
}

async function say(setup: Setup, waId: string, text: string): Promise<string[]> {
  const before = setup.graph.delivered(waId).length;
  const response = await postWebhook(setup.webhook, envelope({ waId, name: 'Lucía', messages: [textMessage(waId, text, { id: newWamid(), at: Date.now() })] }));
  expect(response.status).toBe(200);
  await setup.whatsapp.adapter.drain();
  return setup.graph.delivered(waId).slice(before).map(shownText);
}

async function agentApi(setup: Setup, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${setup.baseUrl}/api/agent${path}`, {
    method,
    headers: { authorization: `Bearer ${LI_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('translation at the desk boundary (WhatsApp, DeepL fake)', () => {
  let setup: Setup;
  let deepl: FakeTranslationApis;

  beforeAll(async () => {
    deepl = await startFakeTranslationApis(PHRASES);
    setup = await start({ TRANSLATION_SETTINGS: JSON.stringify({ provider: 'deepl', apiKey: 'test-deepl-key:fx', baseUrl: deepl.url }) });
    await agentApi(setup, 'PUT', '/me/presence', { presence: 'available' });
  });

  afterAll(async () => {
    await setup?.assistant.stop();
    await setup?.graph.close();
    await deepl?.close();
  });

  it('a Spanish complaint reaches a Chinese-speaking agent in Chinese, and the reply reaches the customer in Spanish', async () => {
    const waId = '34600111222';
    const answers = await say(setup, waId, COMPLAINT);
    const ticket = await setup.assistant.handoff.service.openTicketFor(waId);
    expect(ticket?.language).toBe('es');
    // Emotion was read on the English translation: an upset customer, not "out of scope".
    expect(ticket?.reason).toBe('negative_emotion');
    expect(answers.join('\n')).not.toMatch(/didn't quite get/i);

    // Nobody speaks Spanish: the ticket is served through translation, so the Chinese agent sees it.
    const queue = await agentApi(setup, 'GET', '/queue');
    expect(queue.body.queued.map((t: { id: string }) => t.id)).toContain(ticket!.id);
    expect((await agentApi(setup, 'POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);

    const details = await agentApi(setup, 'GET', `/tickets/${ticket!.id}`);
    const complaint = details.body.transcript.find((line: { from: string; original?: string }) => line.from === 'customer' && line.original === COMPLAINT);
    expect(complaint.text).toBe(PHRASES.zh[COMPLAINT]);
    expect(complaint.originalLanguage).toBe('es');

    // A message while the agent holds the ticket: translated for the agent, logged with its translation.
    await say(setup, waId, FOLLOW_UP);
    const sent = await agentApi(setup, 'POST', `/tickets/${ticket!.id}/reply`, { text: REPLY_ZH });
    expect(sent.status).toBe(200);
    expect(setup.graph.delivered(waId).map(shownText)).toContain(PHRASES.es[REPLY_ZH]);
    expect(setup.graph.delivered(waId).map(shownText)).not.toContain(REPLY_ZH);

    // Both texts of each message are in the stored transcript.
    const after = await agentApi(setup, 'GET', `/tickets/${ticket!.id}`);
    const lines = after.body.transcript as { from: string; text: string; original?: string }[];
    expect(lines).toContainEqual(expect.objectContaining({ from: 'customer', text: PHRASES.zh[FOLLOW_UP], original: FOLLOW_UP }));
    expect(lines).toContainEqual(expect.objectContaining({ from: 'agent', text: REPLY_ZH, original: PHRASES.es[REPLY_ZH] }));

    // DeepL was called with its own auth header and target codes; customers' texts went masked.
    expect(deepl.calls.every((call) => call.headers.authorization === 'DeepL-Auth-Key test-deepl-key:fx')).toBe(true);
    expect(deepl.calls.map((call) => (call.body as { target_lang: string }).target_lang)).toEqual(expect.arrayContaining(['EN-US', 'ZH-HANS', 'ES']));
  });

  it('claim-next gives the Chinese-speaking agent a Spanish ticket served through translation', async () => {
    const waId = '34600555666';
    await say(setup, waId, COMPLAINT);
    const ticket = await setup.assistant.handoff.service.openTicketFor(waId);
    expect(ticket).toMatchObject({ state: 'queued', language: 'es', details: { viaTranslation: true } });
    const next = await agentApi(setup, 'POST', '/claim-next');
    expect(next).toMatchObject({ status: 200, body: { ticket: { id: ticket!.id, state: 'assigned', agentId: 'li' } } });
    expect((await agentApi(setup, 'POST', '/claim-next')).body.error.code).toBe('empty_queue');
  });

  it('a German customer is told in German that a person will answer', async () => {
    const waId = '4915199999999';
    const answers = await say(setup, waId, 'Hallo, wo ist mein Paket? Ich warte schon seit zwei Wochen darauf.');
    const ticket = await setup.assistant.handoff.service.openTicketFor(waId);
    expect(ticket?.language).toBe('de');
    // The fake DeepL marks what it translated: the queue notice went out in the customer's language.
    expect(answers.join('\n')).toMatch(/^\[de\] .*(person|team)/im);
    const sentToDeepl = deepl.calls.map((call) => call.body as { target_lang: string; text: string[] });
    expect(sentToDeepl).toContainEqual(expect.objectContaining({ target_lang: 'DE' }));
  });

  it('a provider failure still delivers the original, and says so', async () => {
    const waId = '34600333444';
    await say(setup, waId, COMPLAINT);
    const ticket = await setup.assistant.handoff.service.openTicketFor(waId);
    expect((await agentApi(setup, 'POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);
    deepl.failNext(503, 3);
    const sent = await agentApi(setup, 'POST', `/tickets/${ticket!.id}/reply`, { text: '我们正在处理。' });
    expect(sent.status).toBe(200);
    expect(sent.body.notices).toContainEqual(expect.objectContaining({ code: 'sent_untranslated' }));
    expect(setup.graph.delivered(waId).map(shownText)).toContain('我们正在处理。');
  });
});

describe('language identification without a translation provider', () => {
  let setup: Setup;

  beforeAll(async () => {
    setup = await start({});
  });

  afterAll(async () => {
    await setup?.assistant.stop();
    await setup?.graph.close();
  });

  it('a German message goes to a person with its language on the ticket, not the out-of-scope answer', async () => {
    const waId = '4915112345678';
    const answers = await say(setup, waId, 'Hallo, wo ist mein Paket? Ich warte schon seit zwei Wochen darauf.');
    const ticket = await setup.assistant.handoff.service.openTicketFor(waId);
    expect(ticket?.language).toBe('de');
    expect(ticket?.details.unservedLanguage).toBe('de');
    expect(String(ticket?.details.detail)).toContain('German (de)');
    expect(answers.join('\n')).not.toMatch(/didn't quite get|not sure I understood/i);
    expect(answers.join('\n')).toMatch(/person|team/i);
  });

  it("shows the customer's local time for a WhatsApp number that sent no time zone", async () => {
    const waId = '8613800138000';
    await say(setup, waId, '转人工');
    const ticket = await setup.assistant.handoff.service.openTicketFor(waId);
    const shanghai = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const before = shanghai.format(new Date());
    const details = await setup.assistant.handoff.service.details(ticket!.id);
    const after = shanghai.format(new Date());
    expect(details?.customerTimeZone).toBe('Asia/Shanghai');
    expect(details?.customerTimeZoneSource).toBe('phone');
    // Shanghai's wall clock as the details were read (a minute may turn meanwhile).
    expect([before, after]).toContain(details?.customerLocalTime);
  });
});
