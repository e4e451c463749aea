/**
 * The handoff through the app's front doors: the customer on Direct Line, the agent on the agent API
 * (HTTP, bearer token), the operator on the admin API. On memory and on the real Redis; on Redis a
 * ticket also survives a restart of the process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer, type BotReply, type DirectLineCustomer } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ADA_TOKEN = 'ada-token-0123456789abcdef';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);
const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text);

/** Calls the agent API as Ada. */
async function agentApi(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/api/agent${path}`, {
    method,
    headers: { authorization: `Bearer ${ADA_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Escalates a fresh customer and resolves the ticket id. */
async function queuedCustomer(baseUrl: string, assistant: ShopAssistant): Promise<{ customer: DirectLineCustomer; ticketId: string }> {
  const customer = await startCustomer(baseUrl);
  await customer.say('I want to talk to a real person');
  const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
  if (!ticket) throw new Error('the customer was not queued');
  return { customer, ticketId: ticket.id };
}

for (const store of ['memory', 'redis'] as const) {
  describe(`handoff through the app (${store} store)`, () => {
    let assistant: ShopAssistant;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;
    const settings = () => ({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      AGENTS,
      ADMIN_TOKEN,
      TOKEN_SECRET: 'shared-token-secret-0123456789',
      ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
    });

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('handoff-app') : undefined;
      assistant = await createShopAssistant(loadConfig(settings()));
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    it('keeps the bot silent while a person owns the conversation, and relays both ways', async () => {
      const { customer, ticketId } = await queuedCustomer(baseUrl, assistant);
      // Queued: a question is kept for the team, not answered by the bot.
      expect(texts(await customer.say('what payment methods do you accept?')).join('\n')).not.toMatch(/Visa/);
      expect((await agentApi(baseUrl, 'POST', `/tickets/${ticketId}/claim`)).status).toBe(200);
      expect(texts(await customer.read())).toEqual([handoffMessages('en').agentJoined({ agentName: 'Ada' })]);

      for (const question of ['where is my order?', 'how long does delivery take?', 'cancel', 'I want a refund']) {
        expect(await customer.say(question), `the bot answered "${question}"`).toEqual([]);
      }
      const details = await agentApi(baseUrl, 'GET', `/tickets/${ticketId}`);
      expect(details.body.transcript.filter((line: { from: string }) => line.from === 'customer').map((line: { text: string }) => line.text)).toEqual([
        'I want to talk to a real person',
        'what payment methods do you accept?',
        'where is my order?',
        'how long does delivery take?',
        'cancel',
        'I want a refund',
      ]);
      expect((await agentApi(baseUrl, 'POST', `/tickets/${ticketId}/reply`, { text: 'Hi, Ada here. Which order is it?' })).status).toBe(200);
      expect(texts(await customer.read())).toEqual(['Hi, Ada here. Which order is it?']);
      expect((await agentApi(baseUrl, 'POST', `/tickets/${ticketId}/note`, { text: 'customer seems fine' })).status).toBe(200);
      expect(await customer.read()).toEqual([]);

      expect((await agentApi(baseUrl, 'POST', `/tickets/${ticketId}/return`)).status).toBe(200);
      expect(texts(await customer.read())).toEqual([handoffMessages('en').returnedToBot]);
      expect(texts(await customer.say('what payment methods do you accept?')).join('\n')).toMatch(/Visa/);
    });

    it('lets a queued customer leave the queue with "cancel", and the bot carries on', async () => {
      const { customer, ticketId } = await queuedCustomer(baseUrl, assistant);
      expect(texts(await customer.say('cancel'))).toEqual([handoffMessages('en').leftQueue]);
      expect((await agentApi(baseUrl, 'POST', `/tickets/${ticketId}/claim`)).body.error.code).toBe('not_queued');
      expect(texts(await customer.say('what payment methods do you accept?')).join('\n')).toMatch(/Visa/);
    });

    it('abandons the ticket of a customer who ends the conversation while queued', async () => {
      const { customer, ticketId } = await queuedCustomer(baseUrl, assistant);
      expect(await customer.post({ type: 'endOfConversation' })).toBe(200);
      expect((await agentApi(baseUrl, 'GET', `/tickets/${ticketId}`)).body.state).toBe('abandoned');
      expect(await assistant.handoff.service.openTicketFor(customer.conversationId)).toBeUndefined();
    });

    it('erases a conversation on the admin API, and refuses callers without the admin token', async () => {
      const { customer, ticketId } = await queuedCustomer(baseUrl, assistant);
      const url = `${baseUrl}/api/admin/conversations/${customer.conversationId}`;
      expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
      expect((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${ADA_TOKEN}` } })).status).toBe(401);
      const erased = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(erased.status).toBe(200);
      expect(await erased.json()).toMatchObject({ conversationId: customer.conversationId, erased: { tickets: 1 } });
      expect((await agentApi(baseUrl, 'GET', `/tickets/${ticketId}`)).status).toBe(404);
      await expect(customer.read()).rejects.toThrow(/404|403/);
      const bad = await fetch(`${baseUrl}/api/admin/conversations/${encodeURIComponent('a b<script>')}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(bad.status).toBe(400);
    });

    // A memory store forgets everything with its process by design; the restart test is Redis's.
    if (store === 'redis')
      it('keeps a queued ticket across a restart of the process', async () => {
        const { customer, ticketId } = await queuedCustomer(baseUrl, assistant);
        await assistant.stop();
        // The same port, as a restarted process behind the same address; the customer keeps their token.
        assistant = await createShopAssistant(loadConfig({ ...settings(), PORT: new URL(baseUrl).port }));
        await assistant.start();
        const queue = await agentApi(baseUrl, 'GET', '/queue');
        expect(queue.body.queued.map((t: { id: string }) => t.id)).toContain(ticketId);
        expect((await agentApi(baseUrl, 'POST', `/tickets/${ticketId}/claim`)).status).toBe(200);
        expect((await agentApi(baseUrl, 'POST', `/tickets/${ticketId}/reply`, { text: 'Still here after the restart' })).status).toBe(200);
        expect(texts(await customer.read())).toContain('Still here after the restart');
      });
  });
}

describe('admin API without ADMIN_TOKEN', () => {
  it('is off, and says how to turn it on', async () => {
    const assistant = await createShopAssistant(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    try {
      const port = await assistant.start();
      const response = await fetch(`http://127.0.0.1:${port}/api/admin/conversations/abc`, { method: 'DELETE' });
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toMatch(/Set ADMIN_TOKEN/);
      expect(assistant.handoff.demoAgentToken).toMatch(/^[\w-]{20,}$/);
    } finally {
      await assistant.stop();
    }
  });
});
