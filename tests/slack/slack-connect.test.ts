/**
 * Both ways to connect the Slack desk, chosen by SLACK_MODE: HTTP (Slack calls /slack/events on
 * Baton's own server) and Socket Mode (Baton connects out with the app-level token; here to a
 * loopback WebSocket standing in for Slack's, whose URL the fake Web API's apps.connections.open
 * hands out). Also: a bot token Slack refuses stops the start with a message saying what to do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createShopAssistant } from '../../bots/shop-assistant/app.js';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { loadConfig } from '../../infra/config.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { startFakeSlackSocket, type FakeSlackSocket } from '../support/fake-slack-socket.js';
import { blockActions, eventCallback, slashCommand, threadMessage } from '../support/slack-requests.js';
import { actionsOf, ADA, BEN, QUEUE, startSlackApp, type SlackApp } from './slack-harness.js';

const APP_TOKEN = 'xapp-1-A0BATON-2-4f1b2c3d4e5f';
const texts = (replies: readonly { text: string }[]) => replies.map((reply) => reply.text);

describe('connecting the Slack desk', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const start = async (options: Parameters<typeof startSlackApp>[0]) => {
    const app = await startSlackApp(options);
    cleanups.push(() => app.stop());
    return app;
  };
  const socket = async () => {
    const fake = await startFakeSlackSocket();
    cleanups.push(() => fake.close());
    return fake;
  };

  it('serves /slack/events in HTTP mode; in Socket Mode opens the socket with the app token and serves no endpoint', async () => {
    const http = await start({});
    expect(http.assistant.slack?.mode).toBe('http');
    expect(http.slack.callsTo('apps.connections.open')).toEqual([]);
    expect((await http.send.post(JSON.stringify({ type: 'url_verification', challenge: 'c1' }), 'application/json')).status).toBe(200);

    const slackSocket = await socket();
    const socketMode = await start({ socketUrl: slackSocket.url, settings: { SLACK_MODE: 'socket', SLACK_APP_TOKEN: APP_TOKEN } });
    await slackSocket.connected();
    expect(socketMode.assistant.slack?.mode).toBe('socket');
    expect(socketMode.slack.calls.filter((call) => call.method === 'apps.connections.open').map((call) => call.token)).toEqual([APP_TOKEN]);
    expect((await socketMode.send.post(JSON.stringify({ type: 'url_verification', challenge: 'c1' }), 'application/json')).status).toBe(404);
  });

  it('takes clicks, thread replies and /baton over the socket, acknowledging each', async () => {
    const slackSocket: FakeSlackSocket = await socket();
    const app: SlackApp = await start({ socketUrl: slackSocket.url, settings: { SLACK_MODE: 'socket', SLACK_APP_TOKEN: APP_TOKEN } });
    const { customer, card } = await app.escalatedCustomer();

    const claim = blockActions({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
    expect(await slackSocket.deliver('interactive', claim)).toMatchObject({ envelope_id: expect.any(String) });
    await app.settle();
    expect(texts(await customer.read())).toEqual([handoffMessages('en').agentJoined({ agentName: 'Ada' })]);

    const reply = eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Hello over the socket' }), { eventId: 'EvSOCKET1' });
    expect(await slackSocket.deliver('events_api', reply)).toMatchObject({ envelope_id: expect.any(String) });
    // Slack sends it again after a lost ack: acknowledged again, delivered once.
    await slackSocket.deliver('events_api', reply, { retryAttempt: 1 });
    await app.settle();
    expect(texts(await customer.read())).toEqual(['Hello over the socket']);

    await slackSocket.deliver('slash_commands', slashCommand({ user: BEN, channel: QUEUE, text: 'queue', responseUrl: app.slack.responseUrl('socket-queue') }));
    await app.settle();
    expect(app.slack.responses.find((response) => response.id === 'socket-queue')?.body.text).toBe(
      '*Waiting for you (0)*\nNobody is waiting in your languages and skills.',
    );
  });

  it('stops the start when Slack refuses the bot token, saying where to get the right one', async () => {
    const slack = await startFakeSlack({ botToken: 'xoxb-the-real-one' });
    cleanups.push(() => slack.close());
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-revoked-token',
      SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
      SLACK_QUEUE_CHANNEL: QUEUE,
      SLACK_API_URL: slack.apiUrl,
    });
    await expect(createShopAssistant(config)).rejects.toThrow(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)\. Copy the Bot User OAuth Token/);
  });
});
