/**
 * The WhatsApp Cloud API channel behind a real express server on a free port, with a small scripted bot,
 * the loopback Graph API fake, and its stores on memory or on the real Redis. Several "instances" can
 * share one backend, as several Baton processes share one Redis.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageFactory, type Activity, type TurnContext } from 'botbuilder-core';
import express from 'express';
import type { TurnPipeline } from '../../adapters/channel.js';
import {
  createMemoryOptionStore,
  createMemoryServiceWindowStore,
  createRedisOptionStore,
  createRedisServiceWindowStore,
  createWhatsAppCloudChannel,
  type OptionStore,
  type ServiceWindowStore,
  type WhatsAppCloudChannel,
  type WhatsAppCloudChannelOptions,
} from '../../adapters/whatsapp/index.js';
import { createMemoryDedupeStore, createRedisDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import type { FakeGraphApi } from '../support/fake-graph-api.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { TEST_ACCESS_TOKEN, TEST_APP_SECRET, TEST_PHONE_NUMBER_ID, TEST_VERIFY_TOKEN } from '../support/whatsapp-webhook.js';

/** The stores every instance of one test shares. */
export interface Backend {
  readonly name: 'memory' | 'redis';
  readonly dedupe: DedupeStore;
  readonly windowStore: ServiceWindowStore;
  readonly optionStore: OptionStore;
  cleanup(): Promise<void>;
}

export function createBackend(name: 'memory' | 'redis'): Backend {
  if (name === 'memory') {
    return {
      name,
      dedupe: createMemoryDedupeStore(),
      windowStore: createMemoryServiceWindowStore(),
      optionStore: createMemoryOptionStore(),
      cleanup: async () => {},
    };
  }
  const testRedis: TestRedis = connectTestRedis('whatsapp');
  const { redis, keyPrefix } = testRedis;
  return {
    name,
    dedupe: createRedisDedupeStore({ redis, keyPrefix }),
    windowStore: createRedisServiceWindowStore({ redis, keyPrefix }),
    optionStore: createRedisOptionStore({ redis, keyPrefix }),
    cleanup: () => testRedis.cleanup(),
  };
}

/** Twelve options: too many for buttons or a list, so they go out as numbered text. */
export const MANY_OPTIONS = Array.from({ length: 12 }, (_, i) => ({ title: `Size ${36 + i}`, value: `size-${36 + i}` }));

/**
 * The scripted bot: "menu" offers three buttons, "sizes" twelve options, "boom" throws; anything else is
 * echoed as "name|conversation|id|text" so tests see the Activity the adapter built.
 */
export function scriptedBot(received: Partial<Activity>[]): TurnPipeline {
  return {
    middleware: [],
    async logic(context: TurnContext) {
      received.push(context.activity);
      const { text = '', from, conversation, id } = context.activity;
      if (text === 'menu') {
        await context.sendActivity(
          MessageFactory.suggestedActions([{ type: 'imBack', title: 'Track my order', value: 'track order' }, 'Refund', 'Talk to a person'], 'How can I help?'),
        );
      } else if (text === 'sizes') {
        await context.sendActivity(
          MessageFactory.suggestedActions(
            MANY_OPTIONS.map(({ title, value }) => ({ type: 'imBack', title, value })),
            'Which size?',
          ),
        );
      } else if (text === 'boom') {
        throw new Error('the bot broke');
      } else {
        await context.sendActivity(`${from?.name}|${conversation?.id}|${id}|${text}`);
      }
    },
  };
}

/** One running instance. */
export interface Instance {
  /** The webhook URL. */
  readonly url: string;
  readonly channel: WhatsAppCloudChannel;
  /** Activities the bot received, in order. */
  readonly received: Partial<Activity>[];
  close(): Promise<void>;
}

/** Starts an instance on `backend`, talking to `graph`. */
export async function startInstance(backend: Backend, graph: FakeGraphApi, options: Partial<WhatsAppCloudChannelOptions> = {}): Promise<Instance> {
  const received: Partial<Activity>[] = [];
  const channel = createWhatsAppCloudChannel({
    pipeline: scriptedBot(received),
    accessToken: TEST_ACCESS_TOKEN,
    appSecret: TEST_APP_SECRET,
    verifyToken: TEST_VERIFY_TOKEN,
    phoneNumberId: TEST_PHONE_NUMBER_ID,
    graphApiBase: graph.url,
    dedupe: backend.dedupe,
    windowStore: backend.windowStore,
    optionStore: backend.optionStore,
    retry: { baseDelayMs: 1 },
    ...options,
  });
  const app = express();
  app.use(channel.mountPath!, channel.router!);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  await channel.start({ server });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${channel.mountPath}`,
    channel,
    received,
    async close() {
      await channel.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
