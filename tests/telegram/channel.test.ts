/**
 * The Telegram channel on its own, with a small recording bot instead of the shop: long polling and its
 * stop, proactive messages from another instance, drain, long button values across instances on the
 * real Redis, edits and deletes, and what happens when a turn or the dedupe store fails.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionTypes, ActivityTypes, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder-core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnPipeline } from '../../adapters/channel.js';
import {
  createRedisCallbackStore,
  createTelegramChannel,
  EXPIRED_BUTTON_REPLIES,
  type TelegramChannel,
  type TelegramChannelOptions,
} from '../../adapters/telegram/index.js';
import { createMemoryDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { waitFor } from './harness.js';
import { callbackUpdate, customer, textUpdate } from './updates.js';

const SECRET = 'channel-test-secret_0123456789';
let nextId = 70_000;
const ids = () => ++nextId;

/** Records each turn's text; "boom" throws, "wait" waits for `release()`, anything else is echoed. */
function recordingPipeline() {
  const seen: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const pipeline: TurnPipeline = {
    middleware: [],
    async logic(context) {
      if (context.activity.type !== ActivityTypes.Message) return;
      const text = context.activity.text ?? '';
      seen.push(text);
      if (text === 'boom') throw new Error('the bot broke');
      if (text === 'wait') await released;
      await context.sendActivity(`echo: ${text}`);
    },
  };
  return { pipeline, seen, release };
}

describe('Telegram channel', () => {
  let fake: FakeTelegramApi;
  let testRedis: TestRedis;
  const servers: { channel: TelegramChannel; server?: Server }[] = [];
  const replies = (chatId: number) => fake.succeeded('sendMessage', (p) => p.chat_id === String(chatId)).map((call) => call.params.text as string);

  const channelWith = (options: Partial<TelegramChannelOptions> & { pipeline: TurnPipeline }) =>
    createTelegramChannel({ token: fake.token, apiRoot: fake.apiRoot, botInfo: fake.botInfo, retry: { backoffMs: 10 }, ...options });

  /** A webhook channel on its own express server; resolves its webhook URL. */
  async function webhookChannel(options: Partial<TelegramChannelOptions> & { pipeline: TurnPipeline }) {
    const channel = channelWith({ mode: 'webhook', secretToken: SECRET, ...options });
    const app = express().use(channel.mountPath!, channel.router!);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    await channel.start({ server });
    servers.push({ channel, server });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram/webhook`;
    const post = async (body: unknown) =>
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
          body: JSON.stringify(body),
        })
      ).status;
    return { channel, post };
  }

  beforeAll(async () => {
    fake = await startFakeTelegramApi();
    testRedis = connectTestRedis('telegram-channel');
  });

  afterAll(async () => {
    for (const { channel, server } of servers) {
      await channel.stop();
      server?.closeAllConnections();
      server?.close();
    }
    await fake.close();
    await testRedis.cleanup();
  });

  it('refuses webhook mode without a valid secret, saying how to fix it', () => {
    expect(() => channelWith({ pipeline: recordingPipeline().pipeline, mode: 'webhook' })).toThrow(
      /needs secretToken \(TELEGRAM_WEBHOOK_SECRET\).*openssl rand -hex 32/,
    );
    expect(() => channelWith({ pipeline: recordingPipeline().pipeline, mode: 'webhook', secretToken: 'has spaces in it' })).toThrow(/A-Z, a-z, 0-9, _ and -/);
  });

  it('long-polls in polling mode, and stop() stops polling after confirming what it took', async () => {
    const bot = recordingPipeline();
    const channel = channelWith({ pipeline: bot.pipeline, mode: 'polling' });
    expect(channel.router).toBeUndefined();
    await channel.start({ server: undefined as unknown as Server });
    expect(fake.succeeded('deleteWebhook')).toHaveLength(1);
    const mia = customer(ids());
    fake.pushUpdates(textUpdate(ids(), mia, 'hello by polling'));
    await waitFor('the polled reply', () => (replies(mia.id).length ? true : undefined));
    expect(replies(mia.id)).toEqual(['echo: hello by polling']);
    await channel.stop();

    // A later update goes to whoever polls next, and the stopped channel never sees it.
    const next = recordingPipeline();
    const successor = channelWith({ pipeline: next.pipeline, mode: 'polling' });
    servers.push({ channel: successor });
    fake.pushUpdates(textUpdate(ids(), mia, 'after the stop'));
    await successor.start({ server: undefined as unknown as Server });
    await waitFor('the successor reply', () => (replies(mia.id).length === 2 ? true : undefined));
    expect(next.seen).toEqual(['after the stop']);
    expect(bot.seen).toEqual(['hello by polling']);
    await successor.stop();
  });

  it('sends proactive messages from another instance that only has the conversation reference', async () => {
    const bot = recordingPipeline();
    const { channel, post } = await webhookChannel({ pipeline: bot.pipeline });
    let reference: Partial<ConversationReference> | undefined;
    channel.adapter.use(async (context, next) => {
      reference = TurnContext.getConversationReference(context.activity);
      await next();
    });
    const mia = customer(ids());
    await post(textUpdate(ids(), mia, 'I need a person'));
    await waitFor('the reply', () => (replies(mia.id).length ? true : undefined));

    const otherInstance = channelWith({ pipeline: recordingPipeline().pipeline, mode: 'webhook', secretToken: SECRET });
    await otherInstance.adapter.continueConversation(reference!, async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity('Agent Lee: hi Mia, I am looking at your order now.');
    });
    expect(replies(mia.id)).toEqual(['echo: I need a person', 'Agent Lee: hi Mia, I am looking at your order now.']);
    expect(fake.succeeded('sendChatAction', (p) => p.chat_id === String(mia.id)).length).toBeGreaterThan(0);
  });

  it('keeps a long button value in Redis so a press on any instance reads it back', async () => {
    const callbackStore = createRedisCallbackStore({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix });
    const first = channelWith({ pipeline: recordingPipeline().pipeline, mode: 'webhook', secretToken: SECRET, callbackStore });
    const second = recordingPipeline();
    const { post } = await webhookChannel({ pipeline: second.pipeline, callbackStore });
    const mia = customer(ids());
    const long = 'Change the delivery address of order A1002 to 12 Harbour Road, Singapore, please';
    await first.adapter.continueConversation(
      { conversation: { id: String(mia.id) } as ConversationReference['conversation'], channelId: 'telegram' },
      async (context) => {
        await context.sendActivity(MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: 'Change address', value: long }], 'What next?'));
      },
    );
    const [sent] = fake.succeeded('sendMessage', (p) => p.chat_id === String(mia.id));
    const data = sent.params.reply_markup.inline_keyboard[0][0].callback_data as string;
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);

    await post(callbackUpdate(ids(), mia, { message_id: sent.result.message_id, text: 'What next?', chat_id: mia.id }, data));
    await waitFor('the answer to the press', () => (replies(mia.id).length === 2 ? true : undefined));
    expect(second.seen).toEqual([long]);

    // A key nobody stored (expired) is answered on the button, and runs no turn.
    const stale = callbackUpdate(ids(), mia, { message_id: sent.result.message_id, text: 'What next?', chat_id: mia.id }, '#cb:AAAAAAAAAAAAAAAAAAAAAA');
    await post(stale);
    const notice = await waitFor('the expired notice', () => fake.succeeded('answerCallbackQuery', (p) => p.callback_query_id === stale.callback_query!.id)[0]);
    expect(notice.params.text).toBe(EXPIRED_BUTTON_REPLIES.en);
    expect(second.seen).toEqual([long]);
  });

  it('edits and deletes messages it sent', async () => {
    const channel = channelWith({ pipeline: recordingPipeline().pipeline, mode: 'webhook', secretToken: SECRET });
    const mia = customer(ids());
    await channel.adapter.continueConversation({ conversation: { id: String(mia.id) } as ConversationReference['conversation'] }, async (context) => {
      const sent = await context.sendActivity('Your place in the queue: 3');
      await context.updateActivity({ id: sent!.id, conversation: context.activity.conversation, type: 'message', text: 'Your place in the queue: 1' });
      await context.deleteActivity(sent!.id);
    });
    const [edit] = fake.succeeded('editMessageText', (p) => p.chat_id === String(mia.id));
    expect(edit.params).toMatchObject({ text: 'Your place in the queue: 1', message_id: expect.any(Number) });
    expect(fake.succeeded('deleteMessage', (p) => p.chat_id === String(mia.id))[0].params.message_id).toBe(edit.params.message_id);
  });

  it('apologises when a turn throws, and stop() waits for the turns in flight, then refuses updates with 503', async () => {
    const bot = recordingPipeline();
    const { channel, post } = await webhookChannel({ pipeline: bot.pipeline });
    const mia = customer(ids());
    await post(textUpdate(ids(), mia, 'boom'));
    await waitFor('the apology', () => (replies(mia.id).length ? true : undefined));
    expect(replies(mia.id)).toEqual(['Sorry, something went wrong on our side. Please try again in a moment.']);

    expect(await post(textUpdate(ids(), mia, 'wait'))).toBe(200);
    await waitFor('the waiting turn', () => (bot.seen.includes('wait') ? true : undefined));
    let stopped = false;
    const stopping = channel.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    expect(await post(textUpdate(ids(), mia, 'too late'))).toBe(503);
    bot.release();
    await stopping;
    expect(replies(mia.id)).toEqual(['Sorry, something went wrong on our side. Please try again in a moment.', 'echo: wait']);
  });

  it('answers 500 when the update cannot be claimed, so Telegram delivers it again, and takes the redelivery', async () => {
    const memory = createMemoryDedupeStore();
    let failures = 1;
    const flaky: DedupeStore = {
      ...memory,
      claim: async (...args) => {
        if (failures-- > 0) throw new Error('Redis connection lost');
        return memory.claim(...args);
      },
    };
    const bot = recordingPipeline();
    const { post } = await webhookChannel({ pipeline: bot.pipeline, dedupe: flaky });
    const mia = customer(ids());
    const update = textUpdate(ids(), mia, 'where is my order?');
    expect(await post(update)).toBe(500);
    expect(await post(update)).toBe(200);
    await waitFor('the reply', () => (replies(mia.id).length ? true : undefined));
    expect(bot.seen).toEqual(['where is my order?']);
  });
});
