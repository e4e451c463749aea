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
  stop(): Promise<void>;
}

/**
 * Starts `dist/bots/shop-assistant/main.js` with `env` and waits (at most `readyTimeoutMs`, 30 s) until it is ready.
 * The abuse limits are off (ABUSE_LIMITS=off) unless `env` says otherwise: a load generator is one client
 * address opening hundreds of conversations and tickets, exactly what the limits exist to stop.
 */
export async function startServer(env: Record<string, string>, { readyTimeoutMs = 30_000 }: { readyTimeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), 'dist/bots/shop-assistant/main.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ABUSE_LIMITS: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The bot exited during start (${child.exitCode}):\n${stderr}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The bot was not ready within ${readyTimeoutMs / 1000} s:\n${stderr}`);
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
