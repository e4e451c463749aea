/**
 * Counters in minute buckets, shared by every instance, for the live dashboard: Prometheus scrapes
 * each instance apart, but a supervisor's page wants the whole service at once. Redis keeps one hash
 * per bot and minute, `{prefix}stats:{<bot>}:<minute>` (HINCRBYFLOAT, expiring after a day and an
 * hour); memory keeps the same in a map. Writes are fire-and-forget: a lost increment costs a figure,
 * never a customer's turn. On Redis, increments are summed in memory and written together at most
 * `flushMs` later (one MULTI for every counter of a bucket), not one MULTI per `add`: at load a turn
 * adds several times, and those round trips were a tenth of the turn's Redis commands. `window`
 * writes what is pending first, so a reader sees every increment made before it asked.
 */
import type { RedisClient } from './redis.js';

/** Counter values per minute, oldest first. */
export interface StatsWindow {
  /** Epoch minutes of each bucket, oldest first, one per minute of the window (empty ones included). */
  readonly minutes: readonly number[];
  /** For each counter name, one value per minute. */
  readonly series: Readonly<Record<string, readonly number[]>>;
}

export interface StatsStore {
  /** Adds `by` (default 1) to each named counter in the current minute. */
  add(counters: Readonly<Record<string, number>>, at?: number): void;
  /** The last `minutes` minutes up to `now`. */
  window(minutes: number, now?: number): Promise<StatsWindow>;
  /** Writes the increments still held in memory; call it on shutdown, before Redis closes. */
  flush(): Promise<void>;
}

const RETENTION_SECONDS = 25 * 3600;
const minuteOf = (ms: number) => Math.floor(ms / 60_000);

function toWindow(buckets: ReadonlyArray<Readonly<Record<string, string | number>>>, minutes: readonly number[]): StatsWindow {
  const series: Record<string, number[]> = {};
  buckets.forEach((bucket, i) => {
    for (const [name, value] of Object.entries(bucket)) {
      (series[name] ??= new Array<number>(minutes.length).fill(0))[i] = Number(value);
    }
  });
  return { minutes, series };
}

const span = (count: number, now: number) => {
  const last = minuteOf(now);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
};

/** Stats in one process. */
export function createMemoryStatsStore(): StatsStore {
  const buckets = new Map<number, Record<string, number>>();
  return {
    add(counters, at = Date.now()) {
      const minute = minuteOf(at);
      const bucket = buckets.get(minute) ?? {};
      for (const [name, by] of Object.entries(counters)) bucket[name] = (bucket[name] ?? 0) + by;
      buckets.set(minute, bucket);
      for (const key of buckets.keys()) if (key < minute - RETENTION_SECONDS / 60) buckets.delete(key);
    },
    async window(count, now = Date.now()) {
      const minutes = span(count, now);
      return toWindow(
        minutes.map((m) => buckets.get(m) ?? {}),
        minutes,
      );
    },
    async flush() {},
  };
}

/** Stats on Redis, shared by every instance of the bot. */
export function createRedisStatsStore({
  redis,
  keyPrefix = 'baton:',
  botId = 'default',
  onError,
  flushMs = 250,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  botId?: string;
  onError?: (error: unknown) => void;
  /** Longest an increment waits in memory before it is written; default 250 ms. */
  flushMs?: number;
}): StatsStore {
  const key = (minute: number) => `${keyPrefix}stats:{${botId}}:${minute}`;
  let pending = new Map<string, Map<string, number>>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return writing;
    const batch = pending;
    pending = new Map();
    const multi = redis.multi();
    for (const [bucket, counters] of batch) {
      for (const [name, by] of counters) multi.hincrbyfloat(bucket, name, by);
      multi.expire(bucket, RETENTION_SECONDS);
    }
    writing = multi.exec().then(
      () => undefined,
      (error: unknown) => onError?.(error),
    );
    return writing;
  };
  return {
    add(counters, at = Date.now()) {
      const bucket = key(minuteOf(at));
      let sums = pending.get(bucket);
      if (!sums) pending.set(bucket, (sums = new Map()));
      for (const [name, by] of Object.entries(counters)) sums.set(name, (sums.get(name) ?? 0) + by);
      if (!timer) {
        timer = setTimeout(flush, flushMs);
        timer.unref();
      }
    },
    flush,
    async window(count, now = Date.now()) {
      await flush();
      const minutes = span(count, now);
      const pipeline = redis.pipeline();
      for (const minute of minutes) pipeline.hgetall(key(minute));
      const replies = (await pipeline.exec()) ?? [];
      return toWindow(
        replies.map(([error, value]) => (error ? {} : (value as Record<string, string>))),
        minutes,
      );
    },
  };
}
