/**
 * Two Baton processes, A and B, on a Redis server of the test's own, with the platform fakes and a short
 * inbox lease (2 s, swept every 0.5 s), so a crash test waits seconds, not the default 30 s, for B to take
 * over what A acknowledged. Every instance uses the same settings, as a deployment's would.
 */
import { afterAll, beforeAll } from 'vitest';
import { startBaton, type BatonProcess } from './baton-process.js';
import { fullSettings, startFakes, type Fakes } from './full-app.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

export interface CrashPair {
  readonly fakes: Fakes;
  readonly redis: RedisServer;
  readonly a: BatonProcess;
  readonly b: BatonProcess;
  /** Stops both processes, the Redis server and the fakes; safe after a kill. */
  stop(): Promise<void>;
}

export async function startCrashPair(): Promise<CrashPair> {
  const [fakes, redis] = await Promise.all([startFakes(), startRedisServer()]);
  const env = fullSettings(fakes, {
    redis: { url: redis.url, keyPrefix: 'baton:' },
    extra: { LOG_LEVEL: 'warn', INBOX_LEASE_SECONDS: '2', INBOX_SWEEP_SECONDS: '0.5' },
  });
  const [a, b] = await Promise.all([startBaton('A', env), startBaton('B', env)]);
  return {
    fakes,
    redis,
    a,
    b,
    async stop() {
      await Promise.all([a.stop(2000), b.stop(2000)]);
      await redis.destroy();
      await fakes.close();
    },
  };
}

/** Starts a crash pair before the enclosing suite's tests and stops it after them; the getter gives it to a test. */
export function crashPairForSuite(): () => CrashPair {
  let pair: CrashPair | undefined;
  beforeAll(async () => {
    pair = await startCrashPair();
  }, 120_000);
  afterAll(async () => {
    await pair?.stop();
  });
  return () => {
    if (!pair) throw new Error('the crash pair did not start (see beforeAll)');
    return pair;
  };
}
