/**
 * Every call Baton makes to a platform's Web API is bounded: against a loopback server that takes the
 * request and never answers, each client gives up on the attempt, retries within its existing bound,
 * and fails with its usual error (a ChannelApiError for the channels, Slack's request error for the
 * desk) instead of holding the turn for ever.
 */
import { webApi } from '@slack/bolt';
import { ClaimsIdentity } from 'botframework-connector';
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createBotFrameworkAuthentication } from '../../adapters/botframework/authentication.js';
import { callTelegram, retryTransformer } from '../../adapters/telegram/api-calls.js';
import { GraphApiClient, WhatsAppApiError } from '../../adapters/whatsapp/graph-api-client.js';
import { slackClientOptions } from '../../desks/slack/index.js';
import { ChannelApiError } from '../../infra/errors.js';
import { FAKE_TOKEN } from '../support/fake-telegram-api.js';
import { startHangingServer, type HangingServer } from '../support/hanging-server.js';

let hanging: HangingServer | undefined;
afterEach(async () => {
  await hanging?.close();
  hanging = undefined;
});

describe('outbound calls time out instead of hanging', () => {
  for (const headersFirst of [false, true]) {
    it(`WhatsApp Graph API: ${headersFirst ? 'headers then a stalled body' : 'no answer'} fails as a network error after its attempts`, async () => {
      hanging = await startHangingServer({ headersFirst });
      const client = new GraphApiClient({
        accessToken: 'token',
        phoneNumberId: '123',
        graphApiBase: hanging.url,
        apiVersion: 'v21.0',
        timeoutMs: 200,
        maxAttempts: 2,
        retryBaseMs: 10,
      });
      const failure = await client
        .sendMessage({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550100', type: 'text', text: { body: 'hello' } })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WhatsAppApiError);
      expect(failure).toMatchObject({ code: 'channel_api_failed', method: 'POST /v21.0/123/messages' });
      expect((failure as Error).message).toMatch(/could not be reached: no answer within 200 ms/);
      expect(hanging.requests).toHaveLength(2);
    });
  }

  it('Telegram Bot API: a call with no answer is retried within maxRetries, then fails as a ChannelApiError', async () => {
    hanging = await startHangingServer();
    const api = new Api(FAKE_TOKEN, { apiRoot: hanging.url });
    api.config.use(retryTransformer({ callTimeoutMs: 200, maxRetries: 1, backoffMs: 10 }));
    const payload = { chat_id: 42, text: 'Your order is on its way' };
    const failure = await callTelegram('sendMessage', payload, () => api.raw.sendMessage(payload)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelApiError);
    expect(failure).toMatchObject({ code: 'channel_api_failed', method: 'sendMessage', status: 0 });
    expect((failure as Error).message).toMatch(/no answer within 200 ms/);
    // The bot token is in the URL; the error must not carry it.
    expect(JSON.stringify({ message: (failure as Error).message, cause: String((failure as Error).cause) })).not.toContain(FAKE_TOKEN.split(':')[1]);
    expect(hanging.requests).toHaveLength(2);
  });

  it('Slack Web API (the desk client options): a call with no answer fails after its two retries', async () => {
    hanging = await startHangingServer();
    const client = new webApi.WebClient('xoxb-test', {
      ...slackClientOptions({ apiUrl: `${hanging.url}/api/` }, { timeoutMs: 200 }),
      logLevel: webApi.LogLevel.ERROR,
    });
    const failure = await client.chat.postMessage({ channel: 'C0123456', text: 'card' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'slack_webapi_request_error' });
    expect(hanging.requests).toHaveLength(3);
    expect(hanging.requests[0]).toBe('POST /api/chat.postMessage');
  });

  it('Bot Framework connector: a reply to a channel service that never answers fails instead of holding the turn', async () => {
    hanging = await startHangingServer();
    const { authentication } = createBotFrameworkAuthentication({ connectorTimeoutMs: 200 });
    const connector = await authentication.createConnectorFactory(new ClaimsIdentity([], true)).create(`${hanging.url}/`, undefined);
    const failure = await connector.conversations
      .sendToConversation('conv-1', { type: 'message', text: 'Your refund is on its way' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/timeout|aborted/i);
    // It got there: the request was sent, then given up (the connector's retries may send it again).
    expect(hanging.requests.length).toBeGreaterThanOrEqual(1);
  });
});
