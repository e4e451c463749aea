/**
 * The Cloud API webhook through its front door: Meta's subscription GET, signed POSTs of real payload
 * shapes, refusals, redeliveries and statuses, on memory stores and on the real Redis.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_API_VERSION, type DeliveryFailure } from '../../adapters/whatsapp/index.js';
import { shownText, startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import {
  envelope,
  imageMessage,
  newWamid,
  postWebhook,
  signatureOf,
  status,
  TEST_APP_SECRET,
  TEST_VERIFY_TOKEN,
  textMessage,
  verifyWebhook,
} from '../support/whatsapp-webhook.js';
import { createBackend, startInstance, type Backend, type Instance } from './harness.js';

for (const backendName of ['memory', 'redis'] as const) {
  describe(`WhatsApp Cloud API webhook (${backendName})`, () => {
    let graph: FakeGraphApi;
    let backend: Backend;
    let instance: Instance;
    const failures: DeliveryFailure[] = [];
    let customer = 0;
    const nextCustomer = () => `1650555${String(++customer).padStart(4, '0')}`;

    beforeAll(async () => {
      graph = await startFakeGraphApi();
      backend = createBackend(backendName);
      instance = await startInstance(backend, graph, { onDeliveryFailure: (failure) => failures.push(failure) });
    });
    afterEach(() => instance.channel.adapter.drain());
    afterAll(async () => {
      await instance?.close();
      await graph?.close();
      await backend?.cleanup();
    });

    it('echoes the challenge when the verify token matches, and refuses otherwise', async () => {
      const ok = await verifyWebhook(instance.url, { 'hub.mode': 'subscribe', 'hub.verify_token': TEST_VERIFY_TOKEN, 'hub.challenge': '1158201444' });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('1158201444');

      const wrong = await verifyWebhook(instance.url, { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1158201444' });
      expect(wrong.status).toBe(403);
      expect(await wrong.json()).toMatchObject({ error: { code: 'verification_failed' } });
      expect((await verifyWebhook(instance.url, { 'hub.verify_token': TEST_VERIFY_TOKEN, 'hub.challenge': '1' })).status).toBe(403);
    });

    it('turns a text message into an Activity and answers the customer through the Graph API', async () => {
      const waId = nextCustomer();
      const id = newWamid();
      const response = await postWebhook(instance.url, envelope({ waId, name: 'Sheena Nelson', messages: [textMessage(waId, 'hello there', { id })] }));
      expect(response.status).toBe(200);
      await instance.channel.adapter.drain();

      const activity = instance.received.find((received) => received.id === id);
      expect(activity).toMatchObject({
        type: 'message',
        channelId: 'whatsapp',
        text: 'hello there',
        conversation: { id: waId },
        from: { id: waId, name: 'Sheena Nelson' },
      });
      const [reply] = graph.delivered(waId);
      expect(reply.path).toBe(`/${DEFAULT_GRAPH_API_VERSION}/106540352242922/messages`);
      expect(reply.headers.authorization).toBe('Bearer EAAtest-access-token');
      expect(reply.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: waId,
        type: 'text',
        text: { body: `Sheena Nelson|${waId}|${id}|hello there`, preview_url: false },
      });
    });

    it('refuses a missing or wrong signature with 401 and processes nothing', async () => {
      const waId = nextCustomer();
      const payload = envelope({ waId, messages: [textMessage(waId, 'unsigned')] });
      const body = JSON.stringify(payload);
      const missing = await postWebhook(instance.url, payload, { signature: null });
      const forged = await postWebhook(instance.url, payload, { signature: signatureOf(body, 'not-the-app-secret') });
      const tampered = await postWebhook(instance.url, body.replace('unsigned', 'tampered'), { signature: signatureOf(body, TEST_APP_SECRET) });
      for (const response of [missing, forged, tampered]) {
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'invalid_signature', message: expect.stringContaining('WHATSAPP_APP_SECRET') } });
      }
      await instance.channel.adapter.drain();
      expect(instance.received.filter((activity) => activity.conversation?.id === waId)).toHaveLength(0);
      expect(graph.delivered(waId)).toHaveLength(0);
    });

    it('answers 400 to a signed body that is not JSON or not a webhook payload', async () => {
      const malformed = await postWebhook(instance.url, '{"object": "whatsapp_business_account", "entry": [');
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: { code: 'bad_json' } });
      const wrongShape = await postWebhook(instance.url, '{"hello": "world"}');
      expect(wrongShape.status).toBe(400);
      expect(await wrongShape.json()).toMatchObject({ error: { code: 'bad_payload' } });
    });

    it('processes a redelivered message once, even when both deliveries arrive together', async () => {
      const waId = nextCustomer();
      const payload = envelope({ waId, messages: [textMessage(waId, 'only once please')] });
      const responses = await Promise.all([postWebhook(instance.url, payload), postWebhook(instance.url, payload)]);
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      await instance.channel.adapter.drain();
      expect((await postWebhook(instance.url, payload)).status).toBe(200);
      await instance.channel.adapter.drain();

      expect(instance.received.filter((activity) => activity.conversation?.id === waId)).toHaveLength(1);
      expect(graph.delivered(waId)).toHaveLength(1);
    });

    it('tells the customer politely that only text is understood, without running the bot', async () => {
      const waId = nextCustomer();
      await postWebhook(instance.url, envelope({ waId, messages: [imageMessage(waId)] }));
      await instance.channel.adapter.drain();
      expect(instance.received.filter((activity) => activity.conversation?.id === waId)).toHaveLength(0);
      expect(graph.delivered(waId).map(shownText)).toEqual([expect.stringMatching(/only read text messages/)]);

      const chinese = nextCustomer();
      await postWebhook(instance.url, envelope({ waId: chinese, messages: [imageMessage(chinese, { caption: '这个坏了' })] }));
      await instance.channel.adapter.drain();
      expect(graph.delivered(chinese).map(shownText)).toEqual([expect.stringMatching(/只能看懂文字消息/)]);
    });

    it('surfaces failed statuses through the callback and only logs the others', async () => {
      const waId = nextCustomer();
      const before = failures.length;
      const response = await postWebhook(
        instance.url,
        envelope({ statuses: [status(waId, 'wamid.sent1', 'sent'), status(waId, 'wamid.sent1', 'delivered'), status(waId, 'wamid.sent2', 'failed')] }),
      );
      expect(response.status).toBe(200);
      expect(failures.slice(before)).toEqual([
        expect.objectContaining({ messageId: 'wamid.sent2', conversationId: waId, errors: [expect.objectContaining({ code: 131047 })] }),
      ]);
      await instance.channel.adapter.drain();
      expect(graph.delivered(waId)).toHaveLength(0);
    });

    it('ignores messages sent to another business number on the same app', async () => {
      const waId = nextCustomer();
      await postWebhook(instance.url, envelope({ waId, phoneNumberId: '999000111', messages: [textMessage(waId, 'not for you')] }));
      await instance.channel.adapter.drain();
      expect(instance.received.filter((activity) => activity.conversation?.id === waId)).toHaveLength(0);
      expect(graph.delivered(waId)).toHaveLength(0);
    });

    it('apologises when the bot throws, and keeps taking messages', async () => {
      const waId = nextCustomer();
      await postWebhook(instance.url, envelope({ waId, messages: [textMessage(waId, 'boom')] }));
      await postWebhook(instance.url, envelope({ waId, messages: [textMessage(waId, 'still there?')] }));
      await instance.channel.adapter.drain();
      expect(graph.delivered(waId).map(shownText)).toEqual([expect.stringMatching(/went wrong on our side/), expect.stringMatching(/\|still there\?$/)]);
    });
  });
}
