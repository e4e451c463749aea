/**
 * The agent WebSocket stream through its front door: a real `ws` client against the running console.
 * Waits are bounded and fail with a message naming what never arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startConsole, type RunningConsole } from './test-support/start-console.js';

let running: RunningConsole;
beforeAll(async () => (running = await startConsole()));
afterAll(async () => running?.stop());

/** Opens a stream socket and collects its frames. */
function connect(token: string) {
  const url = `${running.baseUrl.replace(/^http/, 'ws')}/api/agent/stream?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url);
  const frames: { type: string; [key: string]: unknown }[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return { ws, frames, closed };
}

/** Resolves the first frame of `type`, or fails after `ms` naming what was received instead. */
async function frameOf(frames: { type: string }[], type: string, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const frame = frames.find((f) => f.type === type);
    if (frame) return frame;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  throw new Error(`No '${type}' frame within ${ms} ms; got ${JSON.stringify(frames.map((f) => f.type))}.`);
}

describe('console desk WebSocket stream', () => {
  it('says hello with the agent, then forwards desk events, and unsubscribes on close', async () => {
    const { ws, frames, closed } = connect('token-ada');
    expect(await frameOf(frames, 'hello')).toMatchObject({ type: 'hello', agent: { id: 'ada', name: 'Ada' } });
    await running.desk.waitForSubscriber('ada');
    running.desk.customerSays('t2', 'Are you there?');
    expect(await frameOf(frames, 'customer_message')).toMatchObject({ ticketId: 't2', line: { from: 'customer', text: 'Are you there?' } });
    expect(frames[0].type).toBe('hello');
    ws.close();
    await closed;
    const deadline = Date.now() + 5_000;
    while (running.desk.subscriberCount('ada') > 0 && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 20));
    expect(running.desk.subscriberCount('ada'), 'the stream should unsubscribe when the socket closes').toBe(0);
  });

  it('closes a bad token with 4401 and a reason, before any frame', async () => {
    const { frames, closed } = connect('wrong');
    const { code, reason } = await closed;
    expect(code).toBe(4401);
    expect(reason).toMatch(/unauthorized/);
    expect(frames).toEqual([]);
  });

  it('refuses upgrades on other agent API paths with 404', async () => {
    const ws = new WebSocket(`${running.baseUrl.replace(/^http/, 'ws')}/api/agent/queue?token=token-ada`);
    const outcome = await new Promise<string>((resolve) => {
      ws.on('open', () => resolve('open'));
      ws.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode}`));
      ws.on('error', (error) => resolve(error.message));
    });
    ws.terminate();
    expect(outcome).toBe('status 404');
  });
});
