/**
 * Redis stopped and restarted in the middle of traffic (a Redis of the test's own, with an append-only
 * file, so what it acknowledged survives the restart). While it is down: /readyz says not ready; the
 * bot keeps answering FAQs on Telegram and WhatsApp from memory fallbacks; a customer asking for a
 * person is told the queue cannot be reached and to ask again (nothing is silently dropped); Direct
 * Line and the agent API answer 503 with a message at once instead of hanging. Once it is back: the
 * tickets queued and held before the outage go through (claim, replies both ways, a stream that stayed
 * open gets the agent's reply), the customer who asked during the outage is queued when asking again,
 * and what customers wrote during the outage is in the transcript the agent reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDetails, TicketSummary } from '../../handoff/desk-api.js';
import { startCustomer } from '../support/directline-customer.js';
import { ResumingStream, WebCustomer } from '../support/failover-clients.js';
import { AGENTS, TELEGRAM_SECRET, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { startRedisServer, waitUntil, type RedisServer } from '../support/redis-server.js';
import { envelope, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

const BOUND = { signal: () => AbortSignal.timeout(5000) };

describe('Redis stopped and restarted in the middle of traffic', () => {
  let fakes: Fakes;
  let redis: RedisServer;
  let app: FullApp;
  let updateId = 700_000;

  /** The agent API as Ada; bounded, so a hang fails the test instead of stalling it. */
  const asAda = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${app.baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${AGENTS[0].token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: BOUND.signal(),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const mia = telegramCustomer(66_001);
  const telegramSays = async (text: string) => {
    const response = await fetch(`${app.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(textUpdate(++updateId, mia, text)),
      signal: BOUND.signal(),
    });
    return response.status;
  };
  const miaHeard = () => fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id)).map((call) => String(call.params.text));
  const miaHears = (pattern: RegExp) =>
    waitUntil(
      `Mia to hear ${pattern}`,
      () => miaHeard().some((text) => pattern.test(text)),
      10_000,
      () => JSON.stringify(miaHeard()),
    );
  const readyz = async () => (await fetch(`${app.baseUrl}/readyz`, { signal: BOUND.signal() })).status;

  beforeAll(async () => {
    fakes = await startFakes();
    redis = await startRedisServer({ appendOnly: true });
    app = await startFullApp(fakes, { redis: { url: redis.url, keyPrefix: 'baton:' } });
  }, 60_000);

  afterAll(async () => {
    try {
      await app?.stop();
    } finally {
      await redis?.destroy();
      await fakes?.close();
    }
  });

  it('answers FAQs while Redis is down, refuses what needs it with 503, and loses no handoff', async () => {
    // ---- before: one customer held by Ada (watching a stream), one waiting in the queue ----
    const held = await startCustomer(app.baseUrl, 'web-held');
    await held.say('I want to talk to a real person');
    const heldTicket = (await app.assistant.handoff.service.openTicketFor(held.conversationId))!;
    expect((await asAda('POST', `/tickets/${heldTicket.id}/claim`)).status).toBe(200);
    const stream = new ResumingStream(new WebCustomer('web-held', held.conversationId, held.token), () => app.baseUrl);
    await stream.open();
    const waiting = await startCustomer(app.baseUrl, 'web-waiting');
    await waiting.say('I want to talk to a real person');
    const waitingTicket = (await app.assistant.handoff.service.openTicketFor(waiting.conversationId))!;
    expect(waitingTicket.state).toBe('queued');

    // ---- Redis goes away ----
    await redis.stop('SIGKILL');
    await waitUntil('/readyz to say not ready', async () => (await readyz()) === 503, 5000);

    expect(await telegramSays('what payment methods do you accept?')).toBe(200);
    await miaHears(/Visa/);
    expect(await telegramSays('how long does delivery take?')).toBe(200);
    await miaHears(/business days/);
    const whatsapp = await postWebhook(
      `${app.baseUrl}/whatsapp/webhook`,
      envelope({ waId: '8613900000066', messages: [textMessage('8613900000066', 'what payment methods do you accept?')] }),
    );
    expect(whatsapp.status).toBe(200);
    await waitUntil('the WhatsApp answer', () => fakes.graph.delivered('8613900000066').some((call) => JSON.stringify(call.body).includes('Visa')), 10_000);

    // Asking for a person: told to ask again, not promised a person nobody will see.
    expect(await telegramSays('I want to talk to a real person')).toBe(200);
    await miaHears(/can't reach our team's queue right now/);

    const post = await fetch(`${app.baseUrl}/v3/directline/conversations/${waiting.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${waiting.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hello?', from: { id: 'web-waiting' } }),
      signal: BOUND.signal(),
    });
    expect(post.status).toBe(503);
    expect(await post.json()).toMatchObject({ error: { code: 'ServiceUnavailable', message: expect.stringMatching(/Try again/) } });
    expect(await asAda('GET', '/queue')).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });

    // ---- Redis is back, with everything it had acknowledged ----
    await redis.restart();
    await waitUntil('/readyz to say ready again', async () => (await readyz()) === 200, 10_000);

    // The held conversation goes on: Ada's reply reaches the stream that stayed open through the outage.
    expect((await asAda('POST', `/tickets/${heldTicket.id}/reply`, { text: 'Ada here, sorry for the wait.' })).status).toBe(200);
    await waitUntil(
      'the reply on the stream',
      () => [...stream.received.values()].some((activity) => activity.text === 'Ada here, sorry for the wait.'),
      10_000,
    );
    stream.stop();
    // The queued ticket is still queued, and goes through.
    expect((await asAda<{ ticket: TicketSummary }>('POST', `/tickets/${waitingTicket.id}/claim`)).status).toBe(200);
    expect((await asAda('POST', `/tickets/${waitingTicket.id}/reply`, { text: 'Ada here for you too.' })).status).toBe(200);
    expect((await waiting.read()).map((reply) => reply.text)).toContain('Ada here for you too.');
    expect((await waiting.say('thanks!')).map((reply) => reply.text)).toEqual([]);

    // Mia asks again and is queued; her outage messages are in the transcript Ada reads.
    expect(await telegramSays('I want to talk to a real person')).toBe(200);
    await miaHears(/number \d+ in the queue/);
    const miaTicket = (await app.assistant.handoff.service.openTicketFor(String(mia.id)))!;
    expect(miaTicket).toMatchObject({ state: 'queued', channel: 'telegram' });
    expect((await asAda('POST', `/tickets/${miaTicket.id}/claim`)).status).toBe(200);
    await waitUntil(
      'the outage turns in the transcript',
      async () => {
        const lines = (await asAda<TicketDetails>('GET', `/tickets/${miaTicket.id}`)).body.transcript
          .filter((line) => line.from === 'customer')
          .map((line) => line.text);
        return ['what payment methods do you accept?', 'how long does delivery take?'].every((text) => lines.includes(text));
      },
      10_000,
    );
    expect((await asAda('POST', `/tickets/${miaTicket.id}/reply`, { text: 'Hi Mia, Ada here.' })).status).toBe(200);
    await miaHears(/Hi Mia, Ada here\./);
  }, 90_000);

  it('shuts down cleanly even while Redis is down', async () => {
    await redis.stop('SIGKILL');
    await waitUntil('/readyz to say not ready', async () => (await readyz()) === 503, 5000);
    await app.stop();
    await expect(fetch(`${app.baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  }, 30_000);
});
