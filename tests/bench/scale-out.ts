/**
 * `npm run bench:scale`: throughput of 1, 2 and 4 compiled Baton instances on one Redis, and what each
 * turn costs in CPU. Direct Line customers (their streams open, one message in flight each, the next
 * sent when the reply arrives: a closed loop) are spread evenly over the instances, as a balancer with
 * sticky WebSockets would; the load generator runs on the same machine.
 *
 * Printed per run: the aggregate turns/s and latency, the CPU time per turn of every instance (from
 * /proc/<pid>/stat), of the load generator and of Redis (INFO cpu; the Redis is shared, so that figure
 * includes whatever else used it meanwhile). Read it with the machine in mind: on N cores, instances
 * cannot add throughput past N cores' worth of CPU, so the aggregate levels off once the instances,
 * the load generator and Redis together use every core; CPU per turn tells what a bigger machine (or
 * more machines) would get: about cores × 1000 / (ms of bot CPU per turn) turns/s, while Redis keeps up.
 *
 * Settings: SCALE_SECONDS (default 10 per run), SCALE_CUSTOMERS (default 120), SCALE_INSTANCES
 * (default 1,2,4), SKIP_BUILD=1 to reuse dist/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { openCustomers, percentile, type BenchCustomer } from './load-web.js';
import { startServer, type ServerProcess } from './server-process.js';

const seconds = Number(process.env.SCALE_SECONDS ?? 10);
const customerCount = Number(process.env.SCALE_CUSTOMERS ?? 120);
const counts = (process.env.SCALE_INSTANCES ?? '1,2,4').split(',').map(Number);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TEXTS = ['what payment methods do you accept?', 'how long does delivery take', '退款政策是什么', 'can I get an invoice?', 'do you ship to canada'];
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const log = (line: string) => console.log(`[bench:scale] ${line}`);

/** CPU milliseconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Redis' own CPU milliseconds so far (INFO cpu). */
async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field('used_cpu_sys') + field('used_cpu_user')) * 1000;
}

/** Each customer sends, waits for the reply, sends again, until `ms` have passed; resolves each customer's turns and latencies. */
async function closedLoop(customers: BenchCustomer[], ms: number): Promise<{ turns: number[]; latencies: number[]; failures: number }> {
  const end = performance.now() + ms;
  const latencies: number[] = [];
  let failures = 0;
  const turns = await Promise.all(
    customers.map(async (customer, i) => {
      let done = 0;
      while (performance.now() < end) {
        const due = performance.now();
        try {
          const at = await customer.send(TEXTS[(i + done) % TEXTS.length]!, due);
          latencies.push(at - due);
          done++;
        } catch {
          failures++;
          await new Promise((wake) => setTimeout(wake, 100));
        }
      }
      return done;
    }),
  );
  return { turns, latencies: latencies.sort((a, b) => a - b), failures };
}

async function flushPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

if (!process.env.SKIP_BUILD) {
  log('building the bot (npm run build)');
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
}
const redis = new Redis(redisUrl);
const rows: Record<string, string | number>[] = [];
for (const count of counts) {
  const prefix = `baton-bench-scale:${Date.now()}:`;
  const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, TOKEN_SECRET: 'bench-scale-shared-token-secret-01' };
  log(`${count} instance(s): starting`);
  const servers: ServerProcess[] = [];
  for (let i = 0; i < count; i++) servers.push(await startServer(env, { readyTimeoutMs: 120_000 }));
  try {
    // The customers of instance k are k, k + count, ...: the same total load, spread evenly.
    const perInstance = await Promise.all(
      servers.map((server, k) => openCustomers(server.baseUrl, Math.floor(customerCount / count) + (k < customerCount % count ? 1 : 0))),
    );
    const all = perInstance.flat();
    // A busy machine (other work sharing the cores) can slow a start well past the usual 3 s, hence the 120 s above.
    await closedLoop(all, 2000); // warm-up: JIT, connections
    const cpuBefore = servers.map((server) => cpuMsOf(server.pid));
    const ownBefore = process.cpuUsage();
    const redisBefore = await redisCpuMs(redis);
    const started = performance.now();
    const { turns, latencies, failures } = await closedLoop(all, seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const redisMs = (await redisCpuMs(redis)) - redisBefore;
    const own = process.cpuUsage(ownBefore);
    const cpuMs = servers.map((server, k) => cpuMsOf(server.pid) - cpuBefore[k]!);
    // Turns each instance served: the turns of its customers.
    let offset = 0;
    const turnsPer = perInstance.map((group) => {
      const served = turns.slice(offset, offset + group.length).reduce((sum, n) => sum + n, 0);
      offset += group.length;
      return served;
    });
    const total = turnsPer.reduce((sum, n) => sum + n, 0);
    const botCpu = cpuMs.reduce((sum, n) => sum + n, 0);
    rows.push({
      instances: count,
      'turns/s': Math.round(total / elapsed),
      p50_ms: Math.round(percentile(latencies, 50)),
      p99_ms: Math.round(percentile(latencies, 99)),
      failures,
      'bot CPU ms/turn per instance': cpuMs.map((ms, k) => (turnsPer[k] ? (ms / turnsPer[k]).toFixed(2) : '-')).join(' / '),
      'bot CPU ms/turn': (botCpu / total).toFixed(2),
      'bot cores busy': (botCpu / 1000 / elapsed).toFixed(2),
      'loadgen CPU ms/turn': ((own.user + own.system) / 1000 / total).toFixed(2),
      'redis CPU ms/turn': (redisMs / total).toFixed(2),
      // Runnable processes on the machine (1-minute average): above the core count, everyone waits for a core.
      'load avg': loadavg()[0]!.toFixed(1),
    });
    log(JSON.stringify(rows.at(-1)));
    for (const customer of all) customer.close();
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await flushPrefix(redis, prefix);
  }
}
redis.disconnect();

console.table(rows);
const cores = cpus().length;
const last = rows.at(-1);
log(
  `${cores} cores here. Instances add throughput only while cores are idle: the bots, the load generator and Redis share these ${cores}. ` +
    `At ${last?.['bot CPU ms/turn']} ms of bot CPU per turn, each core a bigger machine gives the instances is worth about ${last ? Math.round(1000 / Number(last['bot CPU ms/turn'])) : '?'} turns/s, while Redis keeps up.`,
);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/scale-out.json',
  JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cores, seconds, customers: customerCount, rows }, null, 2),
);
log('written: bench-results/scale-out.json');
process.exit(0);
