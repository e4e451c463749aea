/**
 * Two real Baton processes on one Redis, as behind a load balancer: the customer talks to instance A
 * over Direct Line HTTP, the agent works on instance B through the agent API and its WebSocket
 * stream. Escalation, claim, replies both ways, resolve, CSAT and the score on the ticket all cross
 * from one process to the other through Redis alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TicketDetails, TicketSummary } from '../../handoff/desk-api.js';
import type { StreamFrame } from '../../desks/console/agent-stream.js';
import { startBaton, type BatonProcess } from '../support/baton-process.js';
import { startCustomer, type BotReply } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const AGENT = { id: 'ada', name: 'Ada', token: 'ada-two-instances-token-01', languages: ['en', 'zh'], skills: ['general'], capacity: 3 };
const WAIT_MS = 10_000;
const START_MS = 60_000;

/** Polls `check` until it resolves a value other than undefined/false, or fails saying `what` and the last state seen. */
async function until<T>(what: string, check: () => Promise<T | undefined | false>, describeState: () => unknown = () => undefined, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`Timed out after ${ms} ms waiting for ${what}. Last seen: ${JSON.stringify(describeState())}`);
}

/** The agent API on one instance, as the agent. */
function agentApi(baseUrl: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${AGENT.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
}

/** An agent stream: collects every frame. */
async function openAgentStream(baseUrl: string): Promise<{ frames: StreamFrame[]; close(): void }> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/agent/stream?token=${encodeURIComponent(AGENT.token)}`);
  const frames: StreamFrame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as StreamFrame));
  const closed: { code?: number } = {};
  socket.on('close', (code) => (closed.code = code));
  socket.on('error', () => undefined);
  await until(
    'the agent stream hello',
    async () => frames.some((frame) => frame.type === 'hello'),
    () => ({ frames, closed }),
  );
  return { frames, close: () => socket.close() };
}

describe('handoff across two processes on one Redis', () => {
  let testRedis: TestRedis;
  const instances: BatonProcess[] = [];
  let a: BatonProcess;
  let b: BatonProcess;

  beforeAll(async () => {
    testRedis = connectTestRedis('two-instances');
    const env = {
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: testRedis.keyPrefix,
      AGENTS: JSON.stringify([AGENT]),
      TOKEN_SECRET: 'two-instances-shared-token-secret',
      LOG_LEVEL: 'warn',
    };
    [a, b] = await Promise.all([startBaton('A', env), startBaton('B', env)]);
    instances.push(a, b);
  }, START_MS + 15_000);

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await testRedis?.cleanup();
  }, 20_000);

  it('customer on A, agent on B: escalate, claim, talk both ways, resolve, rate', async () => {
    const onB = agentApi(b.baseUrl);
    const stream = await openAgentStream(b.baseUrl);
    try {
      // ---- the customer on A asks for a person ----
      const customer = await startCustomer(a.baseUrl);
      const heard: BotReply[] = [];
      /** Reads from A until a bot message matches `expected`; resolves it. */
      const customerHears = (expected: RegExp | string) =>
        until(
          `the customer on A to hear ${JSON.stringify(String(expected))}`,
          async () => {
            heard.push(...(await customer.read()));
            return heard.find((reply) => (typeof expected === 'string' ? reply.text === expected : expected.test(reply.text)));
          },
          () => ({ heard: heard.map((reply) => reply.text), outputA: a.output(), outputB: b.output() }),
        );
      heard.push(...(await customer.say('This is ridiculous!! I want to talk to a real person NOW')));
      await customerHears(/number 1 in the queue/);

      // ---- B sees the ticket A opened, and the agent claims it there ----
      const ticket = await until('the ticket in the queue on B', async () =>
        (await onB<{ queued: TicketSummary[] }>('GET', '/queue')).body.queued.find((t) => t.conversationId === customer.conversationId),
      );
      expect(ticket).toMatchObject({ state: 'queued', position: 1, channel: 'directline', language: 'en' });
      await until(
        "a queue_changed frame on B's stream (published by A)",
        async () => stream.frames.some((frame) => frame.type === 'queue_changed'),
        () => stream.frames,
      );
      const claimed = await onB<{ ticket: TicketSummary }>('POST', `/tickets/${ticket.id}/claim`);
      expect(claimed, 'claim on B').toMatchObject({ status: 200, body: { ticket: { state: 'assigned', agentId: AGENT.id } } });
      await customerHears('Ada from our team has joined the conversation.');

      const details = await onB<TicketDetails>('GET', `/tickets/${ticket.id}`);
      expect(
        details.body.transcript.some((line) => line.from === 'customer' && /real person/.test(line.text)),
        JSON.stringify(details.body.transcript),
      ).toBe(true);

      // ---- the agent's reply, posted to B, reaches the customer reading from A ----
      const reply = await onB<{ ticket: TicketSummary }>('POST', `/tickets/${ticket.id}/reply`, { text: 'Hello from Ada on instance B.' });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      await customerHears('Hello from Ada on instance B.');

      // ---- the customer's next message, posted to A, reaches the agent's stream on B; the bot stays silent ----
      const silent = await customer.say('Thanks Ada, the parcel is order A1002');
      expect(
        silent.map((r) => r.text),
        'bot replies while the agent holds the conversation',
      ).toEqual([]);
      const live = await until(
        'the customer_message frame on B',
        async () => stream.frames.find((frame) => frame.type === 'customer_message' && /parcel is order A1002/.test(frame.line.text)),
        () => stream.frames,
      );
      expect(live).toMatchObject({ ticketId: ticket.id, line: { from: 'customer' } });

      // ---- resolve on B: the CSAT question reaches A; the customer's 5 lands on the ticket ----
      const resolved = await onB<{ ticket: TicketSummary }>('POST', `/tickets/${ticket.id}/resolve`);
      expect(resolved, 'resolve on B').toMatchObject({ status: 200, body: { ticket: { state: 'resolved' } } });
      await customerHears('Your conversation with our team is closed. Thank you!');
      const question = await customerHears(/How would you rate the help you got today\?/);
      expect(question.actions).toEqual(['1', '2', '3', '4', '5']);
      const thanks = await customer.say('5');
      expect(thanks.map((r) => r.text).join('\n')).toMatch(/Thank you for the 5!/);
      const rated = await until('csat 5 on the ticket, read on B', async () => {
        const read = await onB<TicketDetails>('GET', `/tickets/${ticket.id}`);
        return read.body.csat === 5 ? read.body : undefined;
      });
      expect(rated).toMatchObject({ state: 'resolved', agentId: AGENT.id, csat: 5 });

      // ---- and the bot on A answers again ----
      expect((await customer.say('what payment methods do you accept?')).map((r) => r.text).join('\n')).toMatch(/Visa/);
    } finally {
      stream.close();
    }
  }, 60_000);
});
