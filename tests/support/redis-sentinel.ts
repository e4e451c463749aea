/**
 * A Redis master, one replica and three sentinels of a test's own, on free loopback ports: what a
 * Sentinel deployment looks like in production, small. The sentinels agree on failure with a quorum
 * of two and notice a dead master after a second. Every wait is bounded and fails with the logs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeRedisPort, startRedisServer, waitUntil, type RedisServer } from './redis-server.js';

export const SENTINEL_MASTER = 'baton-test';

export interface SentinelSetup {
  /** The two data servers; which one is master changes with a failover. */
  readonly servers: readonly RedisServer[];
  /** `host:port` of every sentinel, as REDIS_SENTINELS takes them. */
  readonly sentinels: string;
  /** The port of the server the sentinels call master now. */
  masterPort(): number;
  /** The server the sentinels call master now. */
  master(): RedisServer;
  destroy(): Promise<void>;
}

/** `redis-cli -p port ...` output (empty on failure). */
export function cli(port: number, ...args: string[]): string {
  return spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 5000 }).stdout ?? '';
}

/** Starts master, replica and three sentinels; resolves once every sentinel knows the replica and the other two sentinels. */
export async function startSentinelSetup(): Promise<SentinelSetup> {
  const master = await startRedisServer();
  const replica = await startRedisServer({ extraArgs: ['--replicaof', '127.0.0.1', String(master.port)] });
  const servers = [master, replica];
  const dir = mkdtempSync(join(tmpdir(), 'baton-sentinel-'));
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const logs = () =>
    ports
      .map((port) => {
        try {
          return `sentinel ${port}:\n${readFileSync(join(dir, `sentinel-${port}.log`), 'utf8')
            .split('\n')
            .slice(-8)
            .join('\n')}`;
        } catch {
          return `sentinel ${port}: (no log)`;
        }
      })
      .join('\n');
  const destroy = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(servers.map((server) => server.destroy()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil('the replica in sync', () => cli(replica.port, 'info', 'replication').includes('master_link_status:up'), 15_000);
    for (let i = 0; i < 3; i++) {
      const port = await freeRedisPort();
      ports.push(port);
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `logfile ${join(dir, `sentinel-${port}.log`)}`,
          `sentinel monitor ${SENTINEL_MASTER} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${SENTINEL_MASTER} 1000`,
          `sentinel failover-timeout ${SENTINEL_MASTER} 10000`,
          `sentinel parallel-syncs ${SENTINEL_MASTER} 1`,
          '',
        ].join('\n'),
      );
      children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    }
    await waitUntil(
      'three sentinels that know the replica and each other',
      () =>
        ports.every((port) => {
          const info = cli(port, 'sentinel', 'master', SENTINEL_MASTER).split('\n');
          const field = (name: string) => info[info.indexOf(name) + 1];
          return field('num-slaves') === '1' && field('num-other-sentinels') === '2';
        }),
      30_000,
      logs,
    );
  } catch (error) {
    await destroy();
    throw error;
  }
  const masterPort = () => Number(cli(ports[0]!, 'sentinel', 'get-master-addr-by-name', SENTINEL_MASTER).split('\n')[1]);
  return {
    servers,
    sentinels: ports.map((port) => `127.0.0.1:${port}`).join(','),
    masterPort,
    master: () => servers.find((server) => server.port === masterPort()) ?? master,
    destroy,
  };
}
