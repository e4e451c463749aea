/**
 * `npx tsx tests/bench/profile-claims.ts [tickets]`: the claims bench (d) alone against the compiled bot
 * on Redis: `tickets` customers escalate (untimed), then 20 agents empty the queue at once; prints
 * claims/s, p50/p99 and the bot's CPU ms a claim (from /proc). With PROFILE_DIR set, the bot runs under
 * `node --cpu-prof` and writes its profile there when it stops; summarise the claims only with
 * `npx tsx tests/bench/profile-summary.ts <file.cpuprofile> <claims> <seconds printed + 1.5>`. Build first.
 * Also prints the Redis commands a claim costs (INFO stats over the claims, commands run by scripts
 * included; the whole server's count, so exact only when nothing else uses that Redis).
 * Run from another checkout's folder (`cd ../before && npx tsx <this file>`) to measure that checkout's build.
 */
import { Redis } from 'ioredis';
import { benchAgents, claimsUnderContention } from './handoff-bench.js';
import { openCustomers, percentile } from './load-web.js';
import { flushPrefix } from './redis-prefix.js';
import { startServer } from './server-process.js';

const tickets = Number(process.argv[2] ?? 200);
if (process.env.PROFILE_DIR) process.env.BENCH_NODE_ARGS = `--cpu-prof --cpu-prof-dir=${process.env.PROFILE_DIR}`;
const prefix = `baton-bench:claims:${Date.now()}:`;
const agents = benchAgents(20);
const server = await startServer({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix, AGENTS: JSON.stringify(agents) });
const customers = await openCustomers(server.baseUrl, tickets);
for (let i = 0; i < customers.length; i += 20) {
  await Promise.all(
    customers.slice(i, i + 20).map((c) => c.send('This is ridiculous!! I want to talk to a real person NOW', performance.now()).catch(() => undefined)),
  );
}
await new Promise((wake) => setTimeout(wake, 500));
const counters = new Redis('redis://127.0.0.1:6379');
/** Commands Redis has run so far (INFO stats). */
const redisCommands = async () => Number(/total_commands_processed:(\d+)/.exec(await counters.info('stats'))?.[1] ?? Number.NaN);
const commands0 = await redisCommands();
const cpu0 = server.cpuMs();
const started = performance.now();
const claims = await claimsUnderContention(
  server.baseUrl,
  agents.map((a) => a.token),
  tickets,
);
const seconds = (performance.now() - started) / 1000;
const cpu = server.cpuMs() - cpu0;
const commands = (await redisCommands()) - commands0 - 1; // less the INFO itself
counters.disconnect();
const perClaim = (n: number) => Number((n / Math.max(1, claims.claimed)).toFixed(2));
console.log(
  JSON.stringify({
    tickets,
    claimed: claims.claimed,
    duplicates: claims.duplicates,
    perSecond: Math.round(claims.claimsPerSecond),
    p50: Number(percentile(claims.latencies, 50).toFixed(1)),
    p99: Number(percentile(claims.latencies, 99).toFixed(1)),
    cpuMsPerClaim: Number((cpu / Math.max(1, claims.claimed)).toFixed(2)),
    redisCommandsPerClaim: perClaim(commands),
    seconds: Number(seconds.toFixed(2)),
  }),
);
// A quiet second before the shutdown, so the profile's claims window (the last `seconds` + 1 s before the
// stop) holds the claims and nothing of the escalations.
await new Promise((wake) => setTimeout(wake, 1000));
for (const customer of customers) customer.close();
await server.stop();
await flushPrefix(prefix);
process.exit(0);
