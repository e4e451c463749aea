/**
 * An open-loop Direct Line load generator: customers with their WebSocket streams open, messages sent
 * on a fixed schedule whatever the bot's pace (so a backlog shows as latency, not as a slower sender),
 * latency measured from the scheduled send to the bot's reply arriving on the customer's stream.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

interface Pending {
  readonly due: number;
  readonly resolve: (at: number) => void;
}

/** One customer with a live stream. One message in flight at a time, as a person chats. */
export interface BenchCustomer {
  readonly conversationId: string;
  busy: boolean;
  /** Posts `text`; resolves the moment the first bot message after it arrives on the stream. */
  send(text: string, due: number): Promise<number>;
  close(): void;
}

/** Starts `count` conversations, each with its stream open. */
export async function openCustomers(baseUrl: string, count: number): Promise<BenchCustomer[]> {
  const customers: BenchCustomer[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) => openCustomer(baseUrl, `bench-${i + j}`));
    customers.push(...(await Promise.all(batch)));
  }
  return customers;
}

async function openCustomer(baseUrl: string, userId: string): Promise<BenchCustomer> {
  const started = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' });
  if (!started.ok) throw new Error(`POST /conversations answered ${started.status}`);
  const { conversationId, token, streamUrl } = (await started.json()) as { conversationId: string; token: string; streamUrl: string };
  const ws = new WebSocket(streamUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let pending: Pending | undefined;
  let greeted: () => void = () => undefined;
  const greeting = new Promise<void>((resolve) => (greeted = resolve));
  ws.on('message', (data: Buffer) => {
    if (data.length === 0) return;
    const frame = JSON.parse(data.toString()) as { activities?: Array<{ type: string; from?: { id?: string } }> };
    if (!frame.activities?.some((a) => a.type === 'message' && a.from?.id !== userId)) return;
    if (!pending) return greeted();
    const { resolve } = pending;
    pending = undefined;
    resolve(performance.now());
  });
  const url = `${baseUrl}/v3/directline/conversations/${conversationId}/activities`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const customer: BenchCustomer = {
    conversationId,
    busy: false,
    async send(text, due) {
      customer.busy = true;
      try {
        const arrived = new Promise<number>((resolve, reject) => {
          pending = { due, resolve };
          setTimeout(() => reject(new Error('no reply within 10 s')), 10_000).unref();
        });
        arrived.catch(() => undefined); // awaited below; this only keeps an early timeout from counting as unhandled
        const posted = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ type: 'message', text, from: { id: userId } }),
          signal: AbortSignal.timeout(20_000),
        });
        if (!posted.ok) throw new Error(`POST activity answered ${posted.status}`);
        await posted.arrayBuffer();
        return await arrived;
      } finally {
        pending = undefined;
        customer.busy = false;
      }
    },
    close: () => ws.close(),
  };
  // The greeting arrives first; wait for it (bounded) so it is not taken for a reply.
  await Promise.race([greeting, new Promise((wake) => setTimeout(wake, 2000))]);
  return customer;
}

export interface LoadResult {
  readonly offered: number;
  readonly sent: number;
  readonly completed: number;
  readonly failures: number;
  /** Why messages failed, with counts. */
  readonly failureReasons: Readonly<Record<string, number>>;
  /** Sorted, in ms. */
  readonly latencies: number[];
  readonly achievedPerSecond: number;
}

/** Sends `offered` messages a second for `seconds` across idle customers. */
export async function runLoad(customers: BenchCustomer[], texts: readonly string[], offered: number, seconds: number): Promise<LoadResult> {
  const total = Math.round(offered * seconds);
  const latencies: number[] = [];
  let failures = 0;
  const reasons = new Map<string, number>();
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let next = 0;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / offered;
    while (performance.now() < due) await new Promise((wake) => setTimeout(wake, Math.max(0, Math.min(1, due - performance.now()))));
    let customer: BenchCustomer | undefined;
    for (let tries = 0; tries < customers.length && !customer; tries++) {
      const candidate = customers[next++ % customers.length]!;
      if (!candidate.busy) customer = candidate;
    }
    if (!customer) {
      failures++; // every customer is waiting for a reply: the bot is saturated
      continue;
    }
    inFlight.push(
      customer.send(texts[i % texts.length]!, due).then(
        (at) => void latencies.push(at - due),
        (error: Error) => {
          failures++;
          reasons.set(error.message, (reasons.get(error.message) ?? 0) + 1);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    offered,
    sent: total,
    completed: latencies.length,
    failures,
    failureReasons: Object.fromEntries(reasons),
    latencies,
    achievedPerSecond: latencies.length / elapsed,
  };
}

/** The p-th percentile of sorted values. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
