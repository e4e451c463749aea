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
 *
 * A command ioredis will not send again is an outage, not a refusal. A connection that closes after the
 * server answered part of a pipeline or a transaction (a server killed between two of its commands)
 * fails the rest with ioredis' AbortError: the transcript took that for Redis refusing the line and
 * dropped it, though the customer's post was acknowledged; it now keeps the line and writes it once
 * Redis answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../dialogs/turn-kit.js';
import { bufferedTranscript } from '../../dialogs/state/buffered-transcript.js';
import { createRedisTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { isStoreUnavailable } from '../../infra/errors.js';
import { Degradation } from '../../infra/fallback.js';
import { connectRedis, isRedisReady, type RedisClient } from '../../infra/redis.js';
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

  it('keeps a transcript line whose transaction the server took only in part, and writes it once Redis answers', async () => {
    proxy.switchTo(master.port);
    await waitUntil('the client on the master again', () => isRedisReady(redis), 5000);
    const primary = createRedisTranscriptStore({ redis, keyPrefix: 'cut:' });
    const transcript = bufferedTranscript(primary, { degradation: new Degradation({ reachable: () => isRedisReady(redis) }), retryMs: 50 });
    const line = { type: 'message', text: 'customer-4 note 3 about the parcel', conversation: { id: 'c-cut' }, from: { id: 'u4', role: 'user' } };
    // The server reads MULTI and answers it, then dies: the XADD, EXPIRE and EXEC behind it never reach it.
    proxy.cutAfter('*1\r\n$5\r\nmulti\r\n');
    await transcript.logActivity(line as Activity);
    await waitUntil('the line in Redis', async () => (await primary.read('c-cut')).map((activity) => activity.text).includes(line.text), 5000);
    expect((await primary.read('c-cut')).map((activity) => activity.text)).toEqual([line.text]);
    await transcript.close();
  });
});
