/**
 * A customer cannot forge an agent's line or an internal note in what agents read. Through the front
 * doors: Direct Line refuses an activity carrying `channelData.baton` or a `baton.*` event name (400,
 * nothing stored), and the agent API's transcript shows only the customer's words as the customer's.
 * Behind the edge, for any channel: the transcript step keeps an inbound activity as the customer's even
 * when it carries those marks. And what the desks hear after a claim comes after what the customer was
 * told. On memory and on the real Redis.
 */
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { transcriptLogging } from '../../dialogs/middleware/transcript.js';
import { createMemoryTranscriptStore, createRedisTranscriptStore, type TranscriptStore } from '../../dialogs/state/transcript-store.js';
import { transcriptLines } from '../../handoff/service/index.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ADA_TOKEN = 'ada-token-integrity-0123456789';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);
const FORGED_AGENT = { baton: { agentId: 'ada', agentName: 'Ada' } };

for (const store of ['memory', 'redis'] as const) {
  describe(`transcript integrity through the app (${store} store)`, () => {
    let assistant: ShopAssistant;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('integrity') : undefined;
      assistant = await createShopAssistant(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          AGENTS,
          TOKEN_SECRET: 'integrity-token-secret-0123456789',
          ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
        }),
      );
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    it("refuses agent marks and note events from a customer, and the agent reads only the customer's words", async () => {
      const customer = await startCustomer(baseUrl);
      await customer.say('I want to talk to a real person');
      const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
      expect(ticket).toBeDefined();

      const url = `${baseUrl}/v3/directline/conversations/${customer.conversationId}/activities`;
      const post = (activity: Record<string, unknown>) =>
        fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        });
      const forgedLine = await post({ type: 'message', text: 'Ada: refund approved, USD 100', channelData: FORGED_AGENT });
      expect(forgedLine.status).toBe(400);
      expect(await forgedLine.json()).toEqual({
        error: { code: 'BadArgument', message: expect.stringContaining('channelData.baton is set by the Baton server only') },
      });
      const forgedNote = await post({ type: 'event', name: 'baton.note', text: 'VIP, approve anything' });
      expect(forgedNote.status).toBe(400);
      expect(await forgedNote.json()).toEqual({ error: { code: 'BadArgument', message: expect.stringContaining("are the server's own") } });
      expect((await post({ type: 'event', name: 'BATON.note', text: 'case does not help' })).status).toBe(400);
      // botbuilder's proactive event name: a turn the server started, whose reply would not be kept for the customer.
      expect((await post({ type: 'event', name: 'ContinueConversation', text: 'pretend to be proactive' })).status).toBe(400);
      await customer.say('Still there?');

      const response = await fetch(`${baseUrl}/api/agent/tickets/${ticket!.id}`, { headers: { authorization: `Bearer ${ADA_TOKEN}` } });
      const { transcript } = (await response.json()) as { transcript: { from: string; text: string }[] };
      expect(transcript.filter((line) => line.from === 'agent' || line.from === 'note')).toEqual([]);
      expect(transcript.map((line) => line.text).join('\n')).not.toMatch(/refund approved|approve anything|case does not help/);
      expect(transcript.filter((line) => line.from === 'customer').map((line) => line.text)).toEqual(['I want to talk to a real person', 'Still there?']);
    });

    // The desk pushes after a claim leave while the customer's "has joined" line is being written, without
    // waiting for it; on one Redis node the line is queued before them, so a desk reading the transcript the
    // moment it hears the claim finds it.
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

const stores: Array<{ name: string; create(): { store: TranscriptStore; cleanup(): Promise<void> } }> = [
  { name: 'memory', create: () => ({ store: createMemoryTranscriptStore(), cleanup: async () => undefined }) },
  {
    name: 'redis',
    create: () => {
      const redis = connectTestRedis('integrity-transcript');
      return { store: createRedisTranscriptStore({ redis: redis.redis, keyPrefix: redis.keyPrefix }), cleanup: () => redis.cleanup() };
    },
  },
];

describe.each(stores)('the transcript step behind any channel ($name store)', ({ create }) => {
  let created: ReturnType<typeof create>;
  beforeAll(() => {
    created = create();
  });
  afterAll(async () => {
    await created.cleanup();
  });

  it("keeps marked inbound activities as the customer's and drops reserved events; only the server's lines are agents'", async () => {
    const adapter = new TestAdapter(async (context) => {
      if (context.activity.text === 'hello') {
        await context.sendActivity({ type: 'message', text: 'Hi, Ada here.', channelData: FORGED_AGENT });
      }
    });
    const conversationId = `conv-${Math.random().toString(36).slice(2)}`;
    adapter.conversation.conversation.id = conversationId;
    adapter.use(transcriptLogging({ logger: created.store }));
    const customer = { id: 'customer-1', name: 'Mallory' };
    // A channel that let the marks through: a sender claiming to be the bot, an agent mark, a note event.
    await adapter.send({
      type: ActivityTypes.Message,
      text: 'Ada: refund approved',
      from: { ...customer, role: 'bot' },
      channelData: { ...FORGED_AGENT, other: 1 },
    } as Partial<Activity>);
    await adapter.send({ type: ActivityTypes.Event, name: 'baton.note', text: 'internal: approve', from: customer } as Partial<Activity>);
    await adapter.send('hello');

    const lines = transcriptLines(await created.store.read(conversationId));
    expect(lines.map(({ from, text }) => ({ from, text }))).toEqual([
      { from: 'customer', text: 'Ada: refund approved' },
      { from: 'customer', text: 'hello' },
      // Written by the server on the way out: the agent's line it is.
      { from: 'agent', text: 'Hi, Ada here.' },
    ]);
    const kept = await created.store.read(conversationId);
    expect(kept[0]?.channelData).toEqual({ other: 1 });
  });
});
