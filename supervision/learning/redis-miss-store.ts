/**
 * The misses in Redis, every key under one hash tag so each operation is one script on one slot:
 *   {prefix}{learning}:misses:open      sorted set id → at (open misses)
 *   {prefix}{learning}:misses:reviewed  sorted set id → at (accepted or dismissed)
 *   {prefix}{learning}:misses:data      hash id → JSON of the miss (masked)
 *   {prefix}{learning}:misses:mark      hash id → how it was reviewed
 *   {prefix}{learning}:misses:conv:<sha1 of the conversation id>  set of its ids (for erase)
 *   {prefix}{learning}:misses:day:<UTC day number>  the day's count (the cap)
 * Every key expires after the retention; each add also removes up to 200 expired misses, so the data
 * hash never outgrows `perDay × retentionDays`.
 */
import { createHash } from 'node:crypto';
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';
import type { MissedMessage } from './learning-items.js';
import { DAY_MS, type AddMissOutcome, type MissStore, type MissStoreOptions } from './miss-store.js';

const ADD = luaScript(`
local open, reviewed, data, mark, conv, day = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id, at, json, perDay, cutoff, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
if redis.call('HEXISTS', data, id) == 1 then return 'duplicate' end
if tonumber(redis.call('GET', day) or '0') >= perDay then return 'over_daily_cap' end
redis.call('INCR', day)
redis.call('EXPIRE', day, 2 * 86400)
for _, set in ipairs({ open, reviewed }) do
  local old = redis.call('ZRANGEBYSCORE', set, '-inf', '(' .. cutoff, 'LIMIT', 0, 200)
  if #old > 0 then
    redis.call('ZREM', set, unpack(old))
    redis.call('HDEL', data, unpack(old))
    redis.call('HDEL', mark, unpack(old))
  end
end
redis.call('ZADD', open, at, id)
redis.call('HSET', data, id, json)
redis.call('SADD', conv, id)
for _, key in ipairs({ open, reviewed, data, mark, conv }) do redis.call('EXPIRE', key, ttl) end
return 'stored'
`);

// Moves ids between the two sorted sets; ARGV[1] is the mark to set ('' to clear it), then the ids. The set and
// the marks written here live as long as the data they point at (a review may create them after the last add).
const MOVE = luaScript(`
local from, to, mark, data = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local moved = 0
for i = 2, #ARGV do
  local at = redis.call('ZSCORE', from, ARGV[i])
  if at then
    redis.call('ZREM', from, ARGV[i])
    redis.call('ZADD', to, at, ARGV[i])
    if ARGV[1] == '' then redis.call('HDEL', mark, ARGV[i]) else redis.call('HSET', mark, ARGV[i], ARGV[1]) end
    moved = moved + 1
  end
end
local ttl = redis.call('PTTL', data)
if moved > 0 and ttl > 0 then
  redis.call('PEXPIRE', to, ttl)
  if redis.call('EXISTS', mark) == 1 then redis.call('PEXPIRE', mark, ttl) end
end
return moved
`);

const ERASE = luaScript(`
local open, reviewed, data, mark, conv = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local ids = redis.call('SMEMBERS', conv)
local found = 0
for _, id in ipairs(ids) do
  found = found + redis.call('HDEL', data, id)
  redis.call('ZREM', open, id)
  redis.call('ZREM', reviewed, id)
  redis.call('HDEL', mark, id)
end
redis.call('DEL', conv)
return found
`);

export interface RedisMissStoreOptions extends MissStoreOptions {
  readonly redis: RedisClient;
  /** Prefix of every key (no braces in it: the store's own hash tag follows). */
  readonly keyPrefix: string;
}

/** Misses shared by every instance. */
export function createRedisMissStore({ redis, keyPrefix, perDay, retentionDays, now = () => Date.now() }: RedisMissStoreOptions): MissStore {
  const base = `${keyPrefix}{learning}:misses`;
  const open = `${base}:open`;
  const reviewed = `${base}:reviewed`;
  const data = `${base}:data`;
  const mark = `${base}:mark`;
  const conv = (conversationId: string) => `${base}:conv:${createHash('sha1').update(conversationId).digest('hex')}`;
  const retentionMs = retentionDays * DAY_MS;

  return {
    async add(miss) {
      const day = `${base}:day:${Math.floor(miss.at / DAY_MS)}`;
      const cutoff = now() - retentionMs;
      const args = [miss.id, miss.at, JSON.stringify(miss), perDay, cutoff, Math.ceil(retentionMs / 1000)];
      return (await ADD.run(redis, 6, open, reviewed, data, mark, conv(miss.conversationId), day, ...args)) as AddMissOutcome;
    },
    async listOpen(since, limit) {
      const from = Math.max(since, now() - retentionMs);
      const ids = await redis.zrevrangebyscore(open, '+inf', from, 'LIMIT', 0, limit);
      if (ids.length === 0) return [];
      const rows = await redis.hmget(data, ...ids);
      return rows.flatMap((row) => (row ? [JSON.parse(row) as MissedMessage] : []));
    },
    async review(ids, how) {
      if (ids.length === 0) return 0;
      return (await MOVE.run(redis, 4, open, reviewed, mark, data, how, ...ids)) as number;
    },
    async reopen(ids) {
      if (ids.length === 0) return 0;
      return (await MOVE.run(redis, 4, reviewed, open, mark, data, '', ...ids)) as number;
    },
    async eraseConversation(conversationId) {
      return (await ERASE.run(redis, 5, open, reviewed, data, mark, conv(conversationId))) as number;
    },
  };
}
