/**
 * What the desks hear after a claim comes after what the customer was told: a desk reading the transcript
 * the moment the claim's `ticket_updated` leaves finds the "has joined" line (the desk pushes leave while
 * that line is written, queued behind it on the one Redis connection). On memory and on the real Redis,
 * through Direct Line and the agent API.
 */
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ADA_TOKEN = 'ada-token-claim-order-0123456789';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);

for (const store of ['memory', 'redis'] as const) {
  describe(`a claim heard by the console (${store} store)`, () => {
    let assistant: ShopAssistant;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('claim-order') : undefined;
      assistant = await createShopAssistant(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          AGENTS,
          TOKEN_SECRET: 'claim-order-token-secret-0123456789',
          ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
        }),
      );
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    it('has the "has joined" line in the transcript for whoever reads it on hearing the claim', async () => {
      const customer = await startCustomer(baseUrl);
      await customer.say('I want to talk to a real person');
      const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
      expect(ticket).toBeDefined();
      // This instance's desks hear the push the moment it leaves; the read starts then, before anything is awaited.
      let heard: Promise<Activity[]> | undefined;
      const stop = assistant.handoff.service.subscribeOrigin((event) => {
        if (event.type === 'ticket_updated' && event.ticket.id === ticket!.id && event.ticket.state === 'assigned') {
          heard ??= assistant.stores.transcript.read(customer.conversationId);
        }
      });
      const claim = await fetch(`${baseUrl}/api/agent/tickets/${ticket!.id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${ADA_TOKEN}` } });
      stop();
      expect(claim.status).toBe(200);
      expect(heard).toBeDefined();
      expect((await heard!).some((activity) => /Ada from our team has joined/.test(activity.text ?? ''))).toBe(true);
    });
  });
}
