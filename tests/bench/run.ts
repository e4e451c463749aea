/**
 * `npm run bench`: prints a table and writes bench-results/bench.json.
 *  (a) the NLU floor: recognizer.recognize on the shop model, one message at a time;
 *  (b) end-to-end web turns: Direct Line POST into the composed app until the turn's reply is in the
 *      activity log, at fixed offered loads (open loop), on memory and, when reachable, on Redis;
 *  (c) cold start (settings to listening) and resident memory.
 * Figures depend on the machine; the README reports those of a 2-core CI machine.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { loadRecognizer } from '../../nlu-models/nlp-recognizer.js';
import { startCustomer } from '../support/directline-customer.js';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const rows: Array<Record<string, string | number>> = [];

async function benchNlu(): Promise<void> {
  const recognizer = await loadRecognizer();
  const lines = readFileSync(new URL('../../nlu-models/corpora/shop/en.jsonl', import.meta.url), 'utf8').trim().split('\n').slice(0, 1500);
  const texts = [...lines.map((line) => (JSON.parse(line) as { text: string }).text), '我的订单在哪里?', '我想退款', '快递到哪了'];
  for (const text of texts.slice(0, 100)) await recognizer.recognize(text); // warm up
  const times: number[] = [];
  for (const text of texts) {
    const start = performance.now();
    await recognizer.recognize(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  console.error('nlu done');
  rows.push({ bench: 'nlu recognize (floor)', load: 'sequential', count: times.length, p50_ms: round(percentile(times, 50), 3), p95_ms: round(percentile(times, 95), 3), p99_ms: round(percentile(times, 99), 3), achieved_per_s: round(1000 / mean, 0) });
}

async function benchTurns(store: 'memory' | 'redis', offeredPerSecond: number, seconds: number): Promise<void> {
  const keyPrefix = `baton-bench:${Date.now()}:`;
  const settings = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...(store === 'redis' ? { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: keyPrefix } : {}) };
  const assistant = await createShopAssistant(loadConfig(settings));
  const baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  const customers = await Promise.all(Array.from({ length: 50 }, () => startCustomer(baseUrl)));
  await Promise.all(customers.map((customer) => customer.read()));
  const questions = ['what payment methods do you accept?', 'how long does delivery take', '退款政策是什么', 'can I get an invoice?'];
  const latencies: number[] = [];
  let failures = 0;
  const total = offeredPerSecond * seconds;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / offeredPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const customer = customers[i % customers.length];
    inFlight.push(
      (async () => {
        // Latency from the scheduled send time, so a backlog shows up (no coordinated omission).
        try {
          await customer.say(questions[i % questions.length]);
          latencies.push(performance.now() - due);
        } catch {
          failures++;
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.error(`web turn ${store} ${offeredPerSecond}/s done`, latencies.length, failures, round(percentile(latencies, 50)), round(percentile(latencies, 99)), round(elapsed, 1));
  rows.push({ bench: `web turn, ${store}`, load: `${offeredPerSecond}/s × ${seconds}s`, count: latencies.length, p50_ms: round(percentile(latencies, 50)), p95_ms: round(percentile(latencies, 95)), p99_ms: round(percentile(latencies, 99)), achieved_per_s: round(latencies.length / elapsed, 0), failures });
  await assistant.stop();
  if (store === 'redis') {
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

async function benchColdStart(): Promise<void> {
  const start = performance.now();
  const assistant = await createShopAssistant(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
  await assistant.start();
  const readyMs = performance.now() - start;
  global.gc?.();
  rows.push({ bench: 'cold start (in process)', load: '-', count: 1, p50_ms: round(readyMs, 0), p95_ms: '-', p99_ms: '-', achieved_per_s: '-', rss_mb: round(process.memoryUsage().rss / 2 ** 20, 0) });
  await assistant.stop();
}

async function redisReachable(): Promise<boolean> {
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

await benchColdStart();
await benchNlu();
for (const load of [50, 100, 200]) await benchTurns('memory', load, 4);
if (await redisReachable()) for (const load of [50, 100, 200]) await benchTurns('redis', load, 4);
else console.warn('Redis not reachable on 127.0.0.1:6379: Redis turns skipped.');

console.table(rows);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/bench.json', JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2));
console.log('written: bench-results/bench.json');
process.exit(0);
