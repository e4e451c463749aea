/**
 * BOTFRAMEWORK_ANONYMOUS is for the Emulator on this machine: the endpoint answers only peers on the
 * loopback interface (the socket's address, whatever X-Forwarded-For says) and only activities whose
 * serviceUrl is on this machine; proactive replies go only to such a serviceUrl too. Others get 403.
 */
import { networkInterfaces } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, TurnContext } from 'botbuilder-core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotFrameworkChannel, isLoopbackPeer, isLoopbackServiceUrl, type BotFrameworkChannel } from '../../adapters/botframework/index.js';
import { channelActivity, startFakeConnector, type FakeConnector } from '../support/fake-bot-connector.js';

/** This machine's first non-loopback IPv4 address: a request to it comes from a non-loopback peer. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;

describe('Bot Framework anonymous mode: loopback only', () => {
  let connector: FakeConnector;
  let channel: BotFrameworkChannel;
  let server: Server;
  let port: number;
  const received: Partial<Activity>[] = [];

  beforeAll(async () => {
    connector = await startFakeConnector();
    channel = createBotFrameworkChannel({
      pipeline: {
        middleware: [],
        async logic(context: TurnContext) {
          received.push(context.activity);
          await context.sendActivity(`echo: ${context.activity.text}`);
        },
      },
    });
    // As a proxy would: the app trusts X-Forwarded-For, and the check must still read the socket.
    const app = express().set('trust proxy', true).use(channel.mountPath!, channel.router!);
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '0.0.0.0', () => resolve(listening));
    });
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await channel?.stop();
    server?.close();
    await connector?.close();
  });

  const post = (host: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://${host}:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('answers the Emulator on this machine', async () => {
    const response = await post('127.0.0.1', channelActivity(connector.serviceUrl, 'conv-local', 'hello'));
    expect(response.status).toBe(200);
    expect(connector.messages('conv-local')).toEqual(['echo: hello']);
  });

  it('refuses a peer on another interface with 403, even when X-Forwarded-For claims 127.0.0.1', async () => {
    expect(outside, 'this test needs a non-loopback IPv4 interface').toBeDefined();
    const before = received.length;
    for (const headers of [{}, { 'x-forwarded-for': '127.0.0.1' }] as Record<string, string>[]) {
      const response = await post(outside!, channelActivity(connector.serviceUrl, 'conv-remote', 'hello'), headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'anonymous_loopback_only', message: expect.stringMatching(/MICROSOFT_APP_ID/) } });
    }
    expect(received.length).toBe(before);
    expect(connector.messages('conv-remote')).toEqual([]);
  });

  it('refuses an activity whose serviceUrl is elsewhere, from this machine too', async () => {
    for (const serviceUrl of [
      'https://attacker.example/',
      `http://${outside ?? '192.0.2.1'}:${port}/`,
      'http://127.0.0.1.attacker.example/',
      'file:///etc/passwd',
      42,
    ]) {
      const response = await post('127.0.0.1', { ...channelActivity(connector.serviceUrl, 'conv-elsewhere', 'hello'), serviceUrl });
      expect(response.status, String(serviceUrl)).toBe(403);
    }
    expect(received.some((activity) => activity.conversation?.id === 'conv-elsewhere')).toBe(false);
  });

  it('sends a proactive reply only to a serviceUrl on this machine', async () => {
    const reference = {
      channelId: 'emulator',
      conversation: { id: 'conv-proactive', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'u1', name: 'Jordan' },
      bot: { id: 'bot', name: 'Baton' },
    };
    await expect(
      channel.adapter.continueConversation(
        { ...reference, serviceUrl: 'https://attacker.example/' },
        async (context) => void (await context.sendActivity('leak')),
      ),
    ).rejects.toMatchObject({ code: 'anonymous_loopback_only' });
    await channel.adapter.continueConversation(
      { ...reference, serviceUrl: connector.serviceUrl },
      async (context) => void (await context.sendActivity('Agent Ada: hi')),
    );
    expect(connector.messages('conv-proactive')).toEqual(['Agent Ada: hi']);
  });

  it('knows loopback addresses and URLs', () => {
    for (const peer of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2']) expect(isLoopbackPeer(peer), peer).toBe(true);
    for (const peer of [undefined, '', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::1', '::', '0.0.0.0', '128.0.0.1'])
      expect(isLoopbackPeer(peer), String(peer)).toBe(false);
    for (const url of ['http://localhost:3978/', 'http://127.0.0.1:1/', 'https://[::1]:2/']) expect(isLoopbackServiceUrl(url), url).toBe(true);
    for (const url of ['http://localhost.attacker.example/', 'ftp://127.0.0.1/', 'http://10.0.0.1/', 'not a url'])
      expect(isLoopbackServiceUrl(url), url).toBe(false);
  });
});
