/**
 * What the handoff tells the customer must be true, tried as a new user would, through the app's front
 * doors: Direct Line over HTTP, the Telegram webhook, the agent API and the Slack card (loopback fakes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { loadConfig } from '../../infra/config.js';
import { fullSettings, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { startCustomer, type BotReply } from '../support/directline-customer.js';

const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text).join('\n');

describe('contact-detail questions are answered, not escalated', () => {
  let fakes: Fakes;
  let app: FullApp;
  beforeAll(async () => {
    fakes = await startFakes();
    app = await startFullApp(fakes);
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  const questions = ['客服电话是多少', "what's your customer service phone number?", 'how can I email you?', '客服邮箱', '有没有人工客服的电话', '人工客服几点上班'];
  it.each(questions)('%s', async (question) => {
    const customer = await startCustomer(app.baseUrl);
    const replies = texts(await customer.say(question));
    expect(replies).toMatch(/support@demo-shop\.example/);
    expect(replies).toMatch(/\+1 555 0100/);
    expect(await app.assistant.handoff.service.openTicketFor(customer.conversationId)).toBeUndefined();
  });

  it.each(['I want to talk to a real person', '转人工', '转人工，你们电话多少'])('"%s" still reaches a person', async (request) => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say(request);
    expect(await app.assistant.handoff.service.openTicketFor(customer.conversationId)).toMatchObject({ state: 'queued', reason: 'requested_human' });
  });
});

/** The demo app with one agent, Ada, and a clock the test moves. */
async function startClockedApp(fakes: Fakes, agents: readonly Record<string, unknown>[], extra: Record<string, string> = {}) {
  const clock = { now: Date.parse('2026-11-23T10:00:00Z') };
  const assistant: ShopAssistant = await createShopAssistant(loadConfig(fullSettings(fakes, { extra: { AGENTS: JSON.stringify(agents), ...extra } })), { now: () => clock.now });
  const baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  const agentApi = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  return { assistant, baseUrl, clock, agentApi };
}

const ADA = { id: 'ada', name: 'Ada', token: 'ada-truthful-token-00001', languages: ['en', 'zh'], skills: ['general'], capacity: 3 };

describe('nobody on duty: no wait is promised, first or later', () => {
  let fakes: Fakes;
  let app: Awaited<ReturnType<typeof startClockedApp>>;
  beforeAll(async () => {
    fakes = await startFakes();
    app = await startClockedApp(fakes, [ADA]);
  });
  afterAll(async () => {
    await app?.assistant.stop();
    await fakes?.close();
  });

  it.each(['en', 'zh'])('in %s', async (locale) => {
    expect((await app.agentApi(ADA.token, 'PUT', '/me/presence', { presence: 'away' })).status).toBe(200);
    const customer = await startCustomer(app.baseUrl);
    const opened = texts(await customer.say(locale === 'zh' ? '转人工' : 'I want to talk to a real person'));
    expect(opened).toContain(handoffMessages(locale).queuedNoAgents({ position: 1 }).slice(0, 20));
    expect(opened).not.toMatch(/minute|分钟/);
    // Past the SLA the reminder repeats the truth: still nobody, still no minute count.
    app.clock.now += 31_000;
    await app.assistant.handoff.service.fireDueDeadlines();
    const reminder = texts(await customer.read());
    expect(reminder).toBe(handoffMessages(locale).stillQueuedNoAgents({ position: 1 }));
    expect(reminder).not.toMatch(/min|分钟/);
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    await app.assistant.handoff.service.erase(customer.conversationId);
    expect(ticket?.state).toBe('queued');
  });
});
