/**
 * `npx tsx tests/bench/profile-turns.ts [baton-redis|baton-memory|peer] [seconds]`: the polling load
 * against one server, with its CPU time per turn (from /proc) and, with PROFILE_DIR set, a V8 CPU profile
 * of the server (node --cpu-prof) written there when it stops. Summarise one with
 * `npx tsx tests/bench/profile-summary.ts <file.cpuprofile>`. Build first (`npm run build`).
 * PROFILE_REDIS_URL points baton-redis at a Redis of its own (e.g. `redis-server --port 6390 --save ''`):
 * then the Redis reads and commands a turn cost are printed too (from INFO stats; on a shared Redis they
 * would count other clients' traffic). Reads are request batches Redis took off its sockets: round trips.
 * ALLOC_PROBE_DIR preloads tests/bench/alloc-probe.mjs: the KB a turn allocates are printed, and V8's sampled
 * allocations of the measured seconds are written there (`npx tsx tests/bench/alloc-summary.ts <dir>/alloc.heapprofile <turns>`).
 */
import { bitextQuestions, type DirectLineTarget, runPollingLoad } from './load-polling.js';
import { percentile } from './load-web.js';
import { flushPrefix } from './redis-prefix.js';
import { startPeer, startServer } from './server-process.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const which = process.argv[2] ?? 'baton-redis';
const seconds = Number(process.argv[3] ?? 10);
if (process.env.PROFILE_DIR) process.env.BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${process.env.PROFILE_DIR}`;
// The peer is not Baton: it gets no probe (a SIGUSR2 would end it).
const allocDir = which === 'peer' ? undefined : process.env.ALLOC_PROBE_DIR;
if (allocDir) {
  const probe = fileURLToPath(new URL('./alloc-probe.mjs', import.meta.url));
  process.env.BENCH_NODE_ARGS = `${process.env.BENCH_NODE_ARGS ?? ''} --import=${probe}`;
  for (const name of ['alloc-started.json', 'alloc.json', 'alloc.heapprofile']) rmSync(join(allocDir, name), { force: true });
}
/** Signals the allocation probe in the bot and waits for the file it writes. */
const allocProbe = async (file: string): Promise<void> => {
  if (!allocDir) return;
  process.kill(server.pid, 'SIGUSR2');
  for (let i = 0; i < 600 && !existsSync(join(allocDir, file)); i++) await new Promise((wake) => setTimeout(wake, 50));
};
const texts = bitextQuestions();
const prefix = `baton-bench:profile:${Date.now()}:`;
const ownRedisUrl = process.env.PROFILE_REDIS_URL;
const redisUrl = ownRedisUrl ?? 'redis://127.0.0.1:6379';
const server = which === 'peer' ? await startPeer() : await startServer(which === 'baton-redis' ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {});
/** Redis's own counters: read events (round trips) and commands processed. */
const redisCounters = async (): Promise<{ reads: number; commands: number } | undefined> => {
  if (!ownRedisUrl || which !== 'baton-redis') return undefined;
  const redis = new Redis(ownRedisUrl);
  const info = await redis.info('stats');
  redis.disconnect();
  const field = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? Number.NaN);
  return { reads: field('total_reads_processed'), commands: field('total_commands_processed') };
};
const target: DirectLineTarget = { baseUrl: server.baseUrl, path: which === 'peer' ? '/directline' : '/v3/directline' };
await runPollingLoad(target, texts, { customers: 50, seconds: 3, warmupSeconds: 1, silenceMs: 2000 });
await allocProbe('alloc-started.json');
const redis0 = await redisCounters();
const cpu0 = server.cpuMs();
const result = await runPollingLoad(target, texts, {
  customers: 50,
  seconds,
  warmupSeconds: 0,
  silenceMs: 2000,
  turnsPerConversation: Number(process.env.TURNS_PER_CONVERSATION ?? 5),
});
const cpu = server.cpuMs() - cpu0;
const redis1 = await redisCounters();
await allocProbe('alloc.json');
const allocated = allocDir
  ? {
      allocatedKbPerTurn: (
        (JSON.parse(readFileSync(join(allocDir, 'alloc.json'), 'utf8')) as { allocatedBytes: number }).allocatedBytes /
        1024 /
        result.turns
      ).toFixed(0),
    }
  : {};
const perTurn = (n: number) => (n / result.turns).toFixed(1);
const redisPerTurn =
  redis0 && redis1 ? { redisReadsPerTurn: perTurn(redis1.reads - redis0.reads - 1), redisCommandsPerTurn: perTurn(redis1.commands - redis0.commands - 1) } : {};
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
    ...redisPerTurn,
    ...allocated,
  }),
);
await server.stop();
if (which === 'baton-redis') await flushPrefix(prefix, redisUrl);
process.exit(0);
