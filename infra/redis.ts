/**
 * The Redis connection every store shares. ioredis reconnects by itself; commands issued while the
 * connection is down wait in its offline queue, up to `maxRetriesPerRequest` attempts.
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
export async function connectRedis(url: string, { logger, timeoutMs = 5000 }: { logger?: Logger; timeoutMs?: number } = {}): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true, lazyConnect: true });
  redis.on('error', (error: Error) => logger?.warn({ err: error.message }, 'redis connection error'));
  const safeUrl = url.replace(/\/\/[^@]*@/, '//***@');
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    redis.disconnect();
    throw new ConfigError(`Cannot reach Redis at ${safeUrl}: ${(error as Error).message}. Start Redis, fix REDIS_URL, or unset it to run on the in-memory store.`, { cause: error });
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
  await Promise.race([redis.quit().then(() => undefined, () => undefined), timeout]);
  clearTimeout(timer);
  redis.disconnect();
}
