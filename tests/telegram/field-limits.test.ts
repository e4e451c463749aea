/**
 * Telegram caps texts and names itself, but a body forged by a proxy or the secret's holder can carry
 * anything: a text or caption over its limit gets a polite reply and runs no turn (nothing stored);
 * names are cut before they reach the turn (and the ticket, where they are masked on every read).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityTypes } from 'botbuilder-core';
import express from 'express';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnPipeline } from '../../adapters/channel.js';
import { FIELD_LIMITS } from '../../adapters/field-limits.js';
import { createTelegramChannel, type TelegramChannel } from '../../adapters/telegram/index.js';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.js';
import { waitFor } from './harness.js';
import { customer, textUpdate } from './updates.js';

const SECRET = 'field-limits-secret_0123456789';
let nextId = 90_000;
const ids = () => ++nextId;
const digits = (n: number) => '1 '.repeat(Math.ceil(n / 2)).slice(0, n);

describe('Telegram field limits', () => {
  let fake: FakeTelegramApi;
  let channel: TelegramChannel;
  let server: Server;
  let post: (body: unknown) => Promise<number>;
  const turns: { text?: string; name?: string; conversationName?: string }[] = [];
  const replies = (chatId: number) => fake.succeeded('sendMessage', (p) => p.chat_id === String(chatId)).map((call) => call.params.text as string);

  beforeAll(async () => {
    fake = await startFakeTelegramApi();
    const pipeline: TurnPipeline = {
      middleware: [],
      async logic(context) {
        if (context.activity.type !== ActivityTypes.Message) return;
        turns.push({ text: context.activity.text, name: context.activity.from?.name, conversationName: context.activity.conversation?.name });
        await context.sendActivity(`echo: ${context.activity.text ?? ''}`.slice(0, 50));
      },
    };
    channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.apiRoot,
      botInfo: fake.botInfo,
      retry: { backoffMs: 10 },
      pipeline,
      mode: 'webhook',
      secretToken: SECRET,
    });
    const app = express().use(channel.mountPath!, channel.router!);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    await channel.start({ server });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
    post = async (body) =>
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
          body: JSON.stringify(body),
        })
      ).status;
  });

  afterAll(async () => {
    await channel.stop();
    server.closeAllConnections();
    server.close();
    await fake.close();
  });

  it("answers a text over the limit politely, in the customer's language, and runs no turn", async () => {
    for (const [language, expected] of [
      ['en', /too long.*4096 characters/],
      ['zh', /太长.*4096/],
    ] as const) {
      const who = customer(ids(), language);
      expect(await post(textUpdate(ids(), who, digits(FIELD_LIMITS.text + 1)))).toBe(200);
      await waitFor('the polite reply', () => (replies(who.id).length ? true : undefined));
      expect(replies(who.id)).toEqual([expect.stringMatching(expected)]);
    }
    expect(turns).toEqual([]);
  });

  it('answers a caption over the limit the same way', async () => {
    const who = customer(ids());
    const update = textUpdate(ids(), who, 'x') as Update & { message: Record<string, unknown> };
    delete update.message.text;
    update.message.photo = [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }];
    update.message.caption = digits(FIELD_LIMITS.caption + 1);
    expect(await post(update)).toBe(200);
    await waitFor('the polite reply', () => (replies(who.id).length ? true : undefined));
    expect(replies(who.id)[0]).toMatch(/too long.*1024 characters/);
    expect(turns).toEqual([]);
  });

  it('cuts names and chat titles to the limit before the turn sees them', async () => {
    const who = { ...customer(ids()), first_name: digits(200_000), last_name: digits(5000) } as unknown as ReturnType<typeof customer>;
    expect(await post(textUpdate(ids(), who, 'hello'))).toBe(200);
    await waitFor('the turn', () => (turns.length ? true : undefined));
    expect(turns[0].text).toBe('hello');
    expect(turns[0].name).toHaveLength(FIELD_LIMITS.name);
    expect(turns[0].name).toBe(digits(FIELD_LIMITS.name));
  });
});
