/**
 * Conversation state in Redis, for any number of Baton instances.
 *
 * Each item is a hash `{prefix}state:{<key>}` with fields `v` (the JSON value) and `e` (its eTag).
 * A write compares the eTag and sets the new value in one Lua script, so two turns of the same
 * conversation on two instances cannot both win: the loser gets a `ConcurrencyError`.
 * Rules (as botbuilder's MemoryStorage): no eTag or '*' overwrites; a missing item accepts any eTag.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from '../turn-kit.js';
import type { RedisClient } from '../../infra/redis.js';
import { ConcurrencyError } from '../../infra/errors.js';
import { luaScript } from '../../infra/lua-script.js';

const COMPARE_AND_SET = luaScript(`
local expected = ARGV[1]
if expected ~= '' and expected ~= '*' then
  local current = redis.call('HGET', KEYS[1], 'e')
  if current and current ~= expected then return 0 end
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'e', ARGV[3])
local ttl = tonumber(ARGV[4])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
return 1
`);

export interface RedisStorageOptions {
  readonly redis: RedisClient;
  /** Prepended to every key, e.g. 'baton:'. */
  readonly keyPrefix?: string;
  /** Items expire this long after their last write; 0 keeps them forever. Default 30 days. */
  readonly ttlSeconds?: number;
}

/** Creates a botbuilder `Storage` on Redis with eTag compare-and-set. */
export function createRedisStorage({ redis, keyPrefix = 'baton:', ttlSeconds = 30 * 24 * 3600 }: RedisStorageOptions): Storage {
  const redisKey = (key: string) => `${keyPrefix}state:{${key}}`;

  return {
    async read(keys: string[]): Promise<StoreItems> {
      const found: StoreItems = {};
      // One command per key, not one pipeline: the keys' hash tags differ, so on Redis Cluster they
      // live on different slots, which a pipeline cannot span. Auto-pipelining batches them anyway.
      const replies = await Promise.all(keys.map((key) => redis.hmget(redisKey(key), 'v', 'e')));
      keys.forEach((key, index) => {
        const [json, eTag] = replies[index] as [string | null, string | null];
        if (json !== null) found[key] = { ...JSON.parse(json), eTag };
      });
      return found;
    },

    async write(changes: StoreItems): Promise<void> {
      // One script per key: keys of a batch may live on different Cluster slots.
      for (const [key, value] of Object.entries(changes)) {
        const { eTag, ...rest } = value as { eTag?: string };
        const written = await COMPARE_AND_SET.run(redis, 1, redisKey(key), eTag ?? '', JSON.stringify(rest), randomUUID(), ttlSeconds);
        if (written !== 1) throw new ConcurrencyError(key);
      }
    },

    async delete(keys: string[]): Promise<void> {
      for (const key of keys) await redis.del(redisKey(key));
    },
  };
}
