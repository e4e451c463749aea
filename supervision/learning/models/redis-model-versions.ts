/**
 * The model version store on Redis, every key under one hash tag so a Cluster keeps them in one slot:
 *
 *   {prefix}{models}:version:<id>   the version's record (JSON)
 *   {prefix}{models}:versions       sorted set of ids by creation time
 *   {prefix}{models}:files:<id>     hash: file name -> bytes (binary-safe; kept for the newest versions, the
 *                                   promoted one and those of recent promotions: `keptFileVersions`)
 *   {prefix}{models}:current        the promoted version id
 *   {prefix}{models}:promotions     list of promotions, newest first (at most 500)
 *   {prefix}{models}:instances      hash: instance id -> its status (JSON)
 *   {prefix}{models}:retrain        the retrain lock (owner, PX ttl)
 * and the pub/sub channel {prefix}{models}:promoted (the version id), on a second connection.
 */
import { duplicateClient, type RedisClient } from '../../../infra/redis.js';
import { luaScript } from '../../../infra/lua-script.js';
import { KEPT_PROMOTION_FILES, keptFileVersions } from './memory-model-versions.js';
import { BASE_VERSION, type InstanceModelStatus, type ModelVersion, type ModelVersionStore, type Promotion } from './model-versions.js';

const MAX_PROMOTIONS = 500;

/** Deletes KEYS[1] only when it still holds ARGV[1]: a trainer never frees a lock another one took after its TTL. */
const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Moves the pointer KEYS[1] from ARGV[1] (BASE_VERSION when unset) to ARGV[2] and records ARGV[3] in KEYS[2]; 0 when it moved meanwhile. */
const PROMOTE = luaScript(`
if (redis.call('GET', KEYS[1]) or ARGV[4]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('LPUSH', KEYS[2], ARGV[3])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
return 1
`);

export interface RedisModelVersionStoreOptions {
  readonly redis: RedisClient;
  /** e.g. `baton:shop-assistant:`; the keys above follow it. */
  readonly keyPrefix: string;
}

export function createRedisModelVersionStore({ redis, keyPrefix }: RedisModelVersionStoreOptions): ModelVersionStore {
  const key = (name: string) => `${keyPrefix}{models}:${name}`;
  const parse = <T>(raw: string | null | undefined): T | undefined => (raw ? (JSON.parse(raw) as T) : undefined);

  async function listVersions(limit = 50): Promise<ModelVersion[]> {
    const ids = await redis.zrevrange(key('versions'), 0, limit - 1);
    if (ids.length === 0) return [];
    const raws = await redis.mget(...ids.map((id) => key(`version:${id}`)));
    return raws.map((raw) => parse<ModelVersion>(raw)).filter((v): v is ModelVersion => v !== undefined);
  }

  return {
    async writeVersion(version) {
      await redis
        .multi()
        .set(key(`version:${version.id}`), JSON.stringify(version))
        .zadd(key('versions'), version.createdAt, version.id)
        .exec();
    },
    async readVersion(id) {
      return parse<ModelVersion>(await redis.get(key(`version:${id}`)));
    },
    listVersions,
    async writeFiles(id, files) {
      await redis.del(key(`files:${id}`));
      await redis.hset(key(`files:${id}`), Object.fromEntries([...files].map(([name, bytes]) => [name, Buffer.from(bytes)])));
      // Files are megabytes; records are small: only the versions `keptFileVersions` names keep theirs.
      const [current, all, promotions] = await Promise.all([
        redis.get(key('current')),
        redis.zrevrange(key('versions'), 0, -1),
        redis.lrange(key('promotions'), 0, KEPT_PROMOTION_FILES - 1),
      ]);
      const keep = keptFileVersions(
        all,
        current ?? BASE_VERSION,
        id,
        promotions.map((raw) => JSON.parse(raw) as Promotion),
      );
      const prune = all.filter((v) => !keep.has(v));
      if (prune.length > 0) await redis.del(...prune.map((v) => key(`files:${v}`)));
    },
    async readFiles(id) {
      const stored = await redis.hgetallBuffer(key(`files:${id}`));
      const entries = Object.entries(stored);
      return entries.length === 0 ? undefined : new Map(entries.map(([name, bytes]) => [name, new Uint8Array(bytes)]));
    },
    async readCurrent() {
      return (await redis.get(key('current'))) ?? BASE_VERSION;
    },
    async promote(promotion) {
      const args = [promotion.from, promotion.to, JSON.stringify(promotion), BASE_VERSION, MAX_PROMOTIONS];
      if (Number(await PROMOTE.run(redis, 2, key('current'), key('promotions'), ...args)) !== 1) return false;
      await redis.publish(key('promoted'), promotion.to);
      return true;
    },
    async listPromotions(limit = 50) {
      const raws = await redis.lrange(key('promotions'), 0, limit - 1);
      return raws.map((raw) => JSON.parse(raw) as Promotion);
    },
    async reportInstance(status) {
      await redis.hset(key('instances'), status.instanceId, JSON.stringify(status));
    },
    async listInstances(now, maxAgeMs) {
      const all = Object.values(await redis.hgetall(key('instances'))).map((raw) => JSON.parse(raw) as InstanceModelStatus);
      // Instances gone for good are dropped here rather than by a sweeper: the hash stays as small as the fleet.
      const gone = all.filter((s) => now - s.updatedAt > maxAgeMs * 10).map((s) => s.instanceId);
      if (gone.length > 0) await redis.hdel(key('instances'), ...gone);
      return all.filter((s) => now - s.updatedAt <= maxAgeMs).sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    },
    async acquireRetrainLock(owner, ttlMs) {
      return (await redis.set(key('retrain'), owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async releaseRetrainLock(owner) {
      await RELEASE.run(redis, 1, key('retrain'), owner);
    },
    async onPromoted(listener) {
      const subscriber = duplicateClient(redis);
      const channel = key('promoted');
      subscriber.on('message', (from: string, message: string) => {
        if (from === channel) listener(message);
      });
      await subscriber.subscribe(channel);
      return async () => {
        await subscriber.unsubscribe(channel).catch(() => undefined);
        subscriber.disconnect();
      };
    },
  };
}
