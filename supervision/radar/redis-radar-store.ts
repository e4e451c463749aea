/**
 * The radar's store on Redis, shared by every instance. Every key carries the bot's hash tag, so the
 * scripts touch one slot (Redis Cluster works):
 *   {prefix}radar:{<bot>}:hour:<epoch hour>      JSON totals, written once (SET NX), kept five weeks
 *   {prefix}radar:{<bot>}:examples:<signal>      list of JSON examples, newest first, capped, one day
 *   {prefix}radar:{<bot>}:incident:<id>          JSON incident (actions included), 90 days
 *   {prefix}radar:{<bot>}:open:<ruleKey>         id of the rule's unresolved incident (the NX lock)
 *   {prefix}radar:{<bot>}:incidents              sorted set of incident ids by first seen
 *   {prefix}radar:{<bot>}:open-ids               set of the unresolved incidents' ids
 *   {prefix}radar:{<bot>}:banners                hash intent → JSON banner
 * Raising and updating are Lua scripts on declared keys only: one incident per rule key however many instances race, and no
 * action lost when a tick and a supervisor change the same incident at once.
 */
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';
import { ACTIONS_KEPT, EXAMPLES_KEPT, HISTORY_HOURS, type RadarStore } from './radar-store.js';
import type { Banner, Incident, RadarExample } from './types.js';

const INCIDENT_TTL_SECONDS = 90 * 86_400;
const EXAMPLES_TTL_SECONDS = 86_400;
const INCIDENTS_INDEXED = 1000;

// KEYS: open, incident, index, open ids. ARGV: id, json, firstSeen, ttl, indexed. '' when created, else the open incident's id.
const RAISE = luaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[4]) then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[4])
  redis.call('SADD', KEYS[4], ARGV[1])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
  redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[5]) - 1)
  return ''
end
return redis.call('GET', KEYS[1])
`);

// KEYS: open, open ids. ARGV: id. Frees a rule key whose incident is gone (expired), so it can be raised again.
const RELEASE = luaScript(`
redis.call('SREM', KEYS[2], ARGV[1])
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

// KEYS: incident, open, open ids. ARGV: state, seenAt, count, action JSON, actions kept. Returns the new JSON
// (a resolve of a resolved incident changes nothing: every instance's tick may resolve it at once).
const UPDATE = luaScript(`
local json = redis.call('GET', KEYS[1])
if not json then return false end
local incident = cjson.decode(json)
if ARGV[1] == 'resolved' and incident.state == 'resolved' then return json end
if ARGV[1] ~= '' and incident.state ~= 'resolved' then incident.state = ARGV[1] end
if ARGV[2] ~= '' then
  local at = tonumber(ARGV[2])
  local count = tonumber(ARGV[3])
  if at > incident.lastSeen then incident.lastSeen = at end
  incident.count = count
  if count > incident.peak then incident.peak = count end
end
if ARGV[4] ~= '' then
  local actions = incident.actions
  if type(actions) ~= 'table' or next(actions) == nil then actions = {} end
  table.insert(actions, cjson.decode(ARGV[4]))
  while #actions > tonumber(ARGV[5]) do table.remove(actions, 1) end
  incident.actions = actions
end
if incident.state == 'resolved' then
  if redis.call('GET', KEYS[2]) == incident.id then redis.call('DEL', KEYS[2]) end
  redis.call('SREM', KEYS[3], incident.id)
end
local out = cjson.encode(incident)
redis.call('SET', KEYS[1], out, 'KEEPTTL')
return out
`);

export interface RedisRadarStoreOptions {
  readonly redis: RedisClient;
  /** e.g. 'baton:' */
  readonly keyPrefix: string;
  readonly botId: string;
}

/** cjson writes an empty Lua table as {}; the incident's lists are arrays. */
function parseIncident(json: string): Incident {
  const incident = JSON.parse(json) as Incident;
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  return { ...incident, examples: list(incident.examples), actions: list(incident.actions) };
}

/** Builds the Redis store. */
export function createRedisRadarStore({ redis, keyPrefix, botId }: RedisRadarStoreOptions): RadarStore {
  const base = `${keyPrefix}radar:{${botId}}:`;
  const key = {
    hour: (hour: number) => `${base}hour:${hour}`,
    examples: (signal: string) => `${base}examples:${signal}`,
    incident: (id: string) => `${base}incident:${id}`,
    open: (ruleKey: string) => `${base}open:${ruleKey}`,
    index: `${base}incidents`,
    openIds: `${base}open-ids`,
    banners: `${base}banners`,
  };
  const read = async (id: string) => {
    const json = await redis.get(key.incident(id));
    return json ? parseIncident(json) : undefined;
  };

  return {
    async saveHour(hour, totals) {
      return (await redis.set(key.hour(hour), JSON.stringify(totals), 'EX', HISTORY_HOURS * 3600, 'NX')) === 'OK';
    },
    async hours(wanted) {
      if (wanted.length === 0) return [];
      const values = await redis.mget(...wanted.map(key.hour));
      return values.map((value) => (value ? (JSON.parse(value) as Record<string, number>) : undefined));
    },
    async addExamples(signal, examples) {
      if (examples.length === 0) return;
      await redis
        .multi()
        .lpush(key.examples(signal), ...examples.map((example) => JSON.stringify(example)))
        .ltrim(key.examples(signal), 0, EXAMPLES_KEPT - 1)
        .expire(key.examples(signal), EXAMPLES_TTL_SECONDS)
        .exec();
    },
    async examples(signal, limit) {
      const values = await redis.lrange(key.examples(signal), 0, Math.max(0, Math.min(limit, EXAMPLES_KEPT) - 1));
      return values.map((value) => JSON.parse(value) as RadarExample);
    },
    async raise(incident) {
      // Twice at most: the second time only when the open key named an incident that has expired.
      for (let attempt = 0; attempt < 2; attempt++) {
        const openId = (await RAISE.run(
          redis,
          4,
          key.open(incident.ruleKey),
          key.incident(incident.id),
          key.index,
          key.openIds,
          incident.id,
          JSON.stringify(incident),
          incident.firstSeen,
          INCIDENT_TTL_SECONDS,
          INCIDENTS_INDEXED,
        )) as string;
        if (openId === '') return { created: true, incident };
        const existing = await read(openId);
        if (existing) return { created: false, incident: existing };
        await RELEASE.run(redis, 2, key.open(incident.ruleKey), key.openIds, openId);
      }
      throw new Error(`radar: the rule key ${incident.ruleKey} is held by an incident that cannot be read`);
    },
    async openIncidents() {
      const ids = await redis.smembers(key.openIds);
      if (ids.length === 0) return [];
      const values = await redis.mget(...ids.map(key.incident));
      // An id whose incident expired is dropped from the set on the way.
      const gone = ids.filter((_, i) => !values[i]);
      if (gone.length > 0) await redis.srem(key.openIds, ...gone);
      return values.flatMap((value) => (value ? [parseIncident(value)] : [])).filter((incident) => incident.state !== 'resolved');
    },
    async openFor(ruleKey) {
      const id = await redis.get(key.open(ruleKey));
      return id ? read(id) : undefined;
    },
    read,
    async list(limit) {
      const ids = await redis.zrevrange(key.index, 0, Math.max(0, limit - 1));
      if (ids.length === 0) return [];
      const values = await redis.mget(...ids.map(key.incident));
      return values.flatMap((value) => (value ? [parseIncident(value)] : []));
    },
    async update(id, change) {
      const current = await read(id);
      if (!current) return undefined;
      const json = (await UPDATE.run(
        redis,
        3,
        key.incident(id),
        key.open(current.ruleKey),
        key.openIds,
        change.state ?? '',
        change.seen ? change.seen.at : '',
        change.seen ? change.seen.count : '',
        change.action ? JSON.stringify(change.action) : '',
        ACTIONS_KEPT,
      )) as string | null;
      return json ? parseIncident(json) : undefined;
    },
    async publishBanner(banner) {
      await redis.hset(key.banners, banner.intent, JSON.stringify(banner));
    },
    async withdrawBanner(intent) {
      const [[, json]] = ((await redis.multi().hget(key.banners, intent).hdel(key.banners, intent).exec()) ?? [[null, null]]) as [[unknown, string | null]];
      return json ? (JSON.parse(json) as Banner) : undefined;
    },
    async banners() {
      const all = await redis.hgetall(key.banners);
      return Object.values(all).map((json) => JSON.parse(json) as Banner);
    },
  };
}
