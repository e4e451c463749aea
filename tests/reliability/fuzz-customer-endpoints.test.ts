/**
 * Fuzzing the doors customers' platforms knock on: Direct Line (conversations, activities, tokens,
 * the stream upgrade and its query), the Telegram webhook and the WhatsApp webhook (GET verification
 * and signed POSTs). Payloads are hostile, malformed, oversized, or real ones with fields swapped for
 * hostile values; every answer must be a 2xx or a 4xx with a JSON error, never a 5xx, and the process
 * must keep serving. Bounded: 100-150 requests per endpoint; a failure prints the seed to replay (FUZZ_SEED).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ADMIN_TOKEN, TELEGRAM_SECRET, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { DIGIT_RUNS, everyString, fuzzEndpoint, fuzzSettings, jsonHeaders, malformedBody, mutated, send, type FuzzRequest } from '../support/fuzz.js';
import { signatureOf, TEST_PHONE_NUMBER_ID, TEST_VERIFY_TOKEN } from '../support/whatsapp-webhook.js';

const RUNS = 150;
const DL = '/v3/directline';
/** Any text a query string or path segment could carry, URL-encoded. */
const segment = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('..', '%2e%2e', 'a'.repeat(300), ''));
const encoded = segment.map((text) => encodeURIComponent(text));
const json = (value: unknown) => JSON.stringify(value) ?? 'null';

describe('fuzzing the customer-facing endpoints', () => {
  let fakes: Fakes;
  let app: FullApp;
  let conversation: { conversationId: string; token: string };

  beforeAll(async () => {
    fakes = await startFakes();
    // The 150 posts to one conversation would pass its message limit (a 429, which the fuzzer accepts),
    // and the check that the conversation still works afterwards needs a 200: raise that limit here.
    app = await startFullApp(fakes, { extra: { LIMIT_MESSAGES_PER_CONVERSATION: '1000/1m' } });
    const started = await send(app.baseUrl, { method: 'POST', path: `${DL}/conversations` });
    conversation = JSON.parse(started.text) as typeof conversation;
  });

  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  it('Direct Line: conversations, tokens and reads refuse garbage with 4xx JSON', async () => {
    const { conversationId, token } = conversation;
    // Header values are bytes: hostile text travels URL-encoded, as a client would have to send it.
    const auth = fc.oneof(fc.constant(token), fc.constant(ADMIN_TOKEN), encoded, fc.constant(`${token.slice(0, -2)}xx`), fc.constant(undefined));
    const request: fc.Arbitrary<FuzzRequest> = fc
      .oneof(
        fc.record({
          method: fc.constant('POST'),
          path: fc.constantFrom(`${DL}/conversations`, `${DL}/tokens/generate`, `${DL}/tokens/origin`, `${DL}/tokens/refresh`),
          body: malformedBody,
          token: auth,
        }),
        fc.record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
          path: fc.tuple(fc.constantFrom(conversationId, 'nope'), encoded, encoded).map(([id, a, b]) => `${DL}/conversations/${id}/${a}?watermark=${b}`),
          body: malformedBody,
          token: auth,
        }),
        fc.record({
          method: fc.constant('GET'),
          path: encoded.map((watermark) => `${DL}/conversations/${conversationId}/activities?watermark=${watermark}`),
          body: fc.constant(undefined),
          token: auth,
        }),
      )
      .map(({ method, path, body, token: bearer }) => ({ method, path, body, headers: jsonHeaders(bearer) }));
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
  });

  it('Direct Line: posted activities, near-valid or not, run or refuse without a 5xx', async () => {
    const { conversationId, token } = conversation;
    const activity = mutated({
      type: 'message',
      text: 'where is my order A1001?',
      locale: 'en-US',
      from: { id: 'user-1', name: 'Ann' },
      channelData: { clientActivityID: 'c-1' },
      attachments: [{ contentType: 'image/png', contentUrl: 'https://x' }],
      value: { a: 1 },
      localTimezone: 'Asia/Shanghai',
    });
    const body = fc.oneof({ weight: 3, arbitrary: activity.map(json) }, { weight: 1, arbitrary: malformedBody });
    const request = body.map(
      (text): FuzzRequest => ({ method: 'POST', path: `${DL}/conversations/${conversationId}/activities`, body: text, headers: jsonHeaders(token) }),
    );
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
    // And the conversation still works.
    const answer = await send(app.baseUrl, {
      method: 'POST',
      path: `${DL}/conversations/${conversationId}/activities`,
      headers: jsonHeaders(token),
      body: json({ type: 'message', text: 'hi', from: { id: 'user-1' } }),
    });
    expect(answer.status).toBe(200);
  });

  // Every field a long digit run (or a huge name), sized from under its limit to far over it.
  const digitRun = fc.tuple(fc.constantFrom(...DIGIT_RUNS), fc.constantFrom(20, 128, 129, 2048, 4096, 6000)).map(([run, length]) => run.slice(0, length));

  it('Direct Line: long digit runs and huge names in every field run or refuse without a 5xx', async () => {
    const { conversationId, token } = conversation;
    const activity = everyString(
      {
        type: 'message',
        text: 'where is my order A1001?',
        locale: 'en-US',
        from: { id: 'user-1', name: 'Ann' },
        channelData: { clientActivityID: 'c-1' },
        attachments: [{ contentType: 'image/png', contentUrl: 'https://x', name: 'a.png' }],
        value: { a: 'b' },
        speak: 's',
        localTimezone: 'Asia/Shanghai',
      },
      digitRun,
      ['type'],
    );
    const request = activity.map(
      (value): FuzzRequest => ({ method: 'POST', path: `${DL}/conversations/${conversationId}/activities`, body: json(value), headers: jsonHeaders(token) }),
    );
    await fuzzEndpoint(app.baseUrl, request, { runs: 60 });
    const start = everyString({ user: { id: 'u', name: 'Ann' }, locale: 'en' }, digitRun).map(
      (value): FuzzRequest => ({ method: 'POST', path: `${DL}/conversations`, body: json(value), headers: jsonHeaders() }),
    );
    await fuzzEndpoint(app.baseUrl, start, { runs: 30 });
  });

  it('Telegram and WhatsApp: long digit runs and huge names in every field never make a 5xx', async () => {
    let updateId = 9_500_000;
    const update = everyString(
      {
        message: {
          message_id: 5,
          date: 1_700_000_000,
          text: 'hello',
          caption: 'c',
          chat: { id: 4343, type: 'private', first_name: 'Mia', last_name: 'Chen', title: 't' },
          from: { id: 4343, is_bot: false, first_name: 'Mia', last_name: 'Chen', username: 'mia', language_code: 'en' },
        },
      },
      digitRun,
      ['type', 'is_bot'],
    ).map(
      (value): FuzzRequest => ({
        method: 'POST',
        path: '/telegram/webhook',
        body: json({ update_id: ++updateId, ...(value as object) }),
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      }),
    );
    await fuzzEndpoint(app.baseUrl, update, { runs: 40 });
    let wamid = 0;
    const payload = everyString(
      {
        contacts: [{ profile: { name: 'Li' }, wa_id: '8613800000002' }],
        message: { from: '8613800000002', timestamp: '1700000000', type: 'text', text: { body: 'hello' } },
      },
      digitRun,
      ['type', 'from', 'wa_id', 'timestamp'],
    )
      .map((value) => {
        const { contacts, message } = value as { contacts: unknown[]; message: Record<string, unknown> };
        return json({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: '1',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { phone_number_id: TEST_PHONE_NUMBER_ID },
                    contacts,
                    messages: [{ ...message, id: `wamid.digits${++wamid}` }],
                  },
                },
              ],
            },
          ],
        });
      })
      .map(
        (text): FuzzRequest => ({
          method: 'POST',
          path: '/whatsapp/webhook',
          body: text,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(text) },
        }),
      );
    await fuzzEndpoint(app.baseUrl, payload, { runs: 40 });
  });

  it('Direct Line: stream upgrades with hostile queries open or are refused with 4xx JSON', async () => {
    const { conversationId, token } = conversation;
    const url = fc
      .record({ id: fc.oneof(fc.constant(conversationId), encoded), t: fc.oneof(fc.constant(token), encoded), watermark: encoded })
      .map(({ id, t, watermark }) => `${app.baseUrl.replace('http', 'ws')}${DL}/conversations/${id}/stream?t=${t}&watermark=${watermark}`);
    await fc.assert(
      fc.asyncProperty(url, async (streamUrl) => {
        const outcome = await upgrade(streamUrl);
        if (outcome.status === 101) return;
        expect(outcome.status, `${streamUrl.slice(0, 200)} -> ${outcome.status} ${outcome.body}`).toBeGreaterThanOrEqual(400);
        expect(outcome.status, streamUrl.slice(0, 200)).toBeLessThan(500);
        expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      }),
      fuzzSettings(100),
    );
    expect((await send(app.baseUrl, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it('Telegram webhook: hostile updates and secrets never make a 5xx', async () => {
    const update = mutated({
      update_id: 9_000_001,
      message: {
        message_id: 5,
        date: 1_700_000_000,
        text: 'hello',
        chat: { id: 4242, type: 'private', first_name: 'Mia' },
        from: { id: 4242, is_bot: false, first_name: 'Mia', language_code: 'en' },
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
      callback_query: {
        id: 'cb',
        data: '#cb:abc',
        from: { id: 4242, is_bot: false, first_name: 'Mia' },
        message: { message_id: 3, date: 1, chat: { id: 4242, type: 'private' } },
      },
    });
    let updateId = 9_000_000;
    // Fresh update ids, so a body that passes is a new update, not a redelivery the dedupe would drop.
    const body = fc.oneof(
      {
        weight: 3,
        arbitrary: update.map((value) => json(typeof value === 'object' && value && 'update_id' in value ? { ...value, update_id: ++updateId } : value)),
      },
      { weight: 1, arbitrary: malformedBody },
    );
    const secret = fc.oneof(
      { weight: 4, arbitrary: fc.constant(TELEGRAM_SECRET) },
      { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map(encodeURIComponent) },
    );
    const request = fc.tuple(body, secret).map(
      ([text, header]): FuzzRequest => ({
        method: 'POST',
        path: '/telegram/webhook',
        body: text,
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': header },
      }),
    );
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
  });

  it('WhatsApp webhook: verification queries and signed hostile payloads never make a 5xx', async () => {
    const message = {
      from: '8613800000001',
      id: 'wamid.fuzz',
      timestamp: '1700000000',
      type: 'text',
      text: { body: 'hello' },
      interactive: { type: 'button_reply', button_reply: { id: 'opt:1', title: 'Yes' } },
      context: { id: 'wamid.x' },
    };
    const payload = mutated({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { phone_number_id: TEST_PHONE_NUMBER_ID },
                contacts: [{ profile: { name: 'Li' }, wa_id: '8613800000001' }],
                messages: [message],
                statuses: [{ id: 'wamid.s', status: 'failed', recipient_id: '1', errors: [{ code: 1 }] }],
              },
            },
          ],
        },
      ],
    });
    let wamid = 0;
    const body = fc.oneof(
      { weight: 3, arbitrary: payload.map((value) => json(value).replace('wamid.fuzz', `wamid.fuzz${++wamid}`)) },
      { weight: 1, arbitrary: malformedBody },
    );
    const post = fc.tuple(body, fc.boolean()).map(
      ([text, signed]): FuzzRequest => ({
        method: 'POST',
        path: '/whatsapp/webhook',
        body: text,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signed ? signatureOf(text) : 'sha256=00' },
      }),
    );
    const verify = fc
      .record({
        mode: fc.oneof(fc.constant('subscribe'), encoded),
        token: fc.oneof(fc.constant(TEST_VERIFY_TOKEN), encoded),
        challenge: encoded,
        extra: fc.constantFrom('', '&hub.mode=subscribe', '&hub.challenge[a]=1'),
      })
      .map(
        ({ mode, token, challenge, extra }): FuzzRequest => ({
          method: 'GET',
          path: `/whatsapp/webhook?hub.mode=${mode}&hub.verify_token=${token}&hub.challenge=${challenge}${extra}`,
        }),
      );
    await fuzzEndpoint(app.baseUrl, fc.oneof({ weight: 3, arbitrary: post }, { weight: 1, arbitrary: verify }), { runs: RUNS });
  });
});

/** Attempts a WebSocket upgrade; resolves 101 when it opened (then closes it), else the refusal's status and body. */
function upgrade(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error(`no answer to the upgrade of ${url.slice(0, 200)}`)), 10_000);
    socket.on('open', () => {
      clearTimeout(timer);
      socket.close();
      resolve({ status: 101, body: '' });
    });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    socket.on('error', () => undefined);
  });
}
