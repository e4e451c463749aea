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
import { eventually } from './harness.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';
import { ADMIN_TOKEN, TELEGRAM_SECRET } from '../support/full-app.js';

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

  const questions = [
    '客服电话是多少',
    "what's your customer service phone number?",
    'how can I email you?',
    '客服邮箱',
    '有没有人工客服的电话',
    '人工客服几点上班',
  ];
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
  const assistant: ShopAssistant = await createShopAssistant(loadConfig(fullSettings(fakes, { extra: { AGENTS: JSON.stringify(agents), ...extra } })), {
    now: () => clock.now,
  });
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
    expect(opened).toContain(handoffMessages(locale).queuedNoAgents({ position: 1 }));
    expect(opened).not.toMatch(/minute|分钟/);
    // Past the SLA the reminder repeats the truth: still nobody, still no minute count.
    app.clock.now += 31_000;
    await app.assistant.handoff.service.fireDueDeadlines();
    const reminder = texts(await customer.read());
    expect(reminder).toBe(handoffMessages(locale).stillQueuedNoAgents({ position: 1 }));
    expect(reminder).not.toMatch(/min|分钟/);
    // The team sees a callback: in the console queue and on the Slack card.
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket?.state).toBe('queued');
    expect((await app.agentApi(ADA.token, 'GET', '/queue')).body.queued).toContainEqual(expect.objectContaining({ id: ticket!.id, callback: true }));
    await eventually('the callback on the Slack card', () =>
      fakes.slack
        .callsTo('chat.postMessage')
        .some((m) => JSON.stringify(m.blocks ?? []).includes(ticket!.id) && JSON.stringify(m.blocks).includes('*Callback*')),
    );
    await app.assistant.handoff.service.erase(customer.conversationId);
  });
});

const SAM = { id: 'sam', name: 'Sam', token: 'sam-truthful-token-00002', languages: ['en', 'zh'], skills: ['senior'], capacity: 3 };

describe('routing rules: a crisis goes to senior, and the customer is told only what is true', () => {
  let fakes: Fakes;
  let app: Awaited<ReturnType<typeof startClockedApp>>;
  beforeAll(async () => {
    fakes = await startFakes();
    app = await startClockedApp(fakes, [ADA, SAM]);
  });
  afterAll(async () => {
    await app?.assistant.stop();
    await fakes?.close();
  });

  /** The Slack card of `ticketId`, as last posted or updated. */
  const cardText = (ticketId: string) => {
    const messages = [...fakes.slack.callsTo('chat.postMessage'), ...fakes.slack.callsTo('chat.update')];
    return messages
      .filter((m) => JSON.stringify(m.blocks ?? []).includes(ticketId))
      .map((m) => JSON.stringify(m.blocks))
      .join('\n');
  };

  it('queues a crisis for a senior agent on duty; the card and the console show the rule', async () => {
    const customer = await startCustomer(app.baseUrl);
    const notice = texts(await customer.say("I'm going to sue you for this."));
    expect(notice).toMatch(/senior colleague/);
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket).toMatchObject({ reason: 'crisis', skill: 'senior' });
    // Sam (senior) sees it in the console queue with the rule; Ada (general) does not see it at all.
    const samQueue = await app.agentApi(SAM.token, 'GET', '/queue');
    expect(samQueue.body.queued).toContainEqual(expect.objectContaining({ id: ticket!.id, skill: 'senior', routedBy: 'crisis to senior' }));
    expect((await app.agentApi(ADA.token, 'GET', '/queue')).body.queued.map((t: { id: string }) => t.id)).not.toContain(ticket!.id);
    expect((await app.agentApi(SAM.token, 'GET', `/tickets/${ticket!.id}`)).body).toMatchObject({ skill: 'senior', routedBy: 'crisis to senior' });
    await eventually('the Slack card', () => cardText(ticket!.id).includes('senior (rule: crisis to senior)'));
    await app.assistant.handoff.service.erase(customer.conversationId);
  });

  it.each(['en', 'zh'])('with nobody senior on duty, falls back to general and promises no senior colleague (%s)', async (locale) => {
    expect((await app.agentApi(SAM.token, 'PUT', '/me/presence', { presence: 'away' })).status).toBe(200);
    const customer = await startCustomer(app.baseUrl);
    const notice = texts(await customer.say(locale === 'zh' ? '我要起诉你们，找律师' : "I'm going to sue you for this."));
    expect(notice).not.toMatch(/senior|资深/);
    expect(notice).toContain(handoffMessages(locale).crisisPriority);
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket).toMatchObject({ reason: 'crisis', skill: 'general' });
    const shown = (await app.agentApi(ADA.token, 'GET', `/tickets/${ticket!.id}`)).body;
    expect(shown.routedBy).toBe('crisis to senior: nobody on duty serves senior, so general');
    await eventually('the Slack card', () => cardText(ticket!.id).includes('nobody on duty serves senior'));
    await app.assistant.handoff.service.erase(customer.conversationId);
    expect((await app.agentApi(SAM.token, 'PUT', '/me/presence', { presence: 'available' })).status).toBe(200);
  });

  it('other reasons go to the fallback skill, named as the default', async () => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say('I want to talk to a real person');
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket).toMatchObject({ skill: 'general', details: expect.objectContaining({ routedBy: 'default: general' }) });
    await app.assistant.handoff.service.erase(customer.conversationId);
  });
});

describe('routing rules from HANDOFF_SETTINGS', () => {
  it('routes by language, first matching rule first, and refuses a bad rule naming the setting without its value', async () => {
    const fakes = await startFakes();
    try {
      const routing = {
        rules: [
          { name: 'chinese desk', language: 'zh', skill: 'zh-desk' },
          { reason: 'requested_human', skill: 'general' },
        ],
        fallbackSkill: 'general',
      };
      const app = await startClockedApp(fakes, [ADA, { ...SAM, skills: ['zh-desk'] }], { HANDOFF_SETTINGS: JSON.stringify({ routing }) });
      try {
        const customer = await startCustomer(app.baseUrl);
        await customer.say('转人工');
        expect(await app.assistant.handoff.service.openTicketFor(customer.conversationId)).toMatchObject({
          skill: 'zh-desk',
          details: expect.objectContaining({ routedBy: 'chinese desk' }),
        });
      } finally {
        await app.assistant.stop();
      }
      const bad = JSON.stringify({ routing: { rules: [{ reason: 'crisis', skill: 'sen ior!secret-value' }] } });
      const error = await startClockedApp(fakes, [ADA], { HANDOFF_SETTINGS: bad }).then(
        async (started) => {
          await started.assistant.stop();
          return undefined;
        },
        (thrown: Error) => thrown,
      );
      expect(error?.message).toMatch(/HANDOFF_SETTINGS/);
      expect(error?.message).toMatch(/routing\.rules\.0\.skill/);
      expect(error?.message).not.toMatch(/secret-value/);
    } finally {
      await fakes.close();
    }
  });
});

describe('no "typing…" from the bot while a person holds the conversation', () => {
  let fakes: Fakes;
  let app: Awaited<ReturnType<typeof startClockedApp>>;
  let updateId = 5000;
  beforeAll(async () => {
    fakes = await startFakes();
    app = await startClockedApp(fakes, [ADA]);
  });
  afterAll(async () => {
    await app?.assistant.stop();
    await fakes?.close();
  });

  it('on Telegram: typing while the bot answers, none once Ada holds the chat', async () => {
    const mia = telegramCustomer(700_001);
    const chatId = String(mia.id);
    const post = async (text: string) => {
      const response = await fetch(`${app.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(textUpdate(updateId++, mia, text)),
      });
      expect(response.status).toBe(200);
    };
    const sent = () => fakes.telegram.succeeded('sendMessage', (p) => p.chat_id === chatId).map((call) => String(call.params.text));
    const typing = () => fakes.telegram.succeeded('sendChatAction', (p) => p.chat_id === chatId && p.action === 'typing').length;

    await post('what payment methods do you accept?');
    await eventually('the bot answer', () => sent().some((text) => /Visa/.test(text)));
    expect(typing()).toBeGreaterThan(0);
    await post('I want to talk to a real person');
    await eventually('the queue notice', () => sent().length >= 2);
    const ticket = await app.assistant.handoff.service.openTicketFor(chatId);
    expect((await app.agentApi(ADA.token, 'POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);
    await eventually('Ada joined', () => sent().some((text) => text.includes('Ada')));

    const before = typing();
    await post('hello? are you there?');
    await post('my order is A1001');
    const transcript = async () => (await app.agentApi(ADA.token, 'GET', `/tickets/${ticket!.id}`)).body.transcript.map((line: { text: string }) => line.text);
    await eventually('both messages reach Ada', async () => (await transcript()).includes('my order is A1001'));
    expect((await app.agentApi(ADA.token, 'POST', `/tickets/${ticket!.id}/reply`, { text: 'Ada here, looking at it.' })).status).toBe(200);
    await eventually("Ada's reply", () => sent().includes('Ada here, looking at it.'));
    expect(typing()).toBe(before);
  });

  it('on Direct Line: the held conversation gets no typing activity either', async () => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say('I want to talk to a real person');
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect((await app.agentApi(ADA.token, 'POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);
    await customer.say('hello? are you there?');
    const response = await fetch(`${app.baseUrl}/v3/directline/conversations/${customer.conversationId}/activities`, {
      headers: { authorization: `Bearer ${customer.token}` },
    });
    const { activities } = (await response.json()) as { activities: Array<{ type: string }> };
    expect(activities.filter((a) => a.type === 'typing')).toEqual([]);
  });
});

describe("the dashboard's out-of-scope share", () => {
  it('counts only turns the bot did not understand, not answers to its own questions', async () => {
    const fakes = await startFakes();
    const app = await startClockedApp(fakes, [ADA]);
    try {
      const customer = await startCustomer(app.baseUrl);
      // Really not understood: the bot falls back.
      expect(texts(await customer.say('zxqv blorptang wibblefrotz'))).toMatch(/didn't quite get that/);
      expect(texts(await customer.say('where is my order?'))).toMatch(/order number/i);
      // The NLU reads a bare order number as out of scope; the order dialog took it as its answer.
      expect(texts(await customer.say('A1001'))).toMatch(/A1001/);
      expect(texts(await customer.say('can you recommend some headphones?'))).toMatch(/What are you shopping for/);
      // A SPIN answer, out of scope to the NLU, is the answer to the bot's own question.
      expect(texts(await customer.say('for running in the rain'))).not.toMatch(/didn't quite get that/);
      const summary = await (await fetch(`${app.baseUrl}/dashboard/api/summary?minutes=15`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
      expect(summary.totals.outOfScopeShare).toBeCloseTo(1 / 5, 3);
    } finally {
      await app.assistant.stop();
      await fakes.close();
    }
  });
});

describe("outside business hours: leave a message, told when in the customer's own time", () => {
  let fakes: Fakes;
  let app: Awaited<ReturnType<typeof startClockedApp>>;
  const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, [['09:00', '18:00']]]));
  beforeAll(async () => {
    fakes = await startFakes();
    app = await startClockedApp(fakes, [ADA], { HANDOFF_SETTINGS: JSON.stringify({ businessHours: { timeZone: 'Asia/Shanghai', weekly: weekdays } }) });
    app.clock.now = Date.parse('2026-11-22T10:00:00Z'); // Sunday 18:00 in Shanghai: closed until Monday 09:00 (01:00 UTC)
  });
  afterAll(async () => {
    await app?.assistant.stop();
    await fakes?.close();
  });

  it.each([
    ['Europe/Berlin', 'Monday 02:00 (Central European Standard Time)'],
    ['Not/A_Zone', 'Monday 09:00 (China Standard Time)'],
  ])('a customer in %s hears "%s" and the ticket is a callback', async (zone, opening) => {
    const customer = await startCustomer(app.baseUrl);
    expect(await customer.post({ type: 'message', text: 'I want to talk to a real person', localTimezone: zone })).toBe(200);
    const notice = texts(await customer.read());
    expect(notice).toContain(handoffMessages('en').closed({ opensAt: opening }));
    expect(notice).toMatch(/Leave your message here/);
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect((await app.agentApi(ADA.token, 'GET', `/tickets/${ticket!.id}`)).body).toMatchObject({ state: 'queued', callback: true });
    await app.assistant.handoff.service.erase(customer.conversationId);
  });
});
