import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, type Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createRedisClient, describeRedis, redisTopology } from './redis.js';

/** The message loadConfig throws for `env`. */
const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
};

describe('Redis settings', () => {
  it('reads one server, a Cluster or Sentinel, and nothing for memory', () => {
    expect(redisTopology(loadConfig({}))).toBeUndefined();
    expect(redisTopology(loadConfig({ REDIS_URL: 'redis://localhost:6379' }))).toBe('single');
    expect(redisTopology(loadConfig({ REDIS_CLUSTER_NODES: 'redis-1:6379, redis-2:6380,[::1]:6381' }))).toBe('cluster');
    const sentinel = loadConfig({ REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_MASTER: 'mymaster', REDIS_WAIT_REPLICAS: '1' });
    expect(redisTopology(sentinel)).toBe('sentinel');
    expect(sentinel).toMatchObject({ REDIS_WAIT_REPLICAS: 1, REDIS_WAIT_TIMEOUT_MS: 500 });
    expect(describeRedis(sentinel)).toBe("master 'mymaster' through the sentinels at 10.0.0.1:26379,10.0.0.2:26379");
    expect(describeRedis(loadConfig({ REDIS_URL: 'redis://user:secret@localhost:6379' }))).toBe('redis://***@localhost:6379');
    expect(describeRedis(loadConfig({ REDIS_URL: 'redis://:p@ss@localhost:6379' }))).toBe('redis://***@localhost:6379');
    expect(describeRedis(loadConfig({ REDIS_URL: 'redis://user:pa/ss@localhost:6379' }))).toBe('redis://***@localhost:6379');
    expect(describeRedis(loadConfig({ REDIS_URL: 'redis://localhost:6379/0?password=secret' }))).toBe('redis://localhost:6379/0?***');
  });

  it('refuses two deployments at once, naming both and the fix', () => {
    expect(refusal({ REDIS_URL: 'redis://localhost:6379', REDIS_CLUSTER_NODES: 'a:1' })).toMatch(
      /REDIS_CLUSTER_NODES is set, and so is REDIS_URL: Baton connects to one Redis deployment/,
    );
  });

  it('refuses a malformed node list by position, and a sentinel list without its master', () => {
    expect(refusal({ REDIS_CLUSTER_NODES: 'a:6379,b' })).toMatch(/REDIS_CLUSTER_NODES has an entry \(number 2\) that is not host:port\. Example:/);
    expect(refusal({ REDIS_CLUSTER_NODES: 'a:70000' })).toMatch(/REDIS_CLUSTER_NODES has an entry \(number 1\)/);
    expect(refusal({ REDIS_SENTINELS: 'a:26379' })).toMatch(/REDIS_SENTINEL_MASTER is not set, but REDIS_SENTINELS is/);
    expect(refusal({ REDIS_URL: 'redis://a:1', REDIS_SENTINEL_MASTER: 'mymaster' })).toMatch(/REDIS_SENTINEL_MASTER is set, but REDIS_SENTINELS is not/);
  });

  it('refuses credentials, TLS files or replica waits with no Redis, and TLS files with TLS off', () => {
    expect(refusal({ REDIS_PASSWORD: 'pw' })).toMatch(/REDIS_PASSWORD is set, but no Redis is/);
    expect(refusal({ REDIS_WAIT_REPLICAS: '1' })).toMatch(/REDIS_WAIT_REPLICAS is set, but no Redis is/);
    expect(refusal({ REDIS_URL: 'redis://a:1', REDIS_TLS_CA_FILE: '/ca.pem' })).toMatch(
      /REDIS_TLS_CA_FILE is set, but TLS to Redis is not on: set REDIS_TLS=true/,
    );
    expect(refusal({ REDIS_URL: 'rediss://a:1', REDIS_TLS_CERT_FILE: '/cert.pem' })).toMatch(/REDIS_TLS_KEY_FILE is not set, but its partner is/);
    expect(refusal({ REDIS_URL: 'rediss://a:1', REDIS_TLS_CA_FILE: 'ca.pem' })).toMatch(/REDIS_TLS_CA_FILE must be an absolute path/);
    expect(refusal({ REDIS_URL: 'redis://u:p@a:1', REDIS_PASSWORD: 'p' })).toMatch(/give them once/);
    expect(refusal({ REDIS_URL: 'redis://a:1', REDIS_WAIT_REPLICAS: '9' })).toMatch(/REDIS_WAIT_REPLICAS must be a whole number of replicas from 0 to 5/);
  });

  it('builds every client with the same credentials and TLS: a Cluster, a Sentinel-backed connection', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-tls-'));
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    const tls = { REDIS_TLS: 'true', REDIS_TLS_CA_FILE: join(dir, 'ca.pem'), REDIS_USERNAME: 'baton', REDIS_PASSWORD: 'pw' };
    const cluster = createRedisClient(loadConfig({ REDIS_CLUSTER_NODES: 'a:7000,b:7001', ...tls }));
    expect(cluster).toBeInstanceOf(Cluster);
    expect((cluster as Cluster).options.redisOptions).toMatchObject({ username: 'baton', password: 'pw', tls: { ca: Buffer.from('CA') } });
    expect((cluster as Cluster).options.scaleReads).toBe('master');
    const sentinel = createRedisClient(
      loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_MASTER: 'shop', REDIS_SENTINEL_PASSWORD: 'spw', ...tls }),
    ) as Redis;
    expect(sentinel.options).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'shop',
      sentinelPassword: 'spw',
      password: 'pw',
      enableTLSForSentinelMode: true,
      tls: { ca: Buffer.from('CA') },
    });
    // A subscriber made from it talks to the same deployment with the same settings.
    expect(sentinel.duplicate().options).toMatchObject({ name: 'shop', sentinelPassword: 'spw', password: 'pw' });
    for (const client of [cluster, sentinel]) client.disconnect();
  });

  it('stops the start naming a TLS file it cannot read', () => {
    expect(() => createRedisClient(loadConfig({ REDIS_URL: 'rediss://a:1', REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' }))).toThrow(
      /REDIS_TLS_CA_FILE cannot be read \(ENOENT\)/,
    );
  });
});
