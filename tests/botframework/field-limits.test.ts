/**
 * The Bot Framework endpoint bounds the same fields as Direct Line (adapters/field-limits.ts): an
 * oversized one is answered 400 (413 for the text) with a JSON error naming it, and no turn runs.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder-core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotFrameworkChannel, type BotFrameworkChannel } from '../../adapters/botframework/index.js';
import { FIELD_LIMITS } from '../../adapters/field-limits.js';
import { channelActivity, startFakeConnector, type FakeConnector } from '../support/fake-bot-connector.js';

const digits = (n: number) => '1 '.repeat(Math.ceil(n / 2)).slice(0, n);

describe('Bot Framework field limits', () => {
  let connector: FakeConnector;
  let channel: BotFrameworkChannel;
  let server: Server;
  let url: string;
  const received: Partial<Activity>[] = [];

  beforeAll(async () => {
    connector = await startFakeConnector();
    channel = createBotFrameworkChannel({
      pipeline: {
        middleware: [],
        async logic(context) {
          received.push(context.activity);
          await context.sendActivity('ok');
        },
      },
    });
    const app = express().use(channel.mountPath!, channel.router!);
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${channel.mountPath}`;
  });

  afterAll(async () => {
    await channel?.stop();
    server?.close();
    await connector?.close();
  });

  const post = async (body: unknown) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined };
  };

  it('accepts an ordinary activity', async () => {
    expect((await post(channelActivity(connector.serviceUrl, 'conv-ok', 'hello', { userName: 'Jordan' }))).status).toBe(200);
    expect(received.at(-1)?.text).toBe('hello');
  });

  it.each([
    ['text', 413, { text: digits(FIELD_LIMITS.text + 1) }],
    ['from.name', 400, { from: { id: 'u', name: digits(FIELD_LIMITS.name + 1) } }],
    ['channelData', 400, { channelData: { tenant: digits(FIELD_LIMITS.structuredJson) } }],
    ['attachments', 400, { attachments: Array.from({ length: FIELD_LIMITS.attachments + 1 }, () => ({ contentType: 'text/plain' })) }],
    ['entities', 400, { entities: Array.from({ length: FIELD_LIMITS.entities + 1 }, () => ({ type: 'mention' })) }],
  ] as const)('refuses an oversized %s with %i and runs no turn', async (field, status, extra) => {
    const before = received.length;
    const refused = await post({ ...channelActivity(connector.serviceUrl, `conv-${field}`, 'hi'), ...extra });
    expect(refused.status).toBe(status);
    expect(refused.body?.error).toMatchObject({ code: 'field_too_large', message: expect.stringContaining(`"${field}"`) });
    expect(received.length).toBe(before);
  });
});
