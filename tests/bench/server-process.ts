/**
 * The bot under benchmark runs as its own process, as in production (the compiled build, plain node),
 * so the load generator never competes with it inside one event loop, and its start time and memory
 * are its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { freePort } from '../support/baton-process.js';

export { freePort };

export interface ServerProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readonly readyMs: number;
  /** Resident and peak resident memory now, in MB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number };
  /** CPU time (user + system) the process has used so far, in ms (Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** User + system CPU time of `pid` in ms, from /proc/<pid>/stat (clock ticks of 10 ms on Linux). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The node flags of `npm run start:prod` (the Dockerfile's CMD has the same), so the bench measures the
 * bot as production runs it: `node --max-semi-space-size=8 dist/…` gives `["--max-semi-space-size=8"]`.
 */
export function productionNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  return (scripts['start:prod'] ?? '').split(' ').filter((word) => word.startsWith('--'));
}

/**
 * Starts `dist/bots/shop-assistant/main.js` with `env` and the node flags of `start:prod` and waits until it is ready: at most `readyTimeoutMs`,
 * else `BENCH_READY_SECONDS` (default 120; a crowded machine can take a minute to load the models).
 * The abuse limits are off (ABUSE_LIMITS=off) unless `env` says otherwise: a load generator is one client
 * address opening hundreds of conversations and tickets, exactly what the limits exist to stop.
 */
export async function startServer(env: Record<string, string>, { readyTimeoutMs }: { readyTimeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const nodeArgs = [...productionNodeFlags(), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'dist/bots/shop-assistant/main.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ABUSE_LIMITS: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const readyLimitMs = readyTimeoutMs ?? Number(process.env.BENCH_READY_SECONDS ?? 120) * 1000;
  const deadline = Date.now() + readyLimitMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The bot exited during start (${child.exitCode}):\n${stderr}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The bot was not ready within ${readyLimitMs / 1000} s (BENCH_READY_SECONDS):\n${stderr}`);
    }
    await new Promise((wake) => setTimeout(wake, 20));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid!;
  return {
    baseUrl,
    pid,
    readyMs,
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
    },
    cpuMs: () => processCpuMs(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the nlp.js peer (tests/bench/nlpjs-peer.cjs) and waits until it has trained (or loaded its cached
 * model) and listens; at most 5 minutes, as a first training takes a minute or two on a busy machine.
 */
export async function startPeer(): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), 'tests/bench/nlpjs-peer.cjs'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The nlp.js peer was not ready within 5 minutes:\n${stderr}`)), 300_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`The nlp.js peer exited during start (${code}):\n${stderr}`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 100; tries++) {
    const up = await fetch(`${baseUrl}/directline/conversations`, { method: 'OPTIONS' }).then(
      () => true,
      () => false,
    );
    if (up) break;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid!;
  return {
    baseUrl,
    pid,
    readyMs,
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
    },
    cpuMs: () => processCpuMs(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
