/**
 * The radar store's contract on a real three-node Redis Cluster (started on loopback by the test): its
 * Lua scripts (raise, update, release) declare every key they touch and all share the bot's hash tag,
 * so Cluster runs them; a script or MULTI across slots would fail here with CROSSSLOT.
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createRedisRadarStore } from '../../supervision/radar/index.js';
import { describeRadarStoreContract } from '../contracts/radar-store.contract.js';
import { hasRedisCli, startRedisCluster, type RedisCluster } from '../support/redis-server.js';

if (!hasRedisCli()) {
  console.warn('Skipping the radar store on Redis Cluster: redis-cli is not installed (apt-get install redis-tools).');
  describe.skip('radar store on a three-node Redis Cluster (needs redis-cli)', () => {
    it('builds the cluster with redis-cli --cluster create', () => undefined);
  });
} else {
  let cluster: RedisCluster;
  let client: Cluster;
  let run = 0;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    client = new Cluster([...cluster.nodes], { redisOptions: { maxRetriesPerRequest: 2 } });
  }, 60_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.destroy();
  });

  describeRadarStoreContract('redis cluster', async () => createRedisRadarStore({ redis: client, keyPrefix: `radar-cluster:${run++}:`, botId: 'shop' }));
}
