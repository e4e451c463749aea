/**
 * `npx tsx tests/bench/profile-turns.ts [baton-redis|baton-memory|peer] [seconds]`: the polling load
 * against one server, with its CPU time per turn (from /proc) and, with PROFILE_DIR set, a V8 CPU profile
 * of the server (node --cpu-prof) written there when it stops. Summarise one with
 * `npx tsx tests/bench/profile-summary.ts <file.cpuprofile>`. Build first (`npm run build`).
 */
import { bitextQuestions, type DirectLineTarget, runPollingLoad } from './load-polling.js';
import { percentile } from './load-web.js';
import { flushPrefix } from './redis-prefix.js';
import { startPeer, startServer } from './server-process.js';

const which = process.argv[2] ?? 'baton-redis';
const seconds = Number(process.argv[3] ?? 10);
if (process.env.PROFILE_DIR) process.env.BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${process.env.PROFILE_DIR}`;
const texts = bitextQuestions();
const prefix = `baton-bench:profile:${Date.now()}:`;
const server =
  which === 'peer' ? await startPeer() : await startServer(which === 'baton-redis' ? { REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix } : {});
const target: DirectLineTarget = { baseUrl: server.baseUrl, path: which === 'peer' ? '/directline' : '/v3/directline' };
await runPollingLoad(target, texts, { customers: 50, seconds: 3, warmupSeconds: 1, silenceMs: 2000 });
const cpu0 = server.cpuMs();
const result = await runPollingLoad(target, texts, {
  customers: 50,
  seconds,
  warmupSeconds: 0,
  silenceMs: 2000,
  turnsPerConversation: Number(process.env.TURNS_PER_CONVERSATION ?? 5),
});
const cpu = server.cpuMs() - cpu0;
console.log(
  JSON.stringify({
    which,
    turnsPerSecond: Math.round(result.turnsPerSecond),
    p50: percentile(result.latencies, 50).toFixed(1),
    p99: percentile(result.latencies, 99).toFixed(1),
    failures: result.failures,
    failureReasons: result.failureReasons,
    turns: result.turns,
    pollsPerTurn: result.pollsPerTurn.toFixed(1),
    handedOver: result.handedOver,
    cpuMsPerTurn: (cpu / result.turns).toFixed(2),
    rssMb: server.memory().rssMb,
  }),
);
await server.stop();
if (which === 'baton-redis') await flushPrefix(prefix);
process.exit(0);
