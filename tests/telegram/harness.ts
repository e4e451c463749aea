/**
 * The demo shop bot with its Telegram channel in webhook mode, against the loopback fake Bot API, on
 * memory or on the real Redis: what a Telegram customer's updates go through, from the front door.
 */
import type { Update } from 'grammy/types';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { startFakeTelegramApi, type FakeTelegramApi, type RecordedCall } from '../support/fake-telegram-api.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

export const SECRET = 'test-webhook-secret_0123456789';
export const PUBLIC_URL = 'https://shop.example.test';

export interface TelegramApp {
  readonly fake: FakeTelegramApi;
  readonly webhookUrl: string;
  /** Posts `body` (an update, or raw text) to the webhook with `secret` (default the right one; null: none). */
  post(body: Update | string, secret?: string | null): Promise<{ status: number; body: unknown }>;
  /** Successful sendMessage calls to `chatId`. */
  replies(chatId: number): RecordedCall[];
  /** Waits until `chatId` got `count` replies in all, and returns them. */
  waitForReplies(chatId: number, count: number): Promise<RecordedCall[]>;
  stop(): Promise<void>;
}

/** Starts the fake Bot API, then the shop assistant on port 0 with the Telegram settings pointing at it. */
export async function startTelegramApp(store: 'memory' | 'redis'): Promise<TelegramApp> {
  const fake = await startFakeTelegramApi();
  const testRedis: TestRedis | undefined = store === 'redis' ? connectTestRedis('telegram') : undefined;
  const assistant: ShopAssistant = await createShopAssistant(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      PUBLIC_URL,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
    }),
  );
  const webhookUrl = `http://127.0.0.1:${await assistant.start()}/telegram/webhook`;
  const replies = (chatId: number) => fake.succeeded('sendMessage', (params) => String(params.chat_id) === String(chatId));

  return {
    fake,
    webhookUrl,
    replies,
    async post(body, secret = SECRET) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (secret !== null) headers['X-Telegram-Bot-Api-Secret-Token'] = secret;
      const response = await fetch(webhookUrl, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    waitForReplies: (chatId, count) => waitFor(`${count} replies to chat ${chatId}`, () => (replies(chatId).length >= count ? replies(chatId) : undefined)),
    async stop() {
      await assistant.stop();
      await fake.close();
      await testRedis?.cleanup();
    },
  };
}

/** Polls `check` until it returns a value, or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The buttons of a recorded sendMessage, flattened: `[{ text, callback_data }]`. */
export function buttonsOf(call: RecordedCall): { text: string; callback_data?: string; url?: string }[] {
  return (call.params.reply_markup?.inline_keyboard ?? []).flat();
}

/** A recorded sendMessage as the bot message a button press refers to. */
export function asBotMessage(call: RecordedCall): { message_id: number; text: string; chat_id: number } {
  return { message_id: Number(call.result.message_id), text: String(call.params.text), chat_id: Number(call.params.chat_id) };
}
