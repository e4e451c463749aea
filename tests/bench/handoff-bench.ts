/**
 * Handoff benchmarks against a running bot: (c) how soon an agent's console hears of an escalation,
 * from the customer's POST to the `ticket_updated` frame on the agent's WebSocket; (d) claims under
 * contention: many agents taking the queue at once, with the check that no ticket went to two.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { openCustomers } from './load-web.js';

/** Agent accounts for the benchmark: `count` agents with large capacity. */
export function benchAgents(count: number): Array<{ id: string; name: string; token: string; languages: string[]; skills: string[]; capacity: number }> {
  return Array.from({ length: count }, (_, i) => ({
    id: `agent-${i}`,
    name: `Agent ${i}`,
    token: `bench-agent-token-${String(i).padStart(4, '0')}`,
    languages: ['en', 'zh'],
    skills: ['general'],
    capacity: 50,
  }));
}

/** Escalates `count` customers one after another; resolves each latency (ms) to the agent's stream frame. */
export async function escalationToAgent(baseUrl: string, agentToken: string, count: number): Promise<number[]> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/agent/stream?token=${agentToken}`);
  const seen = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; ticket?: { conversationId: string; state: string } };
    if (frame.type !== 'ticket_updated' || frame.ticket?.state !== 'queued') return;
    const at = performance.now();
    const id = frame.ticket.conversationId;
    seen.set(id, at);
    waiters.get(id)?.(at);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const customers = await openCustomers(baseUrl, count);
  const latencies: number[] = [];
  for (const customer of customers) {
    const notified = new Promise<number>((resolve) => waiters.set(customer.conversationId, resolve));
    const start = performance.now();
    await customer.send('This is ridiculous!! I want to talk to a real person NOW', start).catch(() => undefined);
    const at = seen.get(customer.conversationId) ?? (await Promise.race([notified, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 5000))]));
    if (Number.isFinite(at)) latencies.push(at - start);
  }
  for (const customer of customers) customer.close();
  ws.close();
  return latencies.sort((a, b) => a - b);
}

export interface ClaimResult {
  readonly tickets: number;
  readonly claimed: number;
  readonly duplicates: number;
  readonly latencies: number[];
  readonly claimsPerSecond: number;
}

/** All agents call claim-next at once, over and over, until the queue is empty. */
export async function claimsUnderContention(baseUrl: string, tokens: readonly string[], tickets: number): Promise<ClaimResult> {
  const winners = new Map<string, string>();
  let duplicates = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    tokens.map(async (token) => {
      for (let round = 0; round < tickets * 2; round++) {
        const t0 = performance.now();
        const response = await fetch(`${baseUrl}/api/agent/claim-next`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        latencies.push(performance.now() - t0);
        const body = (await response.json()) as { ticket?: { id: string }; error?: { code: string } };
        if (body.error?.code === 'empty_queue') return;
        if (!body.ticket) continue;
        if (winners.has(body.ticket.id)) duplicates++;
        winners.set(body.ticket.id, token);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { tickets, claimed: winners.size, duplicates, latencies: latencies.sort((a, b) => a - b), claimsPerSecond: winners.size / seconds };
}
