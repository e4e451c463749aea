/**
 * Practice mode's store on Redis, shared by every instance. Every key carries the hash tag `{practice}`,
 * so the scripts below run on a Redis Cluster too (practice data is small: one slot is plenty).
 *
 *   {prefix}{practice}:script:<id>      string, the script's JSON (no TTL: anonymised, a supervisor removes it)
 *   {prefix}{practice}:scripts          sorted set of script ids by time added
 *   {prefix}{practice}:sources          hash sourceKey → script id
 *   {prefix}{practice}:session:<id>     hash { v: version, json }, PEXPIRE sessionTtlMs on every write
 *   {prefix}{practice}:agent:<agentId>  sorted set of the agent's session ids by start, newest kept
 *   {prefix}{practice}:sessions         sorted set of every session id by start, newest kept
 *   {prefix}{practice}:candidates       sorted set of resolved ticket ids by time resolved, newest kept
 */
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';
import { DEFAULT_SESSION_TTL_MS } from './memory-practice-store.js';
import type { AddScriptOutcome, PracticeStore, PracticeStoreLimits } from './practice-store.js';
import { PRACTICE_LIMITS, type PracticeScript, type PracticeSession } from './practice-types.js';

const ADD_SCRIPT = luaScript(`
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'duplicate' end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5]) then return 'full' end
redis.call('SET', KEYS[3], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 'added'`);

const UPDATE_SESSION = luaScript(`
local version = redis.call('HGET', KEYS[1], 'v')
if not version or version ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'json', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`);

export interface RedisPracticeStoreOptions extends PracticeStoreLimits {
  readonly redis: RedisClient;
  /** e.g. 'baton:shop:'; keys go under `{keyPrefix}{practice}:`. */
  readonly keyPrefix?: string;
}

/** Creates the Redis store. */
export function createRedisPracticeStore({
  redis,
  keyPrefix = 'baton:',
  sessionTtlMs = DEFAULT_SESSION_TTL_MS,
  sessionsPerAgent = PRACTICE_LIMITS.sessionsPerAgent,
  sessionsInAll = PRACTICE_LIMITS.sessionsInAll,
  candidates: maxCandidates = PRACTICE_LIMITS.candidates,
}: RedisPracticeStoreOptions): PracticeStore {
  const base = `${keyPrefix}{practice}:`;
  const keys = {
    script: (id: string) => `${base}script:${id}`,
    scripts: `${base}scripts`,
    sources: `${base}sources`,
    session: (id: string) => `${base}session:${id}`,
    agent: (agentId: string) => `${base}agent:${agentId}`,
    sessions: `${base}sessions`,
    candidates: `${base}candidates`,
  };
  const parse = <T>(json: string | null | undefined): T | undefined => (json ? (JSON.parse(json) as T) : undefined);

  return {
    async addScript(script, maxScripts) {
      const outcome = await ADD_SCRIPT.run(
        redis,
        3,
        keys.scripts,
        keys.sources,
        keys.script(script.id),
        script.id,
        script.sourceKey,
        JSON.stringify(script),
        String(script.addedAt),
        String(maxScripts),
      );
      return String(outcome) as AddScriptOutcome;
    },
    async readScript(id) {
      return parse<PracticeScript>(await redis.get(keys.script(id)));
    },
    async listScripts() {
      const ids = await redis.zrevrange(keys.scripts, 0, -1);
      if (ids.length === 0) return [];
      const found = await redis.mget(...ids.map(keys.script));
      return found.flatMap((json) => (json ? [JSON.parse(json) as PracticeScript] : []));
    },
    async deleteScript(id) {
      const script = parse<PracticeScript>(await redis.get(keys.script(id)));
      if (!script) return false;
      await redis.multi().del(keys.script(id)).zrem(keys.scripts, id).hdel(keys.sources, script.sourceKey).exec();
      return true;
    },

    async createSession(session) {
      const agentKey = keys.agent(session.agentId);
      await redis
        .multi()
        .hset(keys.session(session.id), 'v', String(session.version), 'json', JSON.stringify(session))
        .pexpire(keys.session(session.id), sessionTtlMs)
        .zadd(agentKey, session.startedAt, session.id)
        .zremrangebyrank(agentKey, 0, -(sessionsPerAgent + 1))
        .pexpire(agentKey, sessionTtlMs)
        .zadd(keys.sessions, session.startedAt, session.id)
        .zremrangebyrank(keys.sessions, 0, -(sessionsInAll + 1))
        .pexpire(keys.sessions, sessionTtlMs)
        .exec();
    },
    async readSession(id) {
      return parse<PracticeSession>(await redis.hget(keys.session(id), 'json'));
    },
    async updateSession(session, expectedVersion) {
      const written = await UPDATE_SESSION.run(
        redis,
        1,
        keys.session(session.id),
        String(expectedVersion),
        String(session.version),
        JSON.stringify(session),
        String(sessionTtlMs),
      );
      return Number(written) === 1;
    },
    async listSessions({ agentId, limit }) {
      const ids = await redis.zrevrange(agentId === undefined ? keys.sessions : keys.agent(agentId), 0, Math.max(0, limit - 1));
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hget(keys.session(id), 'json');
      const results = (await pipeline.exec()) ?? [];
      return results.flatMap(([error, json]) => (error || typeof json !== 'string' ? [] : [JSON.parse(json) as PracticeSession]));
    },

    async addCandidate(candidate) {
      await redis
        .multi()
        .zadd(keys.candidates, candidate.resolvedAt, candidate.ticketId)
        .zremrangebyrank(keys.candidates, 0, -(maxCandidates + 1))
        .exec();
    },
    async listCandidates(limit) {
      const flat = await redis.zrevrange(keys.candidates, 0, Math.max(0, limit - 1), 'WITHSCORES');
      const candidates = [];
      for (let i = 0; i + 1 < flat.length; i += 2) candidates.push({ ticketId: flat[i], resolvedAt: Number(flat[i + 1]) });
      return candidates;
    },
  };
}
