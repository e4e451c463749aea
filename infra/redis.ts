/**
 * The Redis connection every store shares. ioredis reconnects by itself (at least once a second, so
 * service resumes within a second of Redis coming back). While Redis is away, commands fail fast
 * instead of hanging a turn or a webhook: a command waits in the offline queue for one reconnect
 * attempt at most (`maxRetriesPerRequest: 1`), and never longer than `commandTimeout`, which also
 * bounds a connection that is open but silent. The offline queue stays on: pub/sub connections
 * subscribe before they are ready, and a blip of a few milliseconds should cost nothing. What
 * callers do with the failure is theirs: stores fall back to memory (bots/stores.ts), HTTP edges
 * answer 503 (`isStoreUnavailable`), /readyz says not ready.
 */
import { Cluster, Redis } from 'ioredis';
import { ConfigError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * What every Redis store takes: one server (or Sentinel) connection, or a Redis Cluster client. Both
 * offer the same commands; on Cluster a multi-key command, script or pipeline must keep its keys in
 * one hash slot, which is why keys carry `{hash tags}`.
 */
export type RedisClient = Redis | Cluster;

/** A second connection to the same Redis (pub/sub needs one of its own); the two clients spell it differently. */
export function duplicateClient(redis: RedisClient): RedisClient {
  return redis instanceof Cluster ? redis.duplicate() : redis.duplicate();
}

/**
 * Connects and waits for the first PING, so a wrong REDIS_URL fails the start with a clear message.
 * @throws ConfigError when Redis cannot be reached within `timeoutMs`.
 */
export async function connectRedis(
  url: string,
  { logger, timeoutMs = 5000, commandTimeoutMs = 2000 }: { logger?: Logger; timeoutMs?: number; commandTimeoutMs?: number } = {},
): Promise<Redis> {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    enableAutoPipelining: true,
    lazyConnect: true,
  });
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
  const safeUrl = url.replace(/\/\/[^@]*@/, '//***@');
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    redis.disconnect();
    throw new ConfigError(
      `Cannot reach Redis at ${safeUrl}: ${(error as Error).message}. Start Redis, fix REDIS_URL, or unset it to run on the in-memory store.`,
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
