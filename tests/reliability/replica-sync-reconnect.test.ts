/**
 * Redis connections cut in the middle of a failover, on servers of the test's own behind a proxy that
 * stands for the name that moves (tests/support/switchable-proxy.ts). Needs redis-cli.
 *
 * A write is confirmed only by the server that took it. `WAIT` counts the writes of the connection it
 * runs on, and ioredis sends a command that was in flight when its connection closed again on the next
 * connection (autoResendUnfulfilledCommands). In a Sentinel failover ioredis drops its connection when
 * the sentinels announce a new master (`+switch-master`), often while a `WAIT` blocks because the old
 * master's replica no longer confirms; that `WAIT`, sent again to the new master, which has a replica
 * in sync and no writes of this connection to wait for, answered "1 replica" at once, and the write was
 * acknowledged though only the old master, about to be wiped, had it. Here the proxy first leads to a
 * server with no replica, then to a master with one, and cuts the connection while the `WAIT` blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../infra/errors.js';
import { connectRedis, type RedisClient } from '../../infra/redis.js';
import { replicated, replicaSync } from '../../infra/redis-durability.js';
import { hasRedisCli, startRedisServer, waitUntil, type RedisServer } from '../support/redis-server.js';
import { cli } from '../support/redis-sentinel.js';
import { startSwitchableProxy, type SwitchableProxy } from '../support/switchable-proxy.js';

describe.skipIf(!hasRedisCli())('Redis connections cut in the middle of a failover (needs redis-cli)', () => {
  /** Stands for the old master: no replica has what it takes. */
  let old: RedisServer;
  let master: RedisServer;
  let replica: RedisServer;
  let proxy: SwitchableProxy;
  let redis: RedisClient;

  beforeAll(async () => {
    old = await startRedisServer();
    master = await startRedisServer();
    replica = await startRedisServer({ extraArgs: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitUntil('the replica in sync', () => cli(replica.port, 'info', 'replication').includes('master_link_status:up'), 15_000);
    proxy = await startSwitchableProxy(old.port);
    redis = await connectRedis(proxy.url);
  }, 60_000);

  afterAll(async () => {
    redis?.disconnect();
    await proxy?.close();
    await Promise.all([old?.destroy(), replica?.destroy(), master?.destroy()]);
  });

  it('refuses a write whose WAIT was cut off and answered by the next master, and confirms the retry there', async () => {
    // Longer than the reconnect (100 ms), shorter than the command timeout (2 s): the WAIT is sent again, not failed.
    const sync = replicaSync(redis, { replicas: 1, timeoutMs: 1500 });
    const notes = replicated({ write: (text: string) => redis.set('note', text) }, ['write'], sync);
    const writing = notes.write('customer-4 note 3 about the parcel').then(
      () => 'acknowledged',
      (error: unknown) => error,
    );
    await waitUntil('the WAIT blocking on the old server', () => cli(old.port, 'info', 'clients').includes('blocked_clients:1'), 5000);
    proxy.switchTo(master.port);

    const outcome = await writing;
    expect(cli(master.port, 'get', 'note').trim(), 'the new master never had the write').toBe('');
    expect(isStoreUnavailable(outcome), `the write only the old server had was ${String(outcome)}`).toBe(true);

    // The client's retry goes to the new master, whose replica confirms it.
    await notes.write('customer-4 note 3 about the parcel');
    await waitUntil('the retry on the replica', () => cli(replica.port, 'get', 'note').trim() === 'customer-4 note 3 about the parcel', 5000);
  });
});
