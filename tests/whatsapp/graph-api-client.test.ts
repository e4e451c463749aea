/**
 * The Graph API client against the loopback fake: the request Meta expects, no retry for a refusal that
 * a retry cannot fix, a message that says the fix; and the channel's lifecycle and construction checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsAppCloudChannel, GraphApiClient, WhatsAppApiError } from '../../adapters/whatsapp/index.js';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import { envelope, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { createBackend, scriptedBot, startInstance } from './harness.js';

describe('Graph API client', () => {
  let graph: FakeGraphApi;
  beforeAll(async () => {
    graph = await startFakeGraphApi();
  });
  afterAll(() => graph?.close());

  const client = () =>
    new GraphApiClient({ accessToken: 'EAAsecret', phoneNumberId: '106540352242922', graphApiBase: `${graph.url}/`, apiVersion: 'v20.0', retryBaseMs: 1 });

  it('posts JSON with the bearer token to /{version}/{phone-number-id}/messages and returns the wamid', async () => {
    const answer = await client().sendMessage({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '16505551234',
      type: 'text',
      text: { body: 'hi' },
    });
    const call = graph.calls.at(-1)!;
    expect(call).toMatchObject({
      method: 'POST',
      path: '/v20.0/106540352242922/messages',
      headers: { authorization: 'Bearer EAAsecret', 'content-type': 'application/json' },
    });
    expect(answer.messages[0].id).toBe(call.messageId);
  });

  it('does not retry a refusal, and says what to do about it', async () => {
    graph.failNext(400, 1, 131030);
    const before = graph.calls.length;
    const message = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505550000', type: 'text', text: { body: 'hi' } } as const;
    const error = await client()
      .sendMessage(message)
      .catch((thrown: unknown) => thrown);
    expect(graph.calls.length - before).toBe(1);
    expect(error).toBeInstanceOf(WhatsAppApiError);
    expect(error).toMatchObject({
      status: 400,
      graphCode: 131030,
      payload: message,
      message: expect.stringMatching(/code 131030.*allowed numbers in WhatsApp > API Setup/),
    });
    expect((error as Error).message).not.toContain('EAAsecret');
  });

  it('retries Meta rate-limit codes that come with HTTP 400', async () => {
    graph.failNext(400, 1, 130429);
    const before = graph.calls.length;
    await client().sendMessage({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505550001', type: 'text', text: { body: 'hi' } });
    expect(graph.calls.slice(before).map((call) => call.status)).toEqual([400, 200]);
  });

  it('names the fix for a rejected access token', async () => {
    graph.failNext(401, 1, 190);
    await expect(
      client().sendMessage({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '1', type: 'text', text: { body: 'x' } }),
    ).rejects.toThrow(/WHATSAPP_ACCESS_TOKEN/);
  });
});

describe('WhatsApp channel lifecycle', () => {
  it('refuses empty credentials with a ConfigError that names them', () => {
    expect(() => createWhatsAppCloudChannel({ pipeline: scriptedBot([]), accessToken: ' ', appSecret: 'x', verifyToken: 'y', phoneNumberId: '' })).toThrow(
      expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('accessToken, phoneNumberId must not be empty') }),
    );
  });

  it('answers 503 once stopped so Meta delivers elsewhere, and stops twice safely', async () => {
    const graph = await startFakeGraphApi();
    const backend = createBackend('memory');
    const instance = await startInstance(backend, graph);
    try {
      await instance.channel.stop();
      await instance.channel.stop();
      const response = await postWebhook(instance.url, envelope({ waId: '1', messages: [textMessage('1', 'late')] }));
      expect(response.status).toBe(503);
      expect(instance.received).toEqual([]);
      expect((await postWebhook(instance.url, envelope({ waId: '1', messages: [] }), { signature: null })).status).toBe(401);
    } finally {
      await instance.close();
      await graph.close();
    }
  });
});
