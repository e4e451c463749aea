/**
 * The demo's memory stores are capped (MEMORY_MAX_TICKETS, MEMORY_MAX_CONVERSATIONS), and the caps
 * never drop a queued ticket or an unanswered customer message: through the app's front doors, a
 * full queue tells the next customer to try again and a full Direct Line log answers 503 store_full,
 * until a ticket is resolved or a message answered makes room.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer, type DirectLineCustomer } from '../support/directline-customer.js';
import { ONE_ADDRESS_LIMITS } from '../support/test-limits.js';

const ADA_TOKEN = 'ada-token-0123456789abcdef';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);

async function agentApi(baseUrl: string, path: string, body?: unknown): Promise<number> {
  const response = await fetch(`${baseUrl}/api/agent${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADA_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}

describe('memory caps through the app', () => {
  let assistant: ShopAssistant | undefined;
  const start = async (caps: Record<string, string>) => {
    assistant = await createShopAssistant(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AGENTS, TOKEN_SECRET: 'shared-token-secret-0123456789', ...ONE_ADDRESS_LIMITS, ...caps }),
    );
    return { app: assistant, baseUrl: `http://127.0.0.1:${await assistant.start()}` };
  };
  afterEach(async () => {
    await assistant?.stop();
    assistant = undefined;
  });

  it('keeps every queued ticket when the queue is full, tells the next customer to try again, and takes them once a ticket is resolved', async () => {
    const { app, baseUrl } = await start({ MEMORY_MAX_TICKETS: '10' });
    const queued: Array<{ customer: DirectLineCustomer; ticketId: string }> = [];
    for (let i = 0; i < 10; i++) {
      const customer = await startCustomer(baseUrl);
      await customer.say('I want to talk to a real person');
      const ticket = await app.handoff.service.openTicketFor(customer.conversationId);
      expect(ticket, `customer ${i} was queued`).toBeDefined();
      queued.push({ customer, ticketId: ticket!.id });
    }

    const late = await startCustomer(baseUrl);
    const refused = await late.say('I want to talk to a real person');
    expect(refused.map((reply) => reply.text)).toContain(handoffMessages('en').queueUnavailable);
    expect(await app.handoff.service.openTicketFor(late.conversationId)).toBeUndefined();
    for (const { customer, ticketId } of queued) expect((await app.handoff.service.openTicketFor(customer.conversationId))?.id).toBe(ticketId);

    expect(await agentApi(baseUrl, `/tickets/${queued[0]!.ticketId}/claim`)).toBe(200);
    expect(await agentApi(baseUrl, `/tickets/${queued[0]!.ticketId}/resolve`)).toBe(200);
    await late.say('I want to talk to a real person');
    expect(await app.handoff.service.openTicketFor(late.conversationId)).toBeDefined();
    for (const { customer } of queued.slice(1)) expect(await app.handoff.service.openTicketFor(customer.conversationId)).toBeDefined();
  });

  it('answers 503 store_full for a new Direct Line conversation while every one held waits for an answer, and loses none of them', async () => {
    const { baseUrl } = await start({ MEMORY_MAX_CONVERSATIONS: '10' });
    const waiting: DirectLineCustomer[] = [];
    for (let i = 0; i < 10; i++) {
      const customer = await startCustomer(baseUrl);
      await customer.say('I want to talk to a real person');
      // Queued: this question is kept for the team; the bot does not answer it.
      expect(await customer.say(`my order number is ${1000 + i}, where is it?`)).toEqual([]);
      waiting.push(customer);
    }

    const refused = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: 'store_full' } });

    // Every waiting conversation and its unanswered question is still there.
    for (const customer of waiting) {
      const response = await fetch(`${baseUrl}/v3/directline/conversations/${customer.conversationId}/activities`, {
        headers: { authorization: `Bearer ${customer.token}` },
      });
      const page = (await response.json()) as { activities: Array<{ text?: string }> };
      expect(page.activities.at(-1)?.text).toMatch(/^my order number is/);
    }

    // An agent answers the first customer: that conversation may now make room for a new one.
    const ticket = await assistant!.handoff.service.openTicketFor(waiting[0]!.conversationId);
    expect(await agentApi(baseUrl, `/tickets/${ticket!.id}/claim`)).toBe(200);
    expect(await agentApi(baseUrl, `/tickets/${ticket!.id}/reply`, { text: 'Looking at it now.' })).toBe(200);
    const next = await startCustomer(baseUrl);
    expect((await next.say('hello')).length).toBeGreaterThan(0);
  });
});
