/**
 * `npm run bench`: every figure of the operations issue in one run, with its target beside it; prints a
 * table and writes bench-results/bench.json.
 *  (a) the NLU floor: the shop recognizer's `recognize`, one message at a time, in this process;
 *  (b) end-to-end web turns: Direct Line POST to the reply on the customer's WebSocket, open loop at
 *      fixed offered loads, against the compiled bot in its own process, on memory and on Redis; the
 *      highest load held (≥ 95 % completed, p99 under a second) and its ratio to the floor;
 *  (c) escalation to agent notified (the agent console's WebSocket);
 *  (d) claims under contention (20 agents emptying the queue at once; duplicates must be 0);
 *  (e) the bot's resident memory after the load and its cold start (spawn to /readyz).
 * `BENCH_SECONDS` (default 5) sets each load step's length; `BENCH_LOADS` (default 250,500,1000,2000).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { loadRecognizer } from '../../nlu-models/nlp-recognizer.js';
import { benchAgents, claimsUnderContention, escalationToAgent } from './handoff-bench.js';
import { openCustomers, percentile, runLoad } from './load-web.js';
import { recognizeTimes } from './recognize-times.js';
import { startServer, type ServerProcess } from './server-process.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const loads = (process.env.BENCH_LOADS ?? '250,500,1000,2000').split(',').map(Number);
const round = (value: number, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : '-');
const rows: Array<Record<string, string | number>> = [];
const log = (line: string) => console.error(`[bench] ${line}`);

async function nluFloor(): Promise<number> {
  const recognizer = await loadRecognizer();
  const lines = readFileSync('../shared/data/bitext/dev.jsonl', 'utf8').trim().split('\n');
  const texts = [...lines.map((line) => (JSON.parse(line) as { text: string }).text), '我的订单在哪里?', '我想退款', '快递到哪了'];
  const times = await recognizeTimes(recognizer, texts);
  const perSecond = 1000 / (times.reduce((a, b) => a + b, 0) / times.length);
  rows.push({
    bench: '(a) NLU recognize, floor',
    load: `${times.length} msgs, sequential`,
    p50_ms: round(percentile(times, 50), 3),
    p95_ms: round(percentile(times, 95), 3),
    p99_ms: round(percentile(times, 99), 3),
    result: `${Math.round(perSecond)} msg/s`,
    target: '< 1 ms a message',
  });
  return perSecond;
}

async function webTurns(store: 'memory' | 'redis', env: Record<string, string>, floor: number): Promise<ServerProcess> {
  const server = await startServer(env);
  const customers = await openCustomers(server.baseUrl, 300);
  const texts = ['what payment methods do you accept?', 'how long does delivery take', '退款政策是什么', 'can I get an invoice?', 'do you ship to canada'];
  await runLoad(customers, texts, 200, 2); // warm-up: JIT, connections
  let held = 0;
  for (const offered of loads) {
    const result = await runLoad(customers, texts, offered, seconds);
    const p99 = percentile(result.latencies, 99);
    const ok = result.completed >= 0.95 * result.sent && p99 < 1000;
    if (ok) held = Math.max(held, result.achievedPerSecond);
    log(`web ${store} ${offered}/s: ${result.completed}/${result.sent}, p99 ${round(p99)} ms`);
    const target = offered === 1000 ? 'p99 < 25 ms at 1,000/s' : offered >= 2000 ? '≥ 2,000/s held' : '';
    rows.push({
      bench: `(b) web turn, ${store}`,
      load: `${offered}/s × ${seconds}s`,
      p50_ms: round(percentile(result.latencies, 50)),
      p95_ms: round(percentile(result.latencies, 95)),
      p99_ms: round(p99),
      result: `${Math.round(result.achievedPerSecond)}/s done, ${result.failures} failed${ok ? '' : ' (not held)'}`,
      target,
    });
    if (!ok && result.completed < 0.5 * result.sent) break;
  }
  rows.push({
    bench: `(b) web turn, ${store}: highest held`,
    load: '',
    p50_ms: '',
    p95_ms: '',
    p99_ms: '',
    result: `${Math.round(held)}/s = ${round(held / floor, 2)} × the NLU floor`,
    target: '≥ 2,000/s',
  });
  for (const customer of customers) customer.close();
  return server;
}

async function handoff(env: Record<string, string>): Promise<void> {
  const agents = benchAgents(20);
  const server = await startServer({ ...env, AGENTS: JSON.stringify(agents) });
  const latencies = await escalationToAgent(server.baseUrl, agents[0]!.token, 200);
  rows.push({
    bench: '(c) escalation → agent notified, redis',
    load: `${latencies.length} escalations`,
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    result: '',
    target: 'p99 < 50 ms',
  });
  const claims = await claimsUnderContention(
    server.baseUrl,
    agents.map((a) => a.token),
    latencies.length,
  );
  rows.push({
    bench: '(d) claims, 20 agents at once, redis',
    load: `${claims.tickets} tickets`,
    p50_ms: round(percentile(claims.latencies, 50)),
    p95_ms: round(percentile(claims.latencies, 95)),
    p99_ms: round(percentile(claims.latencies, 99)),
    result: `${claims.claimed} claimed, ${claims.duplicates} twice, ${Math.round(claims.claimsPerSecond)}/s`,
    target: 'each ticket once',
  });
  await server.stop();
}

async function flushPrefix(prefix: string): Promise<void> {
  const redis = new Redis('redis://127.0.0.1:6379');
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

log('building the bot (npm run build)');
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
const floor = await nluFloor();
const memory = await webTurns('memory', {}, floor);
const { rssMb, peakMb } = memory.memory();
rows.push({
  bench: '(e) resident memory after the memory-store load',
  load: '',
  p50_ms: '',
  p95_ms: '',
  p99_ms: '',
  result: `${rssMb} MB now, ${peakMb} MB peak`,
  target: '< 250 MB',
});
await memory.stop();
const cold = await startServer({});
rows.push({
  bench: '(e) cold start, spawn to /readyz',
  load: '',
  p50_ms: round(cold.readyMs, 0),
  p95_ms: '',
  p99_ms: '',
  result: `${cold.memory().rssMb} MB resident when ready`,
  target: '< 3,000 ms',
});
await cold.stop();
const prefix = `baton-bench:${Date.now()}:`;
const redisEnv = { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix };
const redisServer = await webTurns('redis', redisEnv, floor);
await redisServer.stop();
await handoff({ ...redisEnv, REDIS_KEY_PREFIX: `${prefix}h:` });
await flushPrefix(prefix);

console.table(rows);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/bench.json',
  JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, seconds, rows }, null, 2),
);
console.log('written: bench-results/bench.json');
process.exit(0);
