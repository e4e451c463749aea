/**
 * Redis servers of a test's own, on free loopback ports in a temporary directory: tests that stop,
 * kill or restart Redis must never touch the shared one on 6379 other engineers' tests use. A server
 * runs without snapshots; `appendOnly` turns on the append-only file (fsync on every write), so a
 * restart finds everything Redis acknowledged. `startRedisCluster` builds a three-master Redis Cluster.
 * Every wait is bounded and fails with the server's log.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server: SIGTERM (a clean shutdown) or SIGKILL (a crash); resolves once it exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /**
   * Starts it again on the same port and directory (the append-only file, if any, is read back);
   * `extraArgs` are added to this start only.
   */
  restart(extraArgs?: readonly string[]): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

/** True when the port can be bound on 127.0.0.1 right now. */
async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A random free port in 20000-29999 (so `port + 10000`, the cluster bus, is free as well). */
export async function freeRedisPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
  }
  throw new Error('No free loopback port found in 20000-29999 after 50 tries.');
}

/** PING over a raw socket: true when the server answers +PONG within a second. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Polls `check` every 100 ms until true, at most `ms`; then throws `what` with `details()`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, ms = 10_000, details: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`Timed out after ${ms} ms waiting for ${what}. ${details()}`);
}

/**
 * Starts `redis-server` on a free port, in a fresh temporary directory.
 * @param options.appendOnly keep an append-only file, fsynced on every write (survives stop and kill).
 * @param options.extraArgs more `--option value` pairs, e.g. ['--cluster-enabled', 'yes'].
 */
export async function startRedisServer({ appendOnly = false, extraArgs = [] as string[] } = {}): Promise<RedisServer> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('redis-server is not on the PATH; the reliability tests start their own. Install it (apt-get install redis-server; .ci/run does).');
  }
  const port = await freeRedisPort();
  const dir = mkdtempSync(join(tmpdir(), 'baton-redis-'));
  const logfile = join(dir, 'redis.log');
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--logfile',
    logfile,
    '--save',
    '',
    '--daemonize',
    'no',
    '--appendonly',
    appendOnly ? 'yes' : 'no',
    ...(appendOnly ? ['--appendfsync', 'always'] : []),
    ...extraArgs,
  ];
  let child: ChildProcess | undefined;
  const log = () => {
    try {
      return readFileSync(logfile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const launch = async (extra: readonly string[] = []) => {
    child = spawn('redis-server', [...args, ...extra], { stdio: 'ignore' });
    const started = child;
    await waitUntil(
      `redis-server on port ${port}`,
      async () => {
        if (started.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${started.exitCode}:\n${log()}`);
        return ping(port);
      },
      10_000,
      log,
    );
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
    // The port is free again only once the kernel let go of it.
    await waitUntil(`port ${port} to be released`, () => isFree(port), 5000);
  };

  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: launch,
    async destroy() {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when `redis-cli` is on the PATH (it builds the cluster). */
export function hasRedisCli(): boolean {
  return spawnSync('redis-cli', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface RedisCluster {
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  destroy(): Promise<void>;
}

/**
 * Three masters (no replicas) with `--cluster-enabled yes`, joined by `redis-cli --cluster create`;
 * resolves once every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(size = 3): Promise<RedisCluster> {
  const servers: RedisServer[] = [];
  try {
    for (let i = 0; i < size; i++) {
      servers.push(
        await startRedisServer({ extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000'] }),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    const create = spawnSync('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed (${create.status}):\n${create.stdout}\n${create.stderr}`);
    const stateOk = (port: number) =>
      spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8', timeout: 5000 }).stdout?.includes('cluster_state:ok') === true;
    await waitUntil('cluster_state:ok on every node', () => servers.every((server) => stateOk(server.port)), 20_000);
  } catch (error) {
    await Promise.all(servers.map((server) => server.destroy()));
    throw error;
  }
  return {
    nodes: servers.map((server) => ({ host: '127.0.0.1', port: server.port })),
    async destroy() {
      await Promise.all(servers.map((server) => server.destroy()));
    },
  };
}
