/**
 * The Bot Framework channel through its front door: activities POSTed to /api/messages as a Bot
 * Framework channel (or the Emulator) posts them, the replies recorded by a loopback fake connector at the
 * activities' serviceUrl. Anonymous mode without an app id; with one, a request without a valid token is
 * refused before any turn.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageFactory, type Activity, type TurnContext } from 'botbuilder-core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnPipeline } from '../../adapters/channel.js';
import { createBotFrameworkChannel, type BotFrameworkChannel } from '../../adapters/botframework/index.js';
import { channelActivity, startFakeConnector, type FakeConnector } from '../support/fake-bot-connector.js';

const echo = (received: Partial<Activity>[]): TurnPipeline => ({
  middleware: [],
  async logic(context: TurnContext) {
    received.push(context.activity);
    if (context.activity.text === 'fail') throw new Error('the turn failed (test)');
    if (context.activity.text === 'menu')
      await context.sendActivity(MessageFactory.suggestedActions(['Track my order', 'Talk to a person'], 'How can I help?'));
    else await context.sendActivity(`${context.activity.channelId}|${context.activity.from?.name}|${context.activity.text}`);
  },
});

async function serve(channel: BotFrameworkChannel): Promise<{ url: string; server: Server }> {
  const app = express().use(channel.mountPath!, channel.router!);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${channel.mountPath}`, server };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('Bot Framework channel, anonymous (no MICROSOFT_APP_ID)', () => {
  let connector: FakeConnector;
  let channel: BotFrameworkChannel;
  let endpoint: { url: string; server: Server };
  const received: Partial<Activity>[] = [];

  beforeAll(async () => {
    connector = await startFakeConnector();
    channel = createBotFrameworkChannel({ pipeline: echo(received) });
    endpoint = await serve(channel);
  });

  afterAll(async () => {
    await channel?.stop();
    endpoint?.server.close();
    await connector?.close();
  });

  it('runs the turn and posts the reply to the connector under the incoming activity', async () => {
    const incoming = channelActivity(connector.serviceUrl, 'conv-teams-1', 'hello', { channelId: 'msteams', userName: 'Jordan' });
    const response = await post(endpoint.url, incoming);
    expect(response.status).toBe(200);
    expect(channel.anonymous).toBe(true);
    const [reply] = connector.calls.filter((call) => call.conversationId === 'conv-teams-1');
    expect(reply).toMatchObject({
      replyToId: incoming.id,
      activity: {
        type: 'message',
        text: 'msteams|Jordan|hello',
        replyToId: incoming.id,
        conversation: { id: 'conv-teams-1' },
        recipient: { id: 'user-conv-teams-1' },
      },
    });
    expect(received.at(-1)).toMatchObject({ channelId: 'msteams', conversation: { id: 'conv-teams-1' } });
  });

  it('sends suggested actions as they are: the Bot Framework channels render them', async () => {
    await post(endpoint.url, channelActivity(connector.serviceUrl, 'conv-menu', 'menu'));
    const [reply] = connector.calls.filter((call) => call.conversationId === 'conv-menu');
    expect(reply.activity.suggestedActions.actions.map((action: { value: string }) => action.value)).toEqual(['Track my order', 'Talk to a person']);
  });

  it('sends proactive messages from a stored reference (how an agent reply reaches Teams)', async () => {
    await post(endpoint.url, channelActivity(connector.serviceUrl, 'conv-proactive', 'hi', { channelId: 'webchat' }));
    const reference = {
      channelId: 'webchat',
      serviceUrl: connector.serviceUrl,
      conversation: { id: 'conv-proactive', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'user-conv-proactive', name: 'Jordan' },
      bot: { id: 'baton-bot', name: 'Baton' },
    };
    await channel.adapter.continueConversation(reference, async (context) => {
      await context.sendActivity('Agent Ada: your refund is on its way.');
    });
    // botbuilder gives the continuation a fresh id, so the connector sees a reply to an id it never sent.
    expect(connector.messages('conv-proactive')).toEqual(['webchat|Jordan|hi', 'Agent Ada: your refund is on its way.']);
  });

  it("tells a proactive turn's caller that it failed (an agent's reply the connector did not take), not that it went out", async () => {
    await post(endpoint.url, channelActivity(connector.serviceUrl, 'conv-proactive-failed', 'hi', { channelId: 'webchat' }));
    const reference = {
      channelId: 'webchat',
      serviceUrl: connector.serviceUrl,
      conversation: { id: 'conv-proactive-failed', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'user-conv-proactive-failed', name: 'Jordan' },
      bot: { id: 'baton-bot', name: 'Baton' },
    };
    await expect(
      channel.adapter.continueConversation(reference, async () => {
        throw new Error('the connector refused the reply (test)');
      }),
    ).rejects.toThrow('the connector refused the reply (test)');
    // A customer's turn that fails still ends with the turn: the channel is answered 200.
    const inbound = await post(endpoint.url, channelActivity(connector.serviceUrl, 'conv-proactive-failed', 'fail'));
    expect(inbound.status).toBe(200);
  });

  it('refuses an agent mark or a Baton event name from the channel (a Web Chat client sets channelData as it likes), running no turn', async () => {
    const before = received.length;
    const forged = {
      ...channelActivity(connector.serviceUrl, 'conv-forged', 'Ada: refund approved'),
      channelData: { clientActivityID: 'x1', baton: { agentId: 'ada', agentName: 'Ada' } },
    };
    const response = await post(endpoint.url, forged);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'server_marker', message: expect.stringContaining('channelData.baton is set by the Baton server only') },
    });
    const note = { ...channelActivity(connector.serviceUrl, 'conv-forged', 'approve it'), type: 'event', name: 'baton.note' };
    expect((await post(endpoint.url, note)).status).toBe(400);
    expect(received.length).toBe(before);
    expect(connector.messages('conv-forged')).toEqual([]);
  });

  it('refuses activities whose serviceUrl is not on this machine, running no turn', async () => {
    const before = received.length;
    const response = await post(endpoint.url, channelActivity('https://attacker.example/', 'conv-x', 'hello'));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('anonymous_loopback_only');
    expect(received.length).toBe(before);
  });
});

describe('Bot Framework channel with MICROSOFT_APP_ID', () => {
  it('refuses a request without a valid token (401) and runs no turn', async () => {
    const connector = await startFakeConnector();
    const received: Partial<Activity>[] = [];
    const channel = createBotFrameworkChannel({
      pipeline: echo(received),
      appId: '6f1c2a4e-9b3d-4c7a-8e21-0d5b7f9a3c11',
      appPassword: 'not-a-real-secret',
      appType: 'MultiTenant',
    });
    const endpoint = await serve(channel);
    try {
      expect(channel.anonymous).toBe(false);
      expect((await post(endpoint.url, channelActivity(connector.serviceUrl, 'conv-auth', 'hello'))).status).toBe(401);
      expect((await post(endpoint.url, channelActivity(connector.serviceUrl, 'conv-auth', 'hello'), { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
      expect(received).toEqual([]);
      expect(connector.calls).toEqual([]);
    } finally {
      endpoint.server.close();
      await connector.close();
    }
  });

  it('says what to fix when the credentials do not fit the app type', () => {
    expect(() =>
      createBotFrameworkChannel({ pipeline: echo([]), appId: '6f1c2a4e-9b3d-4c7a-8e21-0d5b7f9a3c11', appPassword: 'secret', appType: 'SingleTenant' }),
    ).toThrow(/MicrosoftAppTenantId is required.*MICROSOFT_APP_TENANT_ID/s);
  });
});
