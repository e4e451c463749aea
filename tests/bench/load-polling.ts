/**
 * A closed-loop Direct Line polling load, the same for Baton and for the nlp.js peer: `customers` people,
 * each posting one message, polling `GET …/activities?watermark=` every `pollMs` until the bot's answer
 * is there, then sending the next one at once. Polling because the peer's Direct Line connector has no
 * WebSocket stream; closed loop because that is how the comparison was measured (throughput is
 * what the server sustains, latency is from the POST to the poll that saw the answer).
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Where a Direct Line implementation lives: Baton serves `/v3/directline`, nlp.js's connector `/directline`. */
export interface DirectLineTarget {
  readonly baseUrl: string;
  /** `/v3/directline` or `/directline`. */
  readonly path: string;
}

interface PollingCustomer {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly userId: string;
  watermark: string | undefined;
  polls: number;
}

interface ActivitySet {
  activities?: Array<{ type?: string; from?: { id?: string } }>;
  watermark?: string | number | null;
}

export interface PollingResult {
  readonly turns: number;
  readonly failures: number;
  readonly failureReasons: Readonly<Record<string, number>>;
  /** Sorted, in ms: POST to the poll that brought the answer. */
  readonly latencies: number[];
  readonly turnsPerSecond: number;
  readonly seconds: number;
  /** GET …/activities requests per answered turn (the polling's share of the server's work). */
  readonly pollsPerTurn: number;
  /** Conversations the bot went quiet in (handed to a person), each replaced by a new one. */
  readonly handedOver: number;
}

const wait = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

async function openPollingCustomer(target: DirectLineTarget, userId: string): Promise<PollingCustomer> {
  const started = await fetch(`${target.baseUrl}${target.path}/conversations`, { method: 'POST' });
  if (!started.ok) throw new Error(`POST ${target.path}/conversations answered ${started.status}`);
  const { conversationId, token } = (await started.json()) as { conversationId: string; token?: string };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const customer: PollingCustomer = {
    url: `${target.baseUrl}${target.path}/conversations/${conversationId}/activities`,
    headers,
    userId,
    watermark: undefined,
    polls: 0,
  };
  // Skip what the bot said before the first message (Baton's greeting), as a polling client would.
  await wait(50);
  await poll(customer);
  return customer;
}

/** One GET; returns whether a bot message came and moves the watermark on. */
async function poll(customer: PollingCustomer): Promise<boolean> {
  customer.polls++;
  const query = customer.watermark === undefined ? '' : `?watermark=${encodeURIComponent(customer.watermark)}`;
  const response = await fetch(customer.url + query, { headers: customer.headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET activities answered ${response.status}`);
  const set = (await response.json()) as ActivitySet;
  if (set.watermark !== undefined && set.watermark !== null) customer.watermark = String(set.watermark);
  return (set.activities ?? []).some((a) => a.type === 'message' && a.from?.id !== customer.userId);
}

/** Thrown when the bot stays silent after a message: Baton handed the conversation to a person (the bot is quiet while a human owns it). */
class HandedOver extends Error {}

async function turn(customer: PollingCustomer, text: string, pollMs: number, silenceMs: number): Promise<number> {
  const t0 = performance.now();
  const posted = await fetch(customer.url, {
    method: 'POST',
    headers: customer.headers,
    body: JSON.stringify({ type: 'message', text, from: { id: customer.userId } }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!posted.ok) throw new Error(`POST activity answered ${posted.status}`);
  await posted.arrayBuffer();
  const postedAt = performance.now();
  const deadline = t0 + 10_000;
  for (;;) {
    if (await poll(customer)) return performance.now() - t0;
    if (silenceMs && performance.now() - postedAt > silenceMs) throw new HandedOver();
    if (performance.now() > deadline) throw new Error('no answer within 10 s');
    await wait(pollMs);
  }
}

/**
 * Opens `customers` conversations, runs a warm-up of `warmupSeconds`, then measures for `seconds`.
 * Only turns that start and finish inside the measured window count.
 */
export async function runPollingLoad(
  target: DirectLineTarget,
  texts: readonly string[],
  {
    customers = 50,
    seconds = 10,
    warmupSeconds = 2,
    pollMs = 20,
    turnsPerConversation = 5,
    silenceMs = 0,
  }: {
    customers?: number;
    seconds?: number;
    warmupSeconds?: number;
    pollMs?: number;
    /** A customer starts a new conversation after this many turns, as people do. */
    turnsPerConversation?: number;
    /** The POST returned but no answer came within this many ms: the conversation went to a person (0: never assume so). */
    silenceMs?: number;
  } = {},
): Promise<PollingResult> {
  let opened = 0;
  const open = () => openPollingCustomer(target, `poll-${opened++}`);
  const people: PollingCustomer[] = [];
  for (let i = 0; i < customers; i += 10) people.push(...(await Promise.all(Array.from({ length: Math.min(10, customers - i) }, open))));
  let handedOver = 0;
  const latencies: number[] = [];
  const reasons = new Map<string, number>();
  let failures = 0;
  let polls = 0;
  const warmEnd = performance.now() + warmupSeconds * 1000;
  const end = warmEnd + seconds * 1000;
  let next = 0;
  await Promise.all(
    people.map(async (first) => {
      let customer = first;
      let turnsHere = 0;
      while (performance.now() < end) {
        if (turnsHere++ >= turnsPerConversation) {
          customer = await open();
          turnsHere = 1;
        }
        const started = performance.now();
        const pollsBefore = customer.polls;
        const text = texts[next++ % texts.length]!;
        try {
          const ms = await turn(customer, text, pollMs, silenceMs);
          if (started >= warmEnd && performance.now() <= end) {
            latencies.push(ms);
            polls += customer.polls - pollsBefore;
          }
        } catch (error) {
          if (error instanceof HandedOver) {
            handedOver++;
            turnsHere = turnsPerConversation;
            continue;
          }
          if (started < warmEnd) continue;
          failures++;
          const message = (error as Error).message;
          reasons.set(message, (reasons.get(message) ?? 0) + 1);
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    turns: latencies.length,
    failures,
    failureReasons: Object.fromEntries(reasons),
    latencies,
    turnsPerSecond: latencies.length / seconds,
    seconds,
    pollsPerTurn: polls / Math.max(1, latencies.length),
    handedOver,
  };
}

/** bitext/dev.jsonl in BATON_DATA_DIR, ../shared/data or /work/shared/data, the first that has it. */
export function bitextDevFile(): string {
  const dirs = [process.env.BATON_DATA_DIR, '../shared/data', '/work/shared/data'].filter((dir): dir is string => Boolean(dir));
  const dir = dirs.find((candidate) => existsSync(`${candidate}/bitext/dev.jsonl`));
  if (!dir) throw new Error(`bitext/dev.jsonl not found under ${dirs.join(', ')}: set BATON_DATA_DIR to the shared data folder.`);
  return `${dir}/bitext/dev.jsonl`;
}

/**
 * The customers' messages: Bitext's dev questions (never trained on), less the two intents Baton hands to a
 * person by design (contact_human_agent, complaint), so the load measures answered turns, not the queue.
 * Read from BATON_DATA_DIR (default ../shared/data, then /work/shared/data).
 */
export function bitextQuestions(): string[] {
  return readFileSync(bitextDevFile(), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { text: string; intent: string })
    .filter((row) => row.intent !== 'contact_human_agent' && row.intent !== 'complaint')
    .map((row) => row.text);
}

/**
 * `count` conversations, `concurrency` at a time, each started and given one message whose POST is awaited
 * (Baton answers the POST once the turn has run). For the resident memory after many conversations.
 */
export async function manyConversations(
  target: DirectLineTarget,
  texts: readonly string[],
  count: number,
  concurrency = 50,
): Promise<{ done: number; failed: number }> {
  let next = 0;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        try {
          const started = await fetch(`${target.baseUrl}${target.path}/conversations`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
          if (!started.ok) throw new Error(`POST conversations answered ${started.status}`);
          const { conversationId, token } = (await started.json()) as { conversationId: string; token?: string };
          const posted = await fetch(`${target.baseUrl}${target.path}/conversations/${conversationId}/activities`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ type: 'message', text: texts[i % texts.length], from: { id: `many-${i}` } }),
            signal: AbortSignal.timeout(10_000),
          });
          await posted.arrayBuffer();
          if (!posted.ok) throw new Error(`POST activity answered ${posted.status}`);
          done++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { done, failed };
}

/** The closed-loop figures a table row needs. */
export function describePolling(result: PollingResult): { p50: number; p99: number; answered: number } {
  const attempted = result.turns + result.failures;
  return { p50: percentileOf(result.latencies, 50), p99: percentileOf(result.latencies, 99), answered: attempted ? result.turns / attempted : 0 };
}

const percentileOf = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
