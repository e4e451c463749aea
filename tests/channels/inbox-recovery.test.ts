/**
 * Nothing acknowledged is lost when the instance that acknowledged it dies mid-turn (the durable inbox,
 * adapters/kit/durable-inbox.ts), on the real Redis, through each channel's front door:
 *
 * - instance A answers Telegram's (or Meta's) webhook 200, starts the turn, and "dies": its turn never
 *   ends and its Redis connection is cut, so nothing it held is renewed or cleared;
 * - instance B, on the same Redis, takes the delivery over once A's lease lapsed and answers it, once,
 *   and a redelivery of the same update to B is still dropped as a duplicate;
 * - a live instance's slow turn, its lease renewed, is never taken over.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityTypes } from 'botbuilder-core';
import express from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnPipeline } from '../../adapters/channel.js';
import { createRedisDeliveryJournal } from '../../adapters/kit/redis-delivery-journal.js';
import { createTelegramChannel, type TelegramChannel } from '../../adapters/telegram/index.js';
import { createRedisOptionStore, createRedisServiceWindowStore, createWhatsAppCloudChannel, type WhatsAppCloudChannel } from '../../adapters/whatsapp/index.js';
import { createRedisDedupeStore } from '../../infra/dedupe-store.js';
import { startFakeGraphApi, shownText, type FakeGraphApi } from '../support/fake-graph-api.js';
import { startFakeTelegramApi, type FakeTelegramApi } from '../support/fake-telegram-api.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import {
  envelope,
  postWebhook,
  TEST_ACCESS_TOKEN,
  TEST_APP_SECRET,
  TEST_PHONE_NUMBER_ID,
  TEST_VERIFY_TOKEN,
  textMessage,
} from '../support/whatsapp-webhook.js';
import { waitUntil } from '../support/redis-server.js';
import { customer, textUpdate } from '../telegram/updates.js';

const SECRET = 'inbox-recovery-secret_0123456789';
/** Short leases, so a dead instance's deliveries are taken over within a second or two. */
const INBOX = { leaseMs: 600, sweepMs: 100 };

/** A bot whose turns are recorded; `hold` makes every turn wait until `release()` (forever if never called). */
function bot({ hold }: { hold: boolean }) {
  const started: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const pipeline: TurnPipeline = {
    middleware: [],
    async logic(context) {
      if (context.activity.type !== ActivityTypes.Message) return;
      started.push(context.activity.text ?? '');
      if (hold) await released;
      await context.sendActivity(`echo: ${context.activity.text}`);
    },
  };
  return { pipeline, started, release };
}

async function listen(mountPath: string, router: express.Router): Promise<{ server: Server; url: string }> {
  const app = express().use(mountPath, router);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${mountPath}` };
}

describe('a delivery acknowledged by an instance that dies mid-turn', () => {
  let testRedis: TestRedis;
  let telegram: FakeTelegramApi;
  let graph: FakeGraphApi;
  const servers: Server[] = [];
  const stoppable: { stop(): Promise<void> }[] = [];
  let prefixes = 0;

  beforeAll(async () => {
    testRedis = connectTestRedis('inbox-recovery');
    [telegram, graph] = await Promise.all([startFakeTelegramApi(), startFakeGraphApi()]);
  });

  afterAll(async () => {
    for (const channel of stoppable) await channel.stop();
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    await Promise.all([telegram?.close(), graph?.close()]);
    await testRedis?.cleanup();
  });

  /** An instance's Telegram channel on `redis` (its own connection stands for its process). */
  async function telegramInstance(redis: Redis, keyPrefix: string, pipeline: TurnPipeline) {
    const channel: TelegramChannel = createTelegramChannel({
      pipeline,
      token: telegram.token,
      apiRoot: telegram.apiRoot,
      botInfo: telegram.botInfo,
      mode: 'webhook',
      secretToken: SECRET,
      dedupe: createRedisDedupeStore({ redis, keyPrefix }),
      journal: createRedisDeliveryJournal({ redis, keyPrefix }),
      inbox: INBOX,
      retry: { backoffMs: 10 },
    });
    const { server, url } = await listen(channel.mountPath!, channel.router!);
    servers.push(server);
    await channel.start({ server });
    const post = async (body: unknown) =>
      (
        await fetch(`${url}/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
          body: JSON.stringify(body),
        })
      ).status;
    return { channel, post };
  }

  async function whatsappInstance(redis: Redis, keyPrefix: string, pipeline: TurnPipeline) {
    const channel: WhatsAppCloudChannel = createWhatsAppCloudChannel({
      pipeline,
      accessToken: TEST_ACCESS_TOKEN,
      appSecret: TEST_APP_SECRET,
      verifyToken: TEST_VERIFY_TOKEN,
      phoneNumberId: TEST_PHONE_NUMBER_ID,
      graphApiBase: graph.url,
      dedupe: createRedisDedupeStore({ redis, keyPrefix }),
      journal: createRedisDeliveryJournal({ redis, keyPrefix }),
      windowStore: createRedisServiceWindowStore({ redis, keyPrefix }),
      optionStore: createRedisOptionStore({ redis, keyPrefix }),
      inbox: INBOX,
      retry: { baseDelayMs: 1 },
    });
    const { server, url } = await listen(channel.mountPath!, channel.router!);
    servers.push(server);
    await channel.start({ server });
    return { channel, url };
  }

  /** True once no delivery of `keyPrefix` is in the inbox any more (every turn ended). */
  const inboxEmpty = (keyPrefix: string) => async () => (await testRedis.redis.keys(`${keyPrefix}inbox:*`)).length === 0;

  it('Telegram: a survivor answers the update once after the lease lapses, and still drops its redelivery', async () => {
    const keyPrefix = `${testRedis.keyPrefix}${prefixes++}:`;
    const dying = testRedis.duplicate();
    const botA = bot({ hold: true });
    const botB = bot({ hold: false });
    const a = await telegramInstance(dying, keyPrefix, botA.pipeline);
    const b = await telegramInstance(testRedis.redis, keyPrefix, botB.pipeline);
    stoppable.push(b.channel);
    const mia = customer(81_001);
    const update = textUpdate(810_001, mia, 'where is my parcel?');

    expect(await a.post(update)).toBe(200);
    await waitUntil("A's turn to start", () => botA.started.length === 1);
    // A dies mid-turn: its turn never ends, and its connection (what renews and clears its lease) is gone.
    dying.disconnect();

    const replies = () => telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id)).map((call) => call.params.text);
    await waitUntil(
      'the survivor to answer',
      () => replies().length > 0,
      15_000,
      () => JSON.stringify(telegram.calls.map((call) => call.method)),
    );
    await waitUntil('the inbox to be empty', inboxEmpty(keyPrefix), 10_000);
    // A redelivery of the same update (Telegram retries what it thinks failed) is still a duplicate.
    expect(await b.post(update)).toBe(200);
    await b.channel.adapter.drain();
    expect(replies()).toEqual(['echo: where is my parcel?']);
    expect(botB.started).toEqual(['where is my parcel?']);
  });

  it('Telegram: a live instance keeps its slow turn; nobody takes it over', async () => {
    const keyPrefix = `${testRedis.keyPrefix}${prefixes++}:`;
    const botA = bot({ hold: true });
    const botB = bot({ hold: false });
    const a = await telegramInstance(testRedis.duplicate(), keyPrefix, botA.pipeline);
    const b = await telegramInstance(testRedis.duplicate(), keyPrefix, botB.pipeline);
    stoppable.push(a.channel, b.channel);
    const leo = customer(81_002);
    expect(await a.post(textUpdate(810_002, leo, 'a slow question'))).toBe(200);
    await waitUntil("A's turn to start", () => botA.started.length === 1);

    // Several leases long, with B sweeping all along (its timer, and one more sweep here at the end).
    await new Promise((resolve) => setTimeout(resolve, INBOX.leaseMs * 4));
    expect(await b.channel.adapter.recoverNow(botB.pipeline.logic)).toBe(0);
    botA.release();
    await a.channel.adapter.drain();
    await waitUntil('the inbox to be empty', inboxEmpty(keyPrefix), 10_000);
    expect(telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(leo.id)).map((call) => call.params.text)).toEqual([
      'echo: a slow question',
    ]);
    expect(botB.started).toEqual([]);
  });

  it('WhatsApp Cloud API: a survivor answers the message once after the lease lapses, in the window A recorded', async () => {
    const keyPrefix = `${testRedis.keyPrefix}${prefixes++}:`;
    const dying = testRedis.duplicate();
    const botA = bot({ hold: true });
    const botB = bot({ hold: false });
    const a = await whatsappInstance(dying, keyPrefix, botA.pipeline);
    const b = await whatsappInstance(testRedis.redis, keyPrefix, botB.pipeline);
    stoppable.push(b.channel);
    const waId = '16505550101';
    const body = envelope({ messages: [textMessage(waId, '我的包裹在哪里？')], waId });

    expect((await postWebhook(a.url, body)).status).toBe(200);
    await waitUntil("A's turn to start", () => botA.started.length === 1);
    dying.disconnect();

    await waitUntil('the survivor to answer', () => graph.delivered(waId).length > 0, 15_000);
    await waitUntil('the inbox to be empty', inboxEmpty(keyPrefix), 10_000);
    expect((await postWebhook(b.url, body)).status).toBe(200);
    await b.channel.adapter.drain();
    expect(graph.delivered(waId).map(shownText)).toEqual(['echo: 我的包裹在哪里？']);
    expect(botB.started).toEqual(['我的包裹在哪里？']);
  });
});
