import { startRedisCluster } from './tests/support/redis-server.ts';
import { connectRedis } from './infra/redis.ts';
import { loadConfig } from './infra/config.ts';
const cluster = await startRedisCluster(3);
const nodes = cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',');
try {
  const cfg = loadConfig({ REDIS_CLUSTER_NODES: nodes, REDIS_KEY_PREFIX: 'x:' });
  const [r, s] = await Promise.all([connectRedis(cfg), connectRedis(cfg)]);
  console.log(await r.set('{x}a', '1'), await s.get('{x}a'));
  r.disconnect(); s.disconnect();
} catch (e) { console.error('ERR', e); }
await cluster.destroy();
