/**
 * `npx tsx tests/bench/profile-memory.ts [memory|overload|redis] [conversations]`: where the compiled bot's
 * memory goes. Starts the bot (build first: `npm run build`) with `tests/bench/memory-probe.mjs` preloaded,
 * reads its `process.memoryUsage()` split and V8's heap spaces at ready and after the load (300 WebSocket
 * customers on memory stores, or `conversations` one-message conversations on Redis), and, with
 * PROFILE_DIR set, writes a heap snapshot at each point there (open it in Chrome DevTools, Memory tab).
 * `overload 300 [turns]` runs the full `npm run bench` memory-store steps (a 200/s warm-up, then 250, 500,
 * 1,000 and 2,000/s for 5 s each, every step run even when one is not held), then 2,000/s steps again until
 * `turns` were answered, and samples 5 s later, as the bench reads it.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bitextQuestions, manyConversations } from './load-polling.js';
import { openCustomers, runLoad } from './load-web.js';
import { flushPrefix } from './redis-prefix.js';
import { startServer, type ServerProcess } from './server-process.js';

const mode = process.argv[2] === 'redis' ? 'redis' : process.argv[2] === 'overload' ? 'overload' : 'memory';
const store = mode === 'redis' ? 'redis' : 'memory';
const conversations = Number(process.argv[3] ?? (store === 'redis' ? 2000 : 300));
const probe = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));
const outDir = process.env.PROFILE_DIR ?? (await import('node:os')).tmpdir();
process.env.BENCH_NODE_ARGS = `${process.env.BENCH_NODE_ARGS ?? ''} --import=${probe}`;
process.env.MEMORY_PROBE_DIR = outDir;
if (process.env.PROFILE_DIR) process.env.MEMORY_PROBE_SNAPSHOT = '1';
const prefix = `baton-bench:memory:${Date.now()}:`;

/** Asks the probe in the bot for its figures (SIGUSR2) and waits for the file it writes. */
async function sample(server: ServerProcess, label: string): Promise<void> {
  const before = new Set(readdirSync(outDir));
  process.kill(server.pid, 'SIGUSR2');
  for (let i = 0; i < 3000; i++) {
    const file = readdirSync(outDir).find((name) => name.startsWith(`baton-memory-${server.pid}-`) && name.endsWith('.json') && !before.has(name));
    if (file) {
      const figures = JSON.parse(readFileSync(`${outDir}/${file}`, 'utf8')) as Record<string, unknown>;
      rmSync(`${outDir}/${file}`);
      console.log(JSON.stringify({ store, at: label, procRssMb: server.memory().rssMb, ...figures }));
      return;
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`the memory probe in ${server.pid} did not answer`);
}

const env: Record<string, string> = store === 'redis' ? { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix } : {};
const server = await startServer(env);
await sample(server, 'ready');
if (mode === 'overload') {
  const customers = await openCustomers(server.baseUrl, conversations);
  const texts = ['what payment methods do you accept?', 'how long does delivery take', '退款政策是什么', 'can I get an invoice?', 'do you ship to canada'];
  await runLoad(customers, texts, 200, 2);
  // A busy machine answers fewer turns in the same steps than a quiet one: `minTurns` (third argument)
  // repeats the last step until that many turns were answered, so runs at different loads compare.
  const minTurns = Number(process.argv[4] ?? 0);
  let turns = 0;
  for (const offered of [250, 500, 1000, 2000]) {
    const cpu0 = server.cpuMs();
    const result = await runLoad(customers, texts, offered, 5);
    const cpuPerTurn = (server.cpuMs() - cpu0) / Math.max(1, result.completed);
    console.log(JSON.stringify({ load: `${offered}/s: ${result.completed}/${result.sent} turns, ${cpuPerTurn.toFixed(2)} CPU ms/turn` }));
    turns += result.completed;
  }
  while (turns < minTurns) {
    const result = await runLoad(customers, texts, 2000, 5);
    console.log(JSON.stringify({ load: `2000/s again: ${result.completed}/${result.sent} turns` }));
    // A bot that answers nothing (it died, or stalls) would keep this loop going for ever.
    if (result.completed === 0) throw new Error(`the bot answered no turn at 2,000/s after ${turns} turns`);
    turns += result.completed;
  }
  console.log(JSON.stringify({ turns }));
  for (const customer of customers) customer.close();
  console.log(JSON.stringify({ at: 'right after the load', procRssMb: server.memory().rssMb }));
  await new Promise((wake) => setTimeout(wake, 5000));
} else if (store === 'memory') {
  const customers = await openCustomers(server.baseUrl, conversations);
  const texts = ['what payment methods do you accept?', 'how long does delivery take', '退款政策是什么', 'can I get an invoice?', 'do you ship to canada'];
  const result = await runLoad(customers, texts, 300, 10);
  console.log(JSON.stringify({ load: `${result.completed}/${result.sent} turns over ${conversations} customers` }));
  for (const customer of customers) customer.close();
} else {
  const { done, failed } = await manyConversations({ baseUrl: server.baseUrl, path: '/v3/directline' }, bitextQuestions(), conversations);
  console.log(JSON.stringify({ load: `${done} conversations done, ${failed} failed` }));
}
await sample(server, 'after load');
await server.stop();
if (store === 'redis') await flushPrefix(prefix);
process.exit(0);
