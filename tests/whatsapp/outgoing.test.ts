/**
 * What customers get back: suggested actions as buttons or numbered options (picked by number on any
 * instance), Graph API retries, and the 24-hour window for proactive messages, with an injected clock,
 * on memory stores and on the real Redis.
 */
import type { ConversationReference } from 'botbuilder-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_API_VERSION, outsideWindowSends, WhatsAppApiError, type OutsideWindowEvent } from '../../adapters/whatsapp/index.js';
import { shownOptions, shownText, startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import { buttonReply, envelope, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { createBackend, MANY_OPTIONS, startInstance, type Backend, type Instance } from './harness.js';

const HOUR = 3600 * 1000;

for (const backendName of ['memory', 'redis'] as const) {
  describe(`WhatsApp Cloud API replies (${backendName})`, () => {
    let graph: FakeGraphApi;
    let backend: Backend;
    let first: Instance;
    let second: Instance;
    let noTemplate: Instance;
    let clock = Date.now();
    const outside: OutsideWindowEvent[] = [];
    let customer = 0;
    const nextCustomer = () => `4477009${String(++customer).padStart(4, '0')}`;
    const referenceTo = (waId: string): Partial<ConversationReference> => ({
      channelId: 'whatsapp',
      conversation: { id: waId, isGroup: false, conversationType: 'personal', name: '' },
      user: { id: waId, name: '' },
    });
    /** Sends `text` from `waId` to `instance` and waits for its turn. */
    const say = async (instance: Instance, waId: string, text: string) => {
      expect((await postWebhook(instance.url, envelope({ waId, messages: [textMessage(waId, text, { at: clock })] }))).status).toBe(200);
      await instance.channel.adapter.drain();
    };

    beforeAll(async () => {
      graph = await startFakeGraphApi();
      backend = createBackend(backendName);
      const shared = {
        now: () => clock,
        template: { name: 'reply_waiting', language: 'en_US' },
        onOutsideWindow: (event: OutsideWindowEvent) => outside.push(event),
      };
      first = await startInstance(backend, graph, shared);
      second = await startInstance(backend, graph, shared);
      noTemplate = await startInstance(backend, graph, { now: () => clock });
    });
    afterAll(async () => {
      for (const instance of [first, second, noTemplate]) await instance?.close();
      await graph?.close();
      await backend?.cleanup();
    });

    it('renders three short options as reply buttons, and maps a tap back to the option value', async () => {
      const waId = nextCustomer();
      await say(first, waId, 'menu');
      const [menu] = graph.delivered(waId);
      expect(menu.body).toMatchObject({ type: 'interactive', interactive: { type: 'button', body: { text: 'How can I help?' } } });
      const buttons = shownOptions(menu);
      expect(buttons.map((button) => button.title)).toEqual(['Track my order', 'Refund', 'Talk to a person']);

      await postWebhook(second.url, envelope({ waId, messages: [buttonReply(waId, buttons[0], { context: menu.messageId })] }));
      await second.channel.adapter.drain();
      expect(second.received.at(-1)).toMatchObject({ text: 'track order', replyToId: menu.messageId });
    });

    it('renders twelve options as numbered text, and a number picks one on another instance', async () => {
      const waId = nextCustomer();
      await say(first, waId, 'sizes');
      const [list] = graph.delivered(waId);
      expect(list.body.type).toBe('text');
      expect(shownText(list)).toMatch(/^Which size\?\n\n1\. Size 36\n2\. Size 37\n[\s\S]*12\. Size 47\n\nReply with the number of your choice\.$/);

      await say(second, waId, '３');
      expect(second.received.at(-1)?.text).toBe(MANY_OPTIONS[2].value);
      // The list was consumed by the answer: the same number now means just that number.
      await say(first, waId, '3');
      expect(first.received.at(-1)?.text).toBe('3');
    });

    it('forgets the numbered options once the customer says something else', async () => {
      const waId = nextCustomer();
      await say(first, waId, 'sizes');
      await say(first, waId, 'actually, never mind');
      await say(second, waId, '2');
      expect(second.received.at(-1)?.text).toBe('2');
    });

    it('retries a throttled or failing Graph API call and delivers once', async () => {
      const waId = nextCustomer();
      graph.failNext(429);
      graph.failNext(500);
      await say(first, waId, 'are you there?');
      const attempts = graph.calls.filter((call) => call.body.to === waId);
      expect(attempts.map((call) => call.status)).toEqual([429, 500, 200]);
      expect(graph.delivered(waId)).toHaveLength(1);
    });

    it('gives up after the bounded attempts with an error that names the method and payload', async () => {
      const waId = nextCustomer();
      await say(first, waId, 'hi');
      graph.failNext(503, 3);
      const error = await first.channel.adapter
        .continueConversation(referenceTo(waId), async (context) => void (await context.sendActivity('anyone?')))
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(WhatsAppApiError);
      expect(error).toMatchObject({
        code: 'channel_api_failed',
        status: 503,
        method: `POST /${DEFAULT_GRAPH_API_VERSION}/106540352242922/messages`,
        payload: { to: waId, text: { body: 'anyone?' } },
      });
      expect(graph.calls.filter((call) => call.body.to === waId && call.status === 503)).toHaveLength(3);
    });

    it('sends a proactive message as free text within 24 hours, from any instance', async () => {
      const waId = nextCustomer();
      await say(first, waId, 'hello');
      clock += 23 * HOUR;
      await second.channel.adapter.continueConversation(referenceTo(waId), async (context) => {
        await context.sendActivity('An agent replied: your parcel left the warehouse.');
        expect(outsideWindowSends(context)).toEqual([]);
      });
      expect(graph.delivered(waId).map(shownText).at(-1)).toBe('An agent replied: your parcel left the warehouse.');
    });

    it('sends the template instead once the customer has been silent for more than 24 hours, and reports it', async () => {
      const waId = nextCustomer();
      await say(first, waId, 'hello');
      const wroteAt = clock;
      clock += 25 * HOUR;
      const before = outside.length;
      let seen: readonly OutsideWindowEvent[] = [];
      await second.channel.adapter.continueConversation(referenceTo(waId), async (context) => {
        await context.sendActivity('An agent replied: your refund is approved.');
        await context.sendActivity('How would you rate our help?');
        seen = outsideWindowSends(context);
      });
      const sent = graph.delivered(waId).slice(-1)[0];
      expect(sent.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: waId,
        type: 'template',
        template: { name: 'reply_waiting', language: { code: 'en_US' } },
      });
      expect(graph.delivered(waId).filter((call) => call.body.type === 'template')).toHaveLength(1);
      expect(seen.map((event) => event.outcome)).toEqual(['template_sent', 'template_already_sent']);
      expect(outside.slice(before)).toEqual([
        expect.objectContaining({
          conversationId: waId,
          outcome: 'template_sent',
          messageId: sent.messageId,
          lastInboundAt: new Date(Math.floor(wroteAt / 1000) * 1000),
          activity: expect.objectContaining({ text: 'An agent replied: your refund is approved.' }),
        }),
        expect.objectContaining({ conversationId: waId, outcome: 'template_already_sent' }),
      ]);

      // The customer answers the template: the window is open again and free text flows.
      await say(first, waId, 'ok, what did the agent say?');
      expect(graph.delivered(waId).at(-1)?.body.type).toBe('text');
    });

    it('refuses a free-form message outside the window when no template is configured', async () => {
      const waId = nextCustomer();
      await say(first, waId, 'hello');
      clock += 30 * HOUR;
      const error = await noTemplate.channel.adapter
        .continueConversation(referenceTo(waId), async (context) => void (await context.sendActivity('late answer')))
        .catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'whatsapp_outside_window', message: expect.stringContaining('WHATSAPP_TEMPLATE_NAME') });
      expect(graph.delivered(waId).map(shownText)).not.toContain('late answer');
      // A customer never heard from is outside the window too.
      const stranger = nextCustomer();
      await expect(
        noTemplate.channel.adapter.continueConversation(referenceTo(stranger), async (context) => void (await context.sendActivity('hi'))),
      ).rejects.toMatchObject({ code: 'whatsapp_outside_window' });
    });
  });
}
