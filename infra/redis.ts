/**
 * The Redis connection every store shares, and the one factory that makes every client: one server
 * (REDIS_URL), a Redis Cluster (REDIS_CLUSTER_NODES) or a master found through Sentinel
 * (REDIS_SENTINELS), with the same passwords and TLS on every connection, including pub/sub
 * subscribers and blocking readers (`duplicateClient` copies the options).
 *
 * ioredis reconnects by itself (at least once a second, so service resumes within a second of Redis
 * coming back; through Sentinel, to whichever server is master then). While Redis is away, commands
 * fail fast instead of hanging a turn or a webhook: a command waits in the offline queue for one
 * reconnect attempt at most (`maxRetriesPerRequest: 1`), and never longer than `commandTimeout`,
 * which also bounds a connection that is open but silent. The offline queue stays on: pub/sub
 * connections subscribe before they are ready, and a blip of a few milliseconds should cost nothing.
 * What callers do with the failure is theirs: stores fall back to memory (bots/stores.ts), HTTP edges
 * answer 503 (`isStoreUnavailable`), /readyz says not ready.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { ConfigError } from './errors.js';
import type { Logger } from './logger.js';
import { parseNodeList, type RedisConnectionSettings } from './redis-settings.js';

/**
 * What every Redis store takes: one server (or Sentinel) connection, or a Redis Cluster client. Both
 * offer the same commands; on Cluster a multi-key command, script or pipeline must keep its keys in
 * one hash slot, which is why keys carry `{hash tags}`.
 */
export type RedisClient = Redis | Cluster;

/** A second connection to the same Redis (pub/sub, blocking reads), with the same settings; the two clients spell it differently. */
export function duplicateClient(redis: RedisClient): RedisClient {
  return redis instanceof Cluster ? redis.duplicate() : reconnectAfterUnexpectedEnd(redis.duplicate());
}

/**
 * ioredis gives a client up for good (status 'end': every command fails with "Connection is closed.")
 * when a disconnect lands while it is reconnecting: its connector, told to stop, fails the connect in
 * progress. Through Sentinel that is what a failover does: the failover detector of the connection
 * that died disconnects when the sentinels announce the new master, often while the client is asking
 * them where the master is (redis/ioredis#1683; one instance of tests/reliability/sentinel-failover.test.ts
 * then served 503 for good). A client that ends without `quit` or `disconnect()` from us connects again.
 */
export function reconnectAfterUnexpectedEnd(redis: Redis): Redis {
  let closing = false;
  const quit = redis.quit.bind(redis) as () => Promise<'OK'>;
  const disconnect = redis.disconnect.bind(redis);
  Object.assign(redis, {
    quit: () => {
      closing = true;
      return quit();
    },
    // ioredis calls disconnect(true) itself to reconnect (reconnectOnError): that is no close.
    disconnect: (reconnect = false) => {
      if (!reconnect) closing = true;
      disconnect(reconnect);
    },
  });
  redis.on('end', () => {
    if (closing) return;
    setTimeout(() => {
      if (!closing && redis.status === 'end') redis.connect().catch(() => undefined);
    }, 100).unref();
  });
  return redis;
}

/** Which kind of deployment the settings point at; undefined: none (memory stores). */
export function redisTopology(settings: RedisConnectionSettings): 'single' | 'cluster' | 'sentinel' | undefined {
  if (settings.REDIS_CLUSTER_NODES) return 'cluster';
  if (settings.REDIS_SENTINELS) return 'sentinel';
  return settings.REDIS_URL ? 'single' : undefined;
}

/** Where Redis is, for logs and errors: never a password. */
export function describeRedis(settings: RedisConnectionSettings): string {
  switch (redisTopology(settings)) {
    case 'cluster':
      return `the Redis Cluster at ${settings.REDIS_CLUSTER_NODES}`;
    case 'sentinel':
      return `master '${settings.REDIS_SENTINEL_MASTER}' through the sentinels at ${settings.REDIS_SENTINELS}`;
    case 'single':
      // Up to the last '@': a password with an unescaped '@' or '/' in it is still masked whole. The
      // query goes too: ioredis reads options from it, `?password=` included.
      return maskedRedisUrl(settings.REDIS_URL ?? '');
    default:
      return 'no Redis';
  }
}

const nodesOf = (list: string | undefined) => {
  const parsed = parseNodeList(list ?? '');
  return 'nodes' in parsed ? parsed.nodes : [];
};

/** Reads a TLS file named by a setting; a missing or unreadable one stops the start with its name. */
function readTlsFile(setting: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(
      `${setting} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): point it at a PEM file this process may read.`,
      {
        cause: error,
      },
    );
  }
}

/** The TLS options of every connection, or undefined when TLS is off. */
function tlsOptions(settings: RedisConnectionSettings): ConnectionOptions | undefined {
  if (!settings.REDIS_TLS && !settings.REDIS_URL?.startsWith('rediss://')) return undefined;
  const ca = readTlsFile('REDIS_TLS_CA_FILE', settings.REDIS_TLS_CA_FILE);
  const cert = readTlsFile('REDIS_TLS_CERT_FILE', settings.REDIS_TLS_CERT_FILE);
  const key = readTlsFile('REDIS_TLS_KEY_FILE', settings.REDIS_TLS_KEY_FILE);
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(settings.REDIS_TLS_SERVERNAME ? { servername: settings.REDIS_TLS_SERVERNAME } : {}),
  };
}

/**
 * Builds a client (not yet connected: `lazyConnect`) for the deployment the settings name.
 * @throws ConfigError when no Redis is set or a TLS file cannot be read.
 */
export function createRedisClient(settings: RedisConnectionSettings, { commandTimeoutMs = 2000 }: { commandTimeoutMs?: number } = {}): RedisClient {
  const tls = tlsOptions(settings);
  const common: RedisOptions = {
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    enableAutoPipelining: true,
    lazyConnect: true,
    ...(settings.REDIS_USERNAME ? { username: settings.REDIS_USERNAME } : {}),
    ...(settings.REDIS_PASSWORD ? { password: settings.REDIS_PASSWORD } : {}),
    ...(tls ? { tls } : {}),
  };
  const retry = (attempt: number) => Math.min(attempt * 100, 1000);
  switch (redisTopology(settings)) {
    case 'single':
      return reconnectAfterUnexpectedEnd(new Redis(settings.REDIS_URL!, { ...common, retryStrategy: retry }));
    case 'sentinel':
      return reconnectAfterUnexpectedEnd(
        new Redis({
          ...common,
          sentinels: nodesOf(settings.REDIS_SENTINELS),
          name: settings.REDIS_SENTINEL_MASTER!,
          role: 'master',
          ...(settings.REDIS_SENTINEL_USERNAME ? { sentinelUsername: settings.REDIS_SENTINEL_USERNAME } : {}),
          ...(settings.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: settings.REDIS_SENTINEL_PASSWORD } : {}),
          ...(tls ? { enableTLSForSentinelMode: true, sentinelTLS: tls } : {}),
          retryStrategy: retry,
          sentinelRetryStrategy: retry,
          // Hear of a failover from the sentinels at once, instead of when the old master stops answering.
          failoverDetector: true,
          // A master demoted while we were connected answers writes with READONLY: find the new one.
          reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
        }),
      );
    case 'cluster': {
      const { lazyConnect: _lazy, enableAutoPipelining: _auto, ...nodeOptions } = common;
      const options: ClusterOptions = {
        lazyConnect: true,
        enableAutoPipelining: true,
        // Reads from masters only: a replica may lag, and a turn must read what it just wrote.
        scaleReads: 'master',
        clusterRetryStrategy: retry,
        clusterNodeRetryStrategy: retry,
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        redisOptions: nodeOptions,
        // With TLS, keep host names as given so certificates match them (ioredis' advice for managed clusters).
        ...(tls ? { dnsLookup: (address: string, callback: (error: null, address: string) => void) => callback(null, address) } : {}),
      };
      return new Cluster(nodesOf(settings.REDIS_CLUSTER_NODES), options);
    }
    default:
      throw new ConfigError('No Redis is set: set REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (with REDIS_SENTINEL_MASTER).');
  }
}

/**
 * Connects and waits for the first PING, so wrong settings fail the start with a clear message.
 * Accepts a redis:// URL as a shorthand for `{ REDIS_URL: url }`.
 * @throws ConfigError when Redis cannot be reached within `timeoutMs`.
 */
export async function connectRedis(
  settings: RedisConnectionSettings | string,
  { logger, timeoutMs = 5000, commandTimeoutMs = 2000 }: { logger?: Logger; timeoutMs?: number; commandTimeoutMs?: number } = {},
): Promise<RedisClient> {
  const resolved: RedisConnectionSettings = typeof settings === 'string' ? { REDIS_URL: settings } : settings;
  const redis = createRedisClient(resolved, { commandTimeoutMs });
  // One line per outage, not one per reconnect attempt.
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger?.warn({ err: error.message }, 'redis connection error; reconnecting (stores fall back to memory, /readyz says not ready)');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger?.info('redis reachable again');
    down = false;
  });
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    redis.disconnect();
    throw new ConfigError(
      `Cannot reach ${describeRedis(resolved)}: ${(error as Error).message}. Start Redis, fix the REDIS_ settings (README, "Settings"), or unset them to run on the in-memory store.`,
      { cause: error },
    );
  }
  return redis;
}

/**
 * Closes a connection politely: QUIT lets replies in flight arrive first; if Redis does not answer
 * within `timeoutMs` (it is down, or slow), the socket is dropped anyway, so a shutdown never hangs.
 */
export async function closeRedis(redis: RedisClient, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([
    redis.quit().then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]);
  clearTimeout(timer);
  redis.disconnect();
}

/** True while the connection is up and usable (ioredis' own view; no round trip). */
export function isRedisReady(redis: RedisClient): boolean {
  return redis.status === 'ready';
}

/** A Redis URL for the log: what sits between '//' and the last '@' (credentials) and the query masked. */
function maskedRedisUrl(url: string): string {
  let masked = url;
  const query = masked.indexOf('?');
  if (query >= 0) masked = `${masked.slice(0, query)}?***`;
  const scheme = masked.indexOf('//');
  const at = masked.lastIndexOf('@');
  return scheme >= 0 && at > scheme ? `${masked.slice(0, scheme + 2)}***${masked.slice(at)}` : masked;
}
