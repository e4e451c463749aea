/**
 * The `DeliveryJournal` on Redis, shared by every instance. Per channel, under the `{channel}` hash tag
 * (the slot of the dedupe marks `claimDelivery` sets, so one script claims and records, on a Redis
 * Cluster too):
 *
 * - `<prefix>inbox:{<channel>}:payloads` hash: digest of the delivery id → the payload (written once);
 * - `<prefix>inbox:{<channel>}:meta` hash: digest → `owner attempts conversation-digest delivery-id`;
 * - `<prefix>inbox:{<channel>}:leases` sorted set: digest → lease end, in ms of the Redis clock (one
 *   clock for every instance, so a skewed host cannot take a live lease over).
 *
 * Entries live only while their turn runs (seconds); an entry must outlive its dead owner until a
 * survivor takes it over, bounded by the sweep's `maxAttempts`. The three keys expire with the dedupe
 * mark of the latest accept (a day), so an inbox no instance sweeps any more (its channel turned off)
 * does not keep customers' messages for ever; an entry older than its mark is of no use anyway. At most
 * `maxEntries` entries per channel.
 */
import { redisDeliveryKey } from '../../infra/dedupe-store.js';
import { RequestError } from '../../infra/errors.js';
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';
import { checkPayloadSize, type DeliveryJournal, journalDigest, MAX_JOURNAL_PAYLOAD_BYTES } from './delivery-journal.js';

const NOW_MS = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

// KEYS: mark, payloads, meta, leases. ARGV: digest, payload, meta, mark seconds, lease ms, max entries.
// -1: the inbox is full (nothing claimed).
const ACCEPT = luaScript(`${NOW_MS}
if redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[6]) then return -1 end
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[4], 'NX') then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[5]), ARGV[1])
for i = 2, 4 do redis.call('EXPIRE', KEYS[i], ARGV[4]) end
return 1`);

// KEYS: meta, leases. ARGV: owner, lease ms, digests...
const RENEW = luaScript(`${NOW_MS}
local renewed = 0
for i = 3, #ARGV do
  local meta = redis.call('HGET', KEYS[1], ARGV[i])
  if meta and string.match(meta, '^(%S+)') == ARGV[1] then
    redis.call('ZADD', KEYS[2], 'XX', now + tonumber(ARGV[2]), ARGV[i])
    renewed = renewed + 1
  end
end
return renewed`);

// KEYS: payloads, meta, leases, mark (withdraw only). ARGV: digest.
const REMOVE = luaScript(`redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
if KEYS[4] then redis.call('DEL', KEYS[4]) end
return 1`);

// KEYS: payloads, meta, leases. ARGV: owner, lease ms, limit, max attempts.
// Answers ('taken', id, attempts, payload) and ('dropped', id, attempts, '') quadruples, flattened.
const TAKE_LAPSED = luaScript(`${NOW_MS}
local out = {}
for _, digest in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))) do
  local meta = redis.call('HGET', KEYS[2], digest)
  local payload = redis.call('HGET', KEYS[1], digest)
  local attempts, conversation, id
  if meta then attempts, conversation, id = string.match(meta, '^%S+ (%d+) (%S+) (.*)$') end
  if not payload or not attempts then
    -- Half an entry (erased between two steps): nothing to run.
    redis.call('HDEL', KEYS[1], digest)
    redis.call('HDEL', KEYS[2], digest)
    redis.call('ZREM', KEYS[3], digest)
  elseif tonumber(attempts) >= tonumber(ARGV[4]) then
    redis.call('HDEL', KEYS[1], digest)
    redis.call('HDEL', KEYS[2], digest)
    redis.call('ZREM', KEYS[3], digest)
    table.insert(out, 'dropped') table.insert(out, id) table.insert(out, attempts) table.insert(out, '')
  else
    local runs = tonumber(attempts) + 1
    redis.call('HSET', KEYS[2], digest, ARGV[1] .. ' ' .. runs .. ' ' .. conversation .. ' ' .. id)
    redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), digest)
    table.insert(out, 'taken') table.insert(out, id) table.insert(out, tostring(runs)) table.insert(out, payload)
  end
end
return out`);

// KEYS: payloads, meta, leases. ARGV: conversation digest. The meta hash holds only entries in flight.
const ERASE = luaScript(`local erased = 0
local meta = redis.call('HGETALL', KEYS[2])
for i = 1, #meta, 2 do
  if string.match(meta[i + 1], '^%S+ %d+ (%S+)') == ARGV[1] then
    redis.call('HDEL', KEYS[1], meta[i])
    redis.call('HDEL', KEYS[2], meta[i])
    redis.call('ZREM', KEYS[3], meta[i])
    erased = erased + 1
  end
end
return erased`);

export interface RedisDeliveryJournalOptions {
  readonly redis: RedisClient;
  /** The instances' shared prefix (REDIS_KEY_PREFIX); the dedupe marks are the dedupe store's keys under it. */
  readonly keyPrefix?: string;
  readonly maxPayloadBytes?: number;
  /**
   * At most this many deliveries in flight per channel, every instance together; past it `accept` throws a
   * 503 `store_full` claiming nothing, and the platform delivers again later (as the memory journal does).
   */
  readonly maxEntries?: number;
}

/** A `DeliveryJournal` on Redis; see the file comment for the keys. */
export function createRedisDeliveryJournal({
  redis,
  keyPrefix = 'baton:',
  maxPayloadBytes = MAX_JOURNAL_PAYLOAD_BYTES,
  maxEntries = 10_000,
}: RedisDeliveryJournalOptions): DeliveryJournal {
  const keysOf = (channel: string) => {
    const base = `${keyPrefix}inbox:{${channel}}:`;
    return [`${base}payloads`, `${base}meta`, `${base}leases`] as const;
  };
  return {
    async accept(channel, { id, conversationId, payload }, lease, markSeconds) {
      checkPayloadSize(payload, maxPayloadBytes);
      const meta = `${lease.owner} 1 ${journalDigest(conversationId)} ${id}`;
      const accepted = await ACCEPT.run(
        redis,
        4,
        redisDeliveryKey(keyPrefix, channel, id),
        ...keysOf(channel),
        journalDigest(id),
        payload,
        meta,
        markSeconds,
        lease.ms,
        maxEntries,
      );
      if (accepted === -1) throw new RequestError(503, 'store_full', `The inbox holds ${maxEntries} ${channel} deliveries in flight; try again later.`);
      return accepted === 1;
    },
    async renew(channel, ids, lease) {
      if (ids.length === 0) return 0;
      const [, meta, leases] = keysOf(channel);
      return Number(await RENEW.run(redis, 2, meta, leases, lease.owner, lease.ms, ...ids.map(journalDigest)));
    },
    async complete(channel, id) {
      await REMOVE.run(redis, 3, ...keysOf(channel), journalDigest(id));
    },
    async withdraw(channel, id) {
      await REMOVE.run(redis, 4, ...keysOf(channel), redisDeliveryKey(keyPrefix, channel, id), journalDigest(id));
    },
    async takeLapsed(channel, lease, limit, maxAttempts) {
      const flat = (await TAKE_LAPSED.run(redis, 3, ...keysOf(channel), lease.owner, lease.ms, limit, maxAttempts)) as string[];
      const taken = [];
      const dropped = [];
      for (let i = 0; i + 3 < flat.length; i += 4) {
        const [kind, id, attempts, payload] = [flat[i], String(flat[i + 1]), Number(flat[i + 2]), String(flat[i + 3])];
        if (kind === 'taken') taken.push({ id, attempts, payload });
        else dropped.push({ id, attempts });
      }
      return { taken, dropped };
    },
    async eraseConversation(channel, conversationId) {
      return Number(await ERASE.run(redis, 3, ...keysOf(channel), journalDigest(conversationId)));
    },
  };
}
