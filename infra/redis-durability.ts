/**
 * Acknowledged writes that survive a failover. Redis replicates asynchronously: a master killed right
 * after it answered a write may take that write with it when Sentinel (or the Cluster) promotes a
 * replica. With REDIS_WAIT_REPLICAS=N, the writes that come before an acknowledgement (a 200 to a
 * customer's post, to an agent's reply) are followed by `WAIT N timeout` on the same connection: it
 * returns once N replicas have everything this connection wrote so far. Fewer in time, and the call
 * fails as if Redis were unreachable (the client is told to try again, and a retry is deduplicated),
 * instead of acknowledging what a failover could lose.
 *
 * WAIT and the write must meet on one connection, to one server: ioredis sends a command that was in
 * flight when its connection closed again on the next one (autoResendUnfulfilledCommands), and through
 * Sentinel the next one may lead to another server. A WAIT cut off on the old master (ioredis drops the
 * connection when the sentinels announce a new one, often while a WAIT blocks) and sent again to the new
 * master has no write of its connection to wait for there: it counts that master's replicas at once,
 * for a write only the old master had. So a write whose connection closed between its start and its
 * WAIT's answer is refused as unconfirmed too; its retry is deduplicated like any other.
 *
 * The price: every wrapped write waits a round trip to a replica, and the connection serves nothing
 * else while WAIT blocks it; with no replica in sync, writes fail until one is (docs/redis-topologies.md).
 */
import { Cluster } from 'ioredis';
import { StoreUnavailableError } from './errors.js';
import type { RedisClient } from './redis.js';

/**
 * Called before a write: returns the wait to call once the write is done, which resolves once the
 * replicas hold it.
 * @example const confirm = sync(); await store.write(item); await confirm();
 */
export type ReplicaSync = () => ReplicaWait;
/** Resolves once the replicas hold the write it was made for; rejects with `StoreUnavailableError` otherwise. */
export type ReplicaWait = () => Promise<void>;

/**
 * A sync for `redis`, or undefined when `replicas` is 0 (acknowledge once the master has it). On a
 * Cluster, WAIT goes to every master this client writes to, each for its own writes.
 */
export function replicaSync(redis: RedisClient, { replicas, timeoutMs }: { replicas: number; timeoutMs: number }): ReplicaSync | undefined {
  if (replicas <= 0) return undefined;
  const waitOn = async (connection: { call(command: string, ...args: (string | number)[]): Promise<unknown> }) => {
    const acknowledged = Number(await connection.call('WAIT', replicas, timeoutMs));
    if (acknowledged < replicas)
      throw new StoreUnavailableError(`redis: ${acknowledged} of ${replicas} replicas acknowledged the write within ${timeoutMs} ms (REDIS_WAIT_REPLICAS)`);
  };
  if (redis instanceof Cluster)
    // A node's connection comes back to the same address: a failover moves slots (MOVED), not a node's connection.
    return () => async () => {
      await Promise.all(redis.nodes('master').map(waitOn));
    };
  // Counted on close: a resent WAIT is answered on the next connection, so after this count went up.
  let closes = 0;
  redis.on('close', () => {
    closes++;
  });
  return () => {
    const since = closes;
    return async () => {
      await waitOn(redis);
      if (closes !== since)
        throw new StoreUnavailableError(
          'redis: the connection closed between a write and its WAIT, so no replica is known to hold the write (REDIS_WAIT_REPLICAS)',
        );
    };
  };
}

/** An object whose listed members are functions (a wrapped one returns a promise, whatever it returned). */
type Methods<T, K extends keyof T> = { [P in K]: T[P] extends (...args: infer A) => infer R ? (...args: A) => R | Promise<Awaited<R>> : never };

/**
 * Wraps `methods` of `store` so each resolves only once its writes reached the replicas (`sync`);
 * without a sync, `store` itself. Every other member is the store's own.
 * @example const log = replicated(createRedisActivityLog({ redis }), ['append'], replicaSync(redis, { replicas: 1, timeoutMs: 500 }));
 */
export function replicated<T extends object, K extends keyof T>(store: T & Methods<T, K>, methods: readonly K[], sync: ReplicaSync | undefined): T {
  if (!sync) return store;
  const wrapped = Object.create(store) as T;
  for (const method of methods) {
    const call = store[method] as (...args: unknown[]) => Promise<unknown>;
    // Writable and configurable, so a wrapper around this one may replace the method in turn.
    Object.defineProperty(wrapped, method, {
      enumerable: true,
      writable: true,
      configurable: true,
      value: async (...args: unknown[]) => {
        const confirm = sync();
        const result = await call.apply(store, args);
        await confirm();
        return result;
      },
    });
  }
  return wrapped;
}
