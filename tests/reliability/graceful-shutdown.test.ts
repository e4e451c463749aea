/**
 * Graceful shutdown of a real Baton process on SIGTERM: a Telegram turn is in flight (the fake Bot API
 * holds its sendMessage open) when the signal arrives. From then on /readyz answers 503 and new work
 * (a Direct Line post, a webhook) is refused with 503, while the turn in flight still finishes and its
 * reply reaches the customer; WebSockets (the customer's Direct Line stream, the agent's console
 * stream) are closed with 1001 "going away", and the process exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBaton, type BatonProcess } from '../support/baton-process.js';
import { AGENTS, TELEGRAM_SECRET, fullSettings, startFakes, type Fakes } from '../support/full-app.js';
import { startRedisServer, waitUntil, type RedisServer } from '../support/redis-server.js';
import { customer, textUpdate } from '../telegram/updates.js';

/** An open WebSocket whose frames and close code are recorded; `ready` says which frame to wait for, if any. */
async function openSocket(url: string, ready?: (frame: string) => boolean): Promise<{ frames: string[]; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  const frames: string[] = [];
  let open = false;
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('open', () => (open = true));
  socket.on('message', (data) => frames.push(String(data)));
  socket.on('error', () => undefined);
  await waitUntil(`${url.split('?')[0]} to open`, () => open && (!ready || frames.some(ready)), 10_000);
  return { frames, closed };
}

describe('graceful shutdown on SIGTERM', () => {
  let fakes: Fakes;
  let redis: RedisServer;
  let baton: BatonProcess;

  beforeAll(async () => {
    fakes = await startFakes();
    redis = await startRedisServer();
    baton = await startBaton('draining', fullSettings(fakes, { redis: { url: redis.url, keyPrefix: 'baton:' }, extra: { LOG_LEVEL: 'info' } }));
  }, 90_000);

  afterAll(async () => {
    await baton?.stop(2000);
    await redis?.destroy();
    await fakes?.close();
  });

  it('stops taking work at once, finishes the turn in flight, closes sockets with 1001 and exits 0', async () => {
    const { baseUrl } = baton;
    // A customer on the web with a live stream, and an agent with the console's stream open.
    const started = (await (await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' })).json()) as {
      conversationId: string;
      token: string;
      streamUrl: string;
    };
    const customerStream = await openSocket(started.streamUrl);
    const agentStream = await openSocket(`${baseUrl.replace('http', 'ws')}/api/agent/stream?token=${AGENTS[1].token}`, (frame) => frame.includes('"hello"'));

    // A Telegram customer's turn is in flight: its reply is on its way to the Bot API, which holds it.
    const held = fakes.telegram.holdNext('sendMessage');
    const mia = customer(55_001);
    const deliver = (updateId: number, text: string) =>
      fetch(`${baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(textUpdate(updateId, mia, text)),
      });
    expect((await deliver(990_001, 'what payment methods do you accept?')).status).toBe(200);
    const inFlight = await held.reached;
    expect(inFlight.text).toMatch(/Visa/);

    baton.signal('SIGTERM');
    await waitUntil('/readyz to answer 503', async () => (await fetch(`${baseUrl}/readyz`)).status === 503, 5000);
    const post = await fetch(`${baseUrl}/v3/directline/conversations/${started.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hello?', from: { id: 'web-customer' } }),
    });
    expect(post.status).toBe(503);
    expect(await post.json()).toMatchObject({ error: { code: 'shutting_down', message: expect.stringMatching(/shutting down/) } });
    expect((await deliver(990_002, 'anyone there?')).status).toBe(503);
    // Reads are still served while draining.
    expect(
      (await fetch(`${baseUrl}/v3/directline/conversations/${started.conversationId}/activities`, { headers: { authorization: `Bearer ${started.token}` } }))
        .status,
    ).toBe(200);
    expect(baton.child.exitCode, 'the process waits for the turn in flight').toBeNull();

    held.release();
    const exit = await Promise.race([baton.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
    expect(exit, baton.output()).toEqual({ code: 0, signal: null });
    expect(fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id)).map((call) => call.params.text)).toEqual([
      expect.stringMatching(/Visa/),
    ]);
    expect(await customerStream.closed).toBe(1001);
    expect(await agentStream.closed).toBe(1001);
    expect(baton.output()).toMatch(/"msg":"stopped"/);
  }, 60_000);
});
