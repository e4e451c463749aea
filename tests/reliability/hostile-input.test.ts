/**
 * One anonymous customer sends the worst input Direct Line accepts (every field filled to its limit
 * with "1 1 1 …", the shape that made the old card finder cubic) and the worst it refuses (256 KB of
 * it in one field), over and over, to instance A, after asking for a person, so the queue, the
 * ticket's details and the SLA timers mask that text on every read. Meanwhile `/healthz` and the agent
 * queue answer within a generous bound on A and on a second instance B sharing the Redis: a behaviour
 * bound (one request does not stall an instance), not a benchmark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../adapters/field-limits.js';
import type { TicketDetails, TicketSummary } from '../../handoff/desk-api.js';
import { startBaton, type BatonProcess } from '../support/baton-process.js';
import { AGENTS } from '../support/full-app.js';
import { startRedisServer, waitUntil, type RedisServer } from '../support/redis-server.js';

/** "Promptly": far above a healthy answer (milliseconds), far below a stall (the old finder: minutes). */
const PROMPT_MS = 3000;
const soup = (n: number) => '1 '.repeat(Math.ceil(n / 2)).slice(0, n);
const ADA = AGENTS[0];

/** Every field of a Direct Line activity at its limit: about 160 KB, under the 256 KB body limit. */
function worstAccepted(userId: string, i: number): Record<string, unknown> {
  const extras = Object.fromEntries(Array.from({ length: 16 }, (_, k) => [`extra${k}`, soup(FIELD_LIMITS.shortString)]));
  const structured = (key: string) => ({ [key]: soup(FIELD_LIMITS.structuredJson - 100) });
  return {
    type: 'message',
    text: soup(4000),
    from: { id: userId, name: soup(FIELD_LIMITS.name) },
    locale: 'en-GB',
    speak: soup(FIELD_LIMITS.shortString),
    summary: soup(FIELD_LIMITS.shortString),
    channelData: { clientActivityID: `hostile-${i}`, ...structured('filler') },
    value: structured('filler'),
    entities: [{ type: 'note', ...structured('filler') }],
    attachments: Array.from({ length: FIELD_LIMITS.attachments }, () => ({
      contentType: 'text/plain',
      name: soup(FIELD_LIMITS.name),
      content: structured('t'),
    })),
    ...extras,
  };
}

describe('one customer sending the worst input does not stall any instance', () => {
  let redis: RedisServer;
  let a: BatonProcess;
  let b: BatonProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { REDIS_URL: redis.url, AGENTS: JSON.stringify(AGENTS), TOKEN_SECRET: 'hostile-input-shared-token-secret', LOG_LEVEL: 'warn' };
    [a, b] = await Promise.all([startBaton('A', env), startBaton('B', env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(2000), b?.stop(2000)]);
    await redis?.destroy();
  });

  const timed = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(PROMPT_MS) });
    await response.arrayBuffer();
    return response.status;
  };
  const agentGet = (base: string, path: string) => timed(`${base}/api/agent${path}`, { headers: { authorization: `Bearer ${ADA.token}` } });

  it('keeps /healthz and the agent queue answering on both instances', async () => {
    const started = await fetch(`${a.baseUrl}/v3/directline/conversations`, { method: 'POST' });
    const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };
    const post = async (body: unknown) => {
      const response = await fetch(`${a.baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
      return response.status;
    };
    expect(await post({ type: 'message', text: 'I want to talk to a real person', from: { id: 'hostile', name: soup(FIELD_LIMITS.name) } })).toBe(200);
    let ticket: TicketSummary | undefined;
    await waitUntil(
      'the ticket in the queue',
      async () => {
        const response = await fetch(`${b.baseUrl}/api/agent/queue`, { headers: { authorization: `Bearer ${ADA.token}` } });
        ticket = ((await response.json()) as { queued: TicketSummary[] }).queued.find((t) => t.conversationId === conversationId);
        return ticket !== undefined;
      },
      30_000,
    );

    // The flood: the biggest accepted activity, and 256 KB of digits in one field (refused), on A.
    const statuses: number[] = [];
    let flooding = true;
    const flood = (async () => {
      for (let i = 0; i < 12; i++) {
        const [accepted, refused] = await Promise.all([
          post(worstAccepted('hostile', i)),
          post({ type: 'message', text: 'hi', from: { id: 'hostile', name: soup(250_000) } }),
        ]);
        statuses.push(accepted, refused);
      }
      flooding = false;
    })();

    // The probes: both instances' health and queue, and the ticket's (masked) details, all the while.
    const probes: Array<{ what: string; status: number }> = [];
    while (flooding) {
      for (const [what, call] of [
        ['A /healthz', () => timed(`${a.baseUrl}/healthz`)],
        ['B /healthz', () => timed(`${b.baseUrl}/healthz`)],
        ['A queue', () => agentGet(a.baseUrl, '/queue')],
        ['B queue', () => agentGet(b.baseUrl, '/queue')],
        ['A details', () => agentGet(a.baseUrl, `/tickets/${ticket!.id}`)],
        ['B details', () => agentGet(b.baseUrl, `/tickets/${ticket!.id}`)],
      ] as const) {
        const status = await call().catch((error: Error) => {
          throw new Error(`${what} did not answer within ${PROMPT_MS} ms during the flood (${error.name}).\nA:\n${a.output()}`);
        });
        probes.push({ what, status });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await flood;

    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(statuses.filter((_, i) => i % 2 === 0)).toEqual(statuses.filter((_, i) => i % 2 === 0).map(() => 200));
    expect(statuses.filter((_, i) => i % 2 === 1)).toEqual(statuses.filter((_, i) => i % 2 === 1).map(() => 400));
    expect(probes.length).toBeGreaterThanOrEqual(6);
    expect(probes.filter((probe) => probe.status !== 200)).toEqual([]);

    // The hostile lines did reach the ticket (masked before they were stored, as every long digit run is),
    // so every details read above masked them again.
    const details = await fetch(`${b.baseUrl}/api/agent/tickets/${ticket!.id}`, { headers: { authorization: `Bearer ${ADA.token}` } });
    const body = (await details.json()) as TicketDetails;
    const hostileLines = body.transcript.filter((line) => line.from === 'customer' && line.text.length >= 1000);
    expect(hostileLines.length).toBeGreaterThan(0);
    expect(hostileLines.filter((line) => /(?:\d[ -]?){16}/.test(line.text))).toEqual([]);
    expect(body.customerName).toHaveLength(FIELD_LIMITS.name);
  });
});
