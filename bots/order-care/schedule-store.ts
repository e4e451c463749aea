/**
 * Durable work with a due time: order notices waiting for quiet hours to end or for a retry, and
 * conversations waiting to go idle before their CSAT question. It survives a restart on Redis, and any
 * instance may take what is due.
 *
 * Taking is a lease, not a removal: `claimDue` moves each item's due time `leaseMs` ahead and hands it
 * out; the taker removes it when done or puts it back with a new due time. An instance that dies in
 * between loses nothing: the item is due again when the lease runs out (at least once, never lost).
 *
 * Redis: a sorted set of ids by due time and a hash of payloads, `{prefix}schedule:{<name>}:due` and
 * `...:items` (one hash tag, so the claim script runs on a Redis Cluster too). Memory: a map.
 */
import type { RedisClient } from '../../infra/redis.js';
import { luaScript } from '../../infra/lua-script.js';

/** One scheduled item. */
export interface Scheduled<T> {
  readonly id: string;
  readonly dueAt: number;
  readonly payload: T;
}

export interface ScheduleStore<T> {
  /** Schedules `payload` at `dueAt` (epoch ms), replacing any item with the same id. */
  put(id: string, dueAt: number, payload: T): Promise<void>;
  /** The item, or undefined. */
  read(id: string): Promise<Scheduled<T> | undefined>;
  delete(id: string): Promise<void>;
  /** Leases up to `limit` items due at `now` for `leaseMs`, earliest first. */
  claimDue(now: number, limit: number, leaseMs: number): Promise<Scheduled<T>[]>;
}

/** A schedule in this process (one instance; lost on restart). */
export function createMemoryScheduleStore<T>(): ScheduleStore<T> {
  const items = new Map<string, { dueAt: number; payload: string }>();
  return {
    async put(id, dueAt, payload) {
      items.set(id, { dueAt, payload: JSON.stringify(payload) });
    },
    async read(id) {
      const item = items.get(id);
      return item && { id, dueAt: item.dueAt, payload: JSON.parse(item.payload) as T };
    },
    async delete(id) {
      items.delete(id);
    },
    async claimDue(now, limit, leaseMs) {
      const due = [...items.entries()]
        .filter(([, item]) => item.dueAt <= now)
        .sort((a, b) => a[1].dueAt - b[1].dueAt)
        .slice(0, limit);
      return due.map(([id, item]) => {
        item.dueAt = now + leaseMs;
        return { id, dueAt: item.dueAt, payload: JSON.parse(item.payload) as T };
      });
    },
  };
}

// KEYS[1] due set, KEYS[2] items hash; ARGV[1] now, ARGV[2] limit, ARGV[3] lease end. Returns id, payload pairs.
const CLAIM = luaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local payload = redis.call('HGET', KEYS[2], id)
  if payload then
    redis.call('ZADD', KEYS[1], ARGV[3], id)
    table.insert(out, id)
    table.insert(out, payload)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out`);

/** A schedule on Redis, shared by every instance. */
export function createRedisScheduleStore<T>({ redis, keyPrefix = 'baton:', name }: { redis: RedisClient; keyPrefix?: string; name: string }): ScheduleStore<T> {
  const due = `${keyPrefix}schedule:{${name}}:due`;
  const items = `${keyPrefix}schedule:{${name}}:items`;
  return {
    async put(id, dueAt, payload) {
      await redis.multi().hset(items, id, JSON.stringify(payload)).zadd(due, Math.floor(dueAt), id).exec();
    },
    async read(id) {
      const [payload, score] = await Promise.all([redis.hget(items, id), redis.zscore(due, id)]);
      return payload === null ? undefined : { id, dueAt: Number(score ?? 0), payload: JSON.parse(payload) as T };
    },
    async delete(id) {
      await redis.multi().hdel(items, id).zrem(due, id).exec();
    },
    async claimDue(now, limit, leaseMs) {
      const flat = (await CLAIM.run(redis, 2, due, items, String(Math.floor(now)), String(limit), String(Math.floor(now + leaseMs)))) as string[];
      const claimed: Scheduled<T>[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        claimed.push({ id: flat[i] as string, dueAt: now + leaseMs, payload: JSON.parse(flat[i + 1] as string) as T });
      }
      return claimed;
    },
  };
}
