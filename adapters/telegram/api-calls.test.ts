import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelApiError } from '../../infra/errors.js';
import { startFakeTelegramApi, type FakeTelegramApi } from '../../tests/support/fake-telegram-api.js';
import { callTelegram, retryTransformer } from './api-calls.js';

describe('Bot API calls: bounded retries and Baton errors', () => {
  let fake: FakeTelegramApi;
  const statuses = (chatId: string) => fake.calls.filter((call) => call.method === 'sendMessage' && call.params.chat_id === chatId).map((call) => call.status);
  const apiWith = (options: Parameters<typeof retryTransformer>[0] = {}) => {
    const api = new Api(fake.token, { apiRoot: fake.apiRoot });
    api.config.use(retryTransformer({ backoffMs: 10, ...options }));
    return api;
  };
  const send = (api: Api, chatId: string) => {
    const payload = { chat_id: chatId, text: 'Your order A1001 is on its way' };
    return callTelegram('sendMessage', payload, () => api.raw.sendMessage(payload));
  };

  beforeAll(async () => {
    fake = await startFakeTelegramApi();
  });
  afterAll(() => fake.close());

  it('waits out a 429 for its retry_after, then sends', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const message = await send(apiWith(), '1');
    expect(message.text).toBe('Your order A1001 is on its way');
    expect(statuses('1')).toEqual([429, 200]);
  });

  it('retries server errors with a backoff', async () => {
    fake.failNext('sendMessage', { status: 500 });
    fake.failNext('sendMessage', { status: 500 });
    await send(apiWith(), '2');
    expect(statuses('2')).toEqual([500, 500, 200]);
  });

  it('gives up after maxRetries with a ChannelApiError carrying method, payload and status', async () => {
    for (let i = 0; i < 3; i++) fake.failNext('sendMessage', { status: 500 });
    const error = await send(apiWith({ maxRetries: 2 }), '3').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ChannelApiError);
    expect(error).toMatchObject({
      code: 'channel_api_failed',
      method: 'sendMessage',
      status: 500,
      payload: { chat_id: '3', text: 'Your order A1001 is on its way' },
    });
    expect(statuses('3')).toEqual([500, 500, 500]);
  });

  it('does not wait for a retry_after longer than allowed: the call fails at once', async () => {
    fake.failNext('sendMessage', { status: 429, retryAfter: 3600 });
    await expect(send(apiWith({ maxRetryAfterSeconds: 30 }), '4')).rejects.toMatchObject({ status: 429, message: expect.stringMatching(/Too Many Requests/) });
    expect(statuses('4')).toEqual([429]);
  });

  it('does not retry what a retry cannot fix (a wrong token is 401)', async () => {
    const api = new Api('987654321:AAWrongTokenWrongTokenWrongToken', { apiRoot: fake.apiRoot });
    api.config.use(retryTransformer({ backoffMs: 10 }));
    await expect(send(api, '5')).rejects.toMatchObject({ name: 'ChannelApiError', status: 401 });
    expect(fake.calls.filter((call) => call.params.chat_id === '5')).toHaveLength(1);
  });

  it('reports a network failure as status 0 after its retries, without the token in the message', async () => {
    const api = new Api(fake.token, { apiRoot: 'http://127.0.0.1:9' });
    api.config.use(retryTransformer({ backoffMs: 10, maxRetries: 1 }));
    const error = (await send(api, '6').catch((thrown: unknown) => thrown)) as ChannelApiError;
    expect(error).toMatchObject({ name: 'ChannelApiError', method: 'sendMessage', status: 0 });
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error)) + String((error.cause as Error).message)).not.toContain(fake.token);
  });
});
