/**
 * What supervisors accepted from groups of misses, kept until withdrawn: retraining reads it through
 * `listAccepted()` (the `AcceptedItemsSource` of learning-items.ts). Each record remembers the misses it
 * came from, so a withdrawal puts them back on the review list. Memory and Redis alike
 * (tests/contracts/learning-stores.contract.ts); at most `maxItems`.
 *   Redis: {prefix}{learning}:accepted  hash id → JSON record; {prefix}{learning}:accepted:order  sorted set id → acceptedAt
 */
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';
import type { AcceptedItem, AcceptedItemsSource } from './learning-items.js';

/** An accepted item and the ids of the misses it settled. */
export interface AcceptedRecord {
  readonly item: AcceptedItem;
  readonly missIds: readonly string[];
}

export interface AcceptedItemStore extends AcceptedItemsSource {
  /** Keeps the record; false when `maxItems` are already kept (withdraw or retrain first). */
  add(record: AcceptedRecord): Promise<boolean>;
  /** Every record not withdrawn, oldest first. */
  list(): Promise<AcceptedRecord[]>;
  /** Removes the record; resolves it, or undefined when there was none. */
  withdraw(id: string): Promise<AcceptedRecord | undefined>;
}

export const MAX_ACCEPTED_ITEMS = 5000;

const byAcceptedAt = (a: AcceptedRecord, b: AcceptedRecord) => a.item.acceptedAt - b.item.acceptedAt || (a.item.id < b.item.id ? -1 : 1);

export function createMemoryAcceptedStore({ maxItems = MAX_ACCEPTED_ITEMS }: { maxItems?: number } = {}): AcceptedItemStore {
  const records = new Map<string, AcceptedRecord>();
  const list = async () => [...records.values()].sort(byAcceptedAt);
  return {
    async add(record) {
      if (records.size >= maxItems && !records.has(record.item.id)) return false;
      records.set(record.item.id, record);
      return true;
    },
    list,
    async listAccepted() {
      return (await list()).map((record) => record.item);
    },
    async withdraw(id) {
      const record = records.get(id);
      records.delete(id);
      return record;
    },
  };
}

const ADD = luaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
`);

const WITHDRAW = luaScript(`
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return json
`);

export function createRedisAcceptedStore({
  redis,
  keyPrefix,
  maxItems = MAX_ACCEPTED_ITEMS,
}: {
  redis: RedisClient;
  keyPrefix: string;
  maxItems?: number;
}): AcceptedItemStore {
  const records = `${keyPrefix}{learning}:accepted`;
  const order = `${records}:order`;
  const list = async () => {
    const ids = await redis.zrange(order, '0', '-1');
    if (ids.length === 0) return [];
    const rows = await redis.hmget(records, ...ids);
    return rows.flatMap((row) => (row ? [JSON.parse(row) as AcceptedRecord] : [])).sort(byAcceptedAt);
  };
  return {
    async add(record) {
      return (await ADD.run(redis, 2, records, order, record.item.id, record.item.acceptedAt, JSON.stringify(record), maxItems)) === 1;
    },
    list,
    async listAccepted() {
      return (await list()).map((record) => record.item);
    },
    async withdraw(id) {
      const json = (await WITHDRAW.run(redis, 2, records, order, id)) as string | null;
      return json ? (JSON.parse(json) as AcceptedRecord) : undefined;
    },
  };
}
