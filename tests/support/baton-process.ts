/**
 * Baton as a real child process (`node --import tsx bots/shop-assistant/main.ts`, what `npm start` runs),
 * for tests that send it signals: SIGTERM to watch it drain, SIGKILL to watch the others survive it.
 * Its output is kept (the last lines) for failure messages; every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const START_MS = 60_000;

export interface BatonProcess {
  readonly name: string;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the process printed. */
  output(): string;
  /** Sends `signal` (no-op once exited). */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if still running after `ms`; resolves once exited. */
  stop(ms?: number): Promise<void>;
}

/** A loopback port free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts Baton with `env` (settings) on a free port; resolves once /readyz answers 200. */
export async function startBaton(name: string, env: Record<string, string>): Promise<BatonProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=baton-source', '--import', 'tsx', 'bots/shop-assistant/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => lines.push(`spawn failed: ${error.message}`));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  const baton: BatonProcess = {
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    exited,
    output: () => lines.join('\n'),
    signal(signal) {
      if (running()) child.kill(signal);
    },
    async stop(ms = 10_000) {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + START_MS;
  while (Date.now() < deadline) {
    if (!running()) throw new Error(`Baton ${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${baton.output()}`);
    const ready = await fetch(`${baton.baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return baton;
    await new Promise((wake) => setTimeout(wake, 200));
  }
  await baton.stop(1000);
  throw new Error(`Baton ${name} not ready on ${baton.baseUrl} after ${START_MS} ms:\n${baton.output()}`);
}
