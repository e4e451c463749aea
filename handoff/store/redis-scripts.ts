/**
 * The Lua scripts behind the Redis handoff store. Each touches only keys passed in KEYS, all under
 * one bot's hash tag, so each runs in one Redis Cluster slot and is atomic.
 *
 * Numbers travel as strings: Redis turns Lua numbers into strings with 14 significant digits,
 * which would round queue scores (about 16 digits).
 */

/**
 * Compare-and-set of one ticket plus its side effects, all or nothing.
 * KEYS[1] the ticket; KEYS[2..] keys the ops name by index.
 * ARGV[1] the ticket JSON the caller decided from ('' = must not exist); ARGV[2] the new JSON ('' =
 * delete); ARGV[3] a JSON array of ops; ARGV[4] an audit event's JSON, for the `xadd` op (kept out of
 * the ops, so it is not encoded twice). Checks run first: `expect` (a string key still holds a value)
 * and `agent` (present, available, below capacity). Writes run only if every check passed, the audit
 * append first: should it fail, the script stops before changing anything.
 * Replies 'ok', an agent refusal code, or 'changed': someone wrote first. A changed ticket comes back as
 * ['changed', its JSON now] ('' = gone), so the caller decides again without reading it; a failed `expect`
 * replies the bare 'changed' (read again).
 */
export const APPLY_TICKET = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return {'changed', current} end
local ops = cjson.decode(ARGV[3])
for _, op in ipairs(ops) do
  local name, key = op[1], KEYS[op[2]]
  if name == 'expect' then
    if (redis.call('GET', key) or '') ~= op[3] then return 'changed' end
  elseif name == 'agent' then
    local a = redis.call('HMGET', key, 'presence', 'capacity', 'load')
    if a[1] ~= 'available' then return 'agent_unavailable' end
    if tonumber(a[3] or '0') >= tonumber(a[2] or '0') then return 'at_capacity' end
  end
end
for _, op in ipairs(ops) do
  if op[1] == 'xadd' then redis.call('XADD', KEYS[op[2]], 'MAXLEN', '~', op[3], '*', 'e', ARGV[4]) end
end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2]) end
for _, op in ipairs(ops) do
  local name, key = op[1], KEYS[op[2]]
  if name == 'zadd' then redis.call('ZADD', key, op[3], op[4])
  elseif name == 'zrem' then redis.call('ZREM', key, op[3])
  elseif name == 'sadd' then redis.call('SADD', key, op[3])
  elseif name == 'srem' then redis.call('SREM', key, op[3])
  elseif name == 'set' then redis.call('SET', key, op[3])
  elseif name == 'delif' then
    if redis.call('GET', key) == op[3] then redis.call('DEL', key) end
  elseif name == 'load' then
    if redis.call('EXISTS', key) == 1 and redis.call('HINCRBY', key, 'load', op[3]) < 0 then
      redis.call('HSET', key, 'load', '0')
    end
  elseif name == 'unsla' then
    local index = KEYS[op[3]]
    local members = redis.call('ZRANGEBYLEX', index, '[' .. op[4] .. '|', '[' .. op[4] .. '|\\255')
    for _, m in ipairs(members) do
      redis.call('ZREM', key, m)
      redis.call('ZREM', index, m)
    end
  end
end
return 'ok'
`;

/**
 * Removes and returns due deadlines, so that of several instances polling only one gets each.
 * KEYS[1] the deadlines by time; KEYS[2] the same members by ticket (lex index).
 * ARGV[1] now; ARGV[2] limit. Replies [member, score, member, score, ...].
 */
export const TAKE_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
for i = 1, #due, 2 do
  redis.call('ZREM', KEYS[1], due[i])
  redis.call('ZREM', KEYS[2], due[i])
end
return due
`;

/** Cancels a ticket's deadlines. KEYS as TAKE_DUE; ARGV[1] the ticket id. */
export const CANCEL_DEADLINES = `
local members = redis.call('ZRANGEBYLEX', KEYS[2], '[' .. ARGV[1] .. '|', '[' .. ARGV[1] .. '|\\255')
for _, m in ipairs(members) do
  redis.call('ZREM', KEYS[1], m)
  redis.call('ZREM', KEYS[2], m)
end
return #members
`;

/** Adds or updates an agent, keeping its load. KEYS[1] agent hash, KEYS[2] agent id set; ARGV: id, json, presence, capacity. */
export const UPSERT_AGENT = `
redis.call('HSET', KEYS[1], 'json', ARGV[2], 'presence', ARGV[3], 'capacity', ARGV[4])
redis.call('HSETNX', KEYS[1], 'load', '0')
redis.call('SADD', KEYS[2], ARGV[1])
return redis.call('HGET', KEYS[1], 'load')
`;
