/**
 * "A new channel is one folder plus one registry line": the shop bot built with the test channel added
 * to the built-in registry answers a signed webhook message, and answers a redelivery once.
 */
import { BUILT_IN_CHANNELS, hmacSha256Hex } from 'baton';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../../bots/shop-assistant/app.js';
import { loadConfig } from '../../../infra/config.js';
import { TEST_CHANNEL_ID, type TestChannel, testChannelFactory, type TestPlatformMessage } from './index.js';

const SECRET = 'test-channel-secret';

let assistant: ShopAssistant;
let base: string;
let channel: TestChannel;

beforeAll(async () => {
  assistant = await createShopAssistant(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), {
    channelRegistry: [...BUILT_IN_CHANNELS, testChannelFactory({ secret: SECRET })],
  });
  base = `http://127.0.0.1:${await assistant.start()}/test-platform`;
  channel = assistant.channels.find((each) => each.name === TEST_CHANNEL_ID) as TestChannel;
}, 60_000);

afterAll(async () => {
  await assistant?.stop();
});

async function post(message: TestPlatformMessage | string, secret = SECRET): Promise<{ status: number; body: unknown }> {
  const body = typeof message === 'string' ? message : JSON.stringify(message);
  const response = await fetch(base, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-test-signature': `sha256=${hmacSha256Hex(secret, body)}` },
  });
  return { status: response.status, body: await response.json() };
}

async function repliesTo(chat: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const replies = channel.adapter.outbox.filter((reply) => reply.chat === chat).map((reply) => reply.text);
    if (replies.length >= count) return replies;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} replies to ${chat}; got ${JSON.stringify(replies)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a channel added with one registry line', () => {
  it('is built from the registry beside the built-in ones and registered for proactive messages', () => {
    expect(assistant.channels.map((each) => each.name)).toContain(TEST_CHANNEL_ID);
  });

  it('answers a signed message, and a redelivery of it once', async () => {
    const message = { id: 'm-1', chat: 'chat-1', text: 'where is my order?' };
    expect(await post(message)).toEqual({ status: 200, body: { outcome: 'accepted' } });
    const [answer] = await repliesTo('chat-1', 1);
    expect(answer.length).toBeGreaterThan(0);
    const answered = channel.adapter.outbox.length;
    expect(await post(message)).toEqual({ status: 200, body: { outcome: 'duplicate' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(channel.adapter.outbox.length).toBe(answered);
  });

  it("refuses a wrong signature and a body that is not JSON, in the kit's error shape", async () => {
    expect(await post({ id: 'm-2', chat: 'chat-2', text: 'hi' }, 'wrong-secret')).toEqual({
      status: 401,
      body: { error: { code: 'invalid_signature', message: 'X-Test-Signature does not match.' } },
    });
    expect((await post('{not json')).status).toBe(400);
    expect(await post(JSON.stringify({ id: 3 }))).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
  });

  it('is off when its settings are absent, as a built-in channel is', async () => {
    expect(testChannelFactory({}).fromConfig({} as never)).toBeUndefined();
  });

  it("refuses a registry with two channels of one name, which would take each other's replies", async () => {
    const twice = [...BUILT_IN_CHANNELS, { ...testChannelFactory({ secret: SECRET }), name: 'telegram' }];
    await expect(createShopAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), { channelRegistry: twice })).rejects.toThrow(
      "Two channels are named 'telegram'. Give each channel factory its own name.",
    );
  });
});
