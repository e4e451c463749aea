/**
 * The abuse limits, through the front doors (docs/security/abuse-limits.md): Direct Line over HTTP,
 * Telegram and WhatsApp by their signed webhooks to the loopback fakes, on memory and on the real
 * Redis; and two instances on one Redis spending one budget. Limits are set low by settings, as a
 * shop would set them, so a handful of requests reaches them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ESCALATION_LIMITED } from '../../handoff/service/escalation-limits.js';
import { TOO_FAST } from '../../dialogs/middleware/message-limit.js';
import { startFakes, startFullApp, TELEGRAM_SECRET, type Fakes, type FullApp } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';
import { envelope, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { shownText } from '../support/fake-graph-api.js';
import { customer, textUpdate } from '../telegram/updates.js';

const DL = '/v3/directline';
const LIMITS = {
  LIMIT_CONVERSATIONS_PER_CLIENT: '3/10m',
  LIMIT_MESSAGES_PER_CONVERSATION: '4/1m',
  LIMIT_ESCALATIONS_PER_CONVERSATION: '1/1h',
  LIMIT_ESCALATIONS_PER_CLIENT: '2/1h',
};

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const post = (baseUrl: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) =>
  fetch(`${baseUrl}${DL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function expectTooMany(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await response.json()).toMatchObject({ error: { code: 'TooManyRequests', message: expect.stringMatching(/Try again in \d+ seconds/) } });
}

async function startConversation(baseUrl: string): Promise<{ conversationId: string; token: string }> {
  const started = await post(baseUrl, '/conversations');
  expect(started.status).toBe(201);
  return (await started.json()) as { conversationId: string; token: string };
}

/** Posts a message as the conversation's customer; resolves the HTTP status. */
const say = (baseUrl: string, conversation: { conversationId: string; token: string }, text: string) =>
  post(baseUrl, `/conversations/${conversation.conversationId}/activities`, {
    token: conversation.token,
    body: { type: 'message', text, from: { id: 'visitor' } },
  });

/** The bot's messages in a Direct Line conversation so far. */
async function botTexts(baseUrl: string, conversation: { conversationId: string; token: string }): Promise<string[]> {
  const response = await fetch(`${baseUrl}${DL}/conversations/${conversation.conversationId}/activities`, {
    headers: { authorization: `Bearer ${conversation.token}` },
  });
  const page = (await response.json()) as { activities: { type: string; text?: string; from?: { id: string } }[] };
  return page.activities.filter((activity) => activity.type === 'message' && activity.from?.id !== 'visitor').map((activity) => activity.text ?? '');
}

describe.each(['memory', 'redis'] as const)('abuse limits on %s', (store) => {
  let fakes: Fakes;
  let testRedis: TestRedis | undefined;
  let app: FullApp;
  const start = async (extra: Record<string, string> = {}) => {
    testRedis = store === 'redis' ? connectTestRedis('abuse') : undefined;
    app = await startFullApp(fakes, { ...(testRedis ? { redis: { url: testRedisUrl, keyPrefix: testRedis.keyPrefix } } : {}), extra: { ...LIMITS, ...extra } });
    return app;
  };

  beforeAll(async () => {
    fakes = await startFakes();
  });
  afterEach(async () => {
    await app?.stop();
    await testRedis?.cleanup();
  });
  afterAll(async () => {
    await fakes?.close();
  });

  it('Direct Line: an address starts a bounded number of conversations, then gets 429 with Retry-After', async () => {
    const { baseUrl } = await start();
    for (let i = 0; i < 2; i++) await startConversation(baseUrl);
    // An anonymous token is a conversation too (demo mode: no secret).
    expect((await post(baseUrl, '/tokens/generate')).status).toBe(200);
    await expectTooMany(await post(baseUrl, '/conversations'));
    await expectTooMany(await post(baseUrl, '/tokens/generate'));
  });

  it('Direct Line: a token in hand is no pass to generate more conversations (open demo)', async () => {
    const { baseUrl } = await start();
    const first = (await (await post(baseUrl, '/tokens/generate')).json()) as { token: string };
    // Starting the token's own conversation is not a new one.
    expect((await post(baseUrl, '/conversations', { token: first.token })).status).toBe(201);
    expect((await post(baseUrl, '/tokens/generate', { token: first.token })).status).toBe(200);
    expect((await post(baseUrl, '/tokens/generate', { token: first.token })).status).toBe(200);
    await expectTooMany(await post(baseUrl, '/tokens/generate', { token: first.token }));
  });

  it('Direct Line: the secret holder (the shop backend, for every visitor) is not limited', async () => {
    const secret = 'directline-secret-for-abuse-tests-01';
    const { baseUrl } = await start({ DIRECTLINE_SECRET: secret });
    for (let i = 0; i < 5; i++) {
      const generated = await post(baseUrl, '/tokens/generate', { token: secret });
      expect(generated.status).toBe(200);
      const { token } = (await generated.json()) as { token: string };
      // The visitor's browser starts the conversation with the token its backend got.
      expect((await post(baseUrl, '/conversations', { token })).status).toBe(201);
    }
  });

  it('Direct Line: a conversation posts a bounded number of activities; a stranger cannot spend its budget', async () => {
    const { baseUrl } = await start();
    const conversation = await startConversation(baseUrl);
    // Posts with a wrong token are refused before they count.
    for (let i = 0; i < 6; i++) {
      expect(
        (await post(baseUrl, `/conversations/${conversation.conversationId}/activities`, { token: 'not-a-token', body: { type: 'message', text: 'hi' } }))
          .status,
      ).toBe(401);
    }
    for (let i = 0; i < 4; i++) expect((await say(baseUrl, conversation, `hello ${i}`)).status).toBe(200);
    await expectTooMany(await say(baseUrl, conversation, 'hello again'));
    // Another conversation has its own budget.
    expect((await say(baseUrl, await startConversation(baseUrl), 'hello')).status).toBe(200);
  });

  it('Telegram: over the limit the webhook is still acknowledged, the message kept, and one polite notice sent per window', async () => {
    const { assistant } = await start();
    const webhook = `${app.baseUrl}/telegram/webhook`;
    const chatId = 700_000 + Math.floor(Math.random() * 1000);
    const mia = customer(chatId, 'zh');
    let updateId = chatId * 100;
    const send = async (text: string) => {
      const response = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(textUpdate(++updateId, mia, text)),
      });
      expect(response.status).toBe(200);
    };
    const replies = () =>
      fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(chatId)).map((call) => String(call.params.text));
    // A person takes the conversation first, so the transcript an agent reads is the proof nothing is lost.
    await send('我要人工客服');
    const ticket = await waitFor('the ticket', () => assistant.handoff.service.openTicketFor(String(chatId)));
    for (let i = 0; i < 3; i++) await send(`订单 ${i} 在哪里`);
    await send('第五条消息');
    await send('第六条消息');
    await send('第七条消息');
    const notices = await waitFor('the notice', () => (replies().includes(TOO_FAST.zh) ? replies().filter((text) => text === TOO_FAST.zh) : undefined));
    const details = await waitFor('the transcript', async () => {
      const found = await assistant.handoff.service.details(ticket.id);
      return found?.transcript.some((line) => line.text === '第七条消息') ? found : undefined;
    });
    expect(notices).toHaveLength(1);
    expect(details.transcript.filter((line) => line.from === 'customer').map((line) => line.text)).toEqual(
      expect.arrayContaining(['第五条消息', '第六条消息', '第七条消息']),
    );
  });

  it("WhatsApp: a flood gets one notice in the customer's language, and the bot answers nothing of it", async () => {
    await start();
    const webhook = `${app.baseUrl}/whatsapp/webhook`;
    const waId = `4479${Math.floor(Math.random() * 1e7)}`;
    for (let i = 0; i < 8; i++) expect((await postWebhook(webhook, envelope({ messages: [textMessage(waId, `hello, message ${i}`)], waId }))).status).toBe(200);
    const texts = () => fakes.graph.delivered(waId).map(shownText);
    await waitFor('the notice', () => texts().includes(TOO_FAST.en));
    // Let stragglers land, then count: four turns answered, one notice, nothing for messages 6 to 8.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(texts().filter((text) => text === TOO_FAST.en)).toHaveLength(1);
  });

  it('escalations per conversation: a customer who left the queue cannot reopen a ticket at once', async () => {
    const { assistant } = await start();
    const conversation = await startConversation(app.baseUrl);
    expect((await say(app.baseUrl, conversation, 'I want to talk to a real person')).status).toBe(200);
    await waitFor('the ticket', () => assistant.handoff.service.openTicketFor(conversation.conversationId));
    expect((await say(app.baseUrl, conversation, 'cancel')).status).toBe(200);
    await waitFor('the withdrawal', async () => !(await assistant.handoff.service.openTicketFor(conversation.conversationId)));
    expect((await say(app.baseUrl, conversation, 'I will sue you, get me a lawyer and a manager now')).status).toBe(200);
    expect(await botTexts(app.baseUrl, conversation)).toContain(ESCALATION_LIMITED.en);
    expect(await assistant.handoff.service.openTicketFor(conversation.conversationId)).toBeUndefined();
  });

  it('crisis wording raises a waiting ticket once, however often it is repeated', async () => {
    const { assistant } = await start();
    const conversation = await startConversation(app.baseUrl);
    await say(app.baseUrl, conversation, 'I want to talk to a real person');
    const queued = await waitFor('the ticket', () => assistant.handoff.service.openTicketFor(conversation.conversationId));
    for (let i = 0; i < 3; i++) expect((await say(app.baseUrl, conversation, `I will sue you, my lawyer is reading this (${i})`)).status).toBe(200);
    expect((await assistant.handoff.store.getTicket(queued.id))?.priority).toBe(queued.priority + 40);
  });

  it('escalations per client: one address opens a bounded number of tickets across conversations', async () => {
    const { assistant } = await start({ LIMIT_ESCALATIONS_PER_CONVERSATION: '5/1h' });
    const tickets = async () => (await assistant.handoff.store.queue()).length;
    for (let i = 0; i < 2; i++) {
      const conversation = await startConversation(app.baseUrl);
      await say(app.baseUrl, conversation, 'I want to talk to a real person');
      await waitFor('the ticket', () => assistant.handoff.service.openTicketFor(conversation.conversationId));
    }
    const third = await startConversation(app.baseUrl);
    await say(app.baseUrl, third, 'this is a scam, I am calling the police and the newspapers');
    expect(await botTexts(app.baseUrl, third)).toContain(ESCALATION_LIMITED.en);
    expect(await tickets()).toBe(2);
  });
});

describe('abuse limits across instances', () => {
  let fakes: Fakes;
  let testRedis: TestRedis;
  const apps: FullApp[] = [];

  beforeAll(async () => {
    fakes = await startFakes();
    testRedis = connectTestRedis('abuse-shared');
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await testRedis.cleanup();
    await fakes.close();
  });

  it('two instances on one Redis spend one budget', async () => {
    const options = { redis: { url: testRedisUrl, keyPrefix: testRedis.keyPrefix }, extra: LIMITS };
    apps.push(await startFullApp(fakes, options), await startFullApp(fakes, options));
    const [a, b] = apps as [FullApp, FullApp];
    // Conversations from one address: three in all, whichever instance the balancer picks.
    expect((await post(a.baseUrl, '/conversations')).status).toBe(201);
    expect((await post(b.baseUrl, '/conversations')).status).toBe(201);
    const conversation = (await (await post(a.baseUrl, '/conversations')).json()) as { conversationId: string; token: string };
    await expectTooMany(await post(b.baseUrl, '/conversations'));
    // Messages of one conversation: four in all across both.
    for (const app of [a, b, a, b]) expect((await say(app.baseUrl, conversation, 'hello')).status).toBe(200);
    await expectTooMany(await say(a.baseUrl, conversation, 'hello'));
    await expectTooMany(await say(b.baseUrl, conversation, 'hello'));
  });
});
