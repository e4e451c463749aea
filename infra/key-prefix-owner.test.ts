import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { claimKeyPrefix, prefixOwnerKey } from './key-prefix-owner.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = () => `baton-test:${randomBytes(6).toString('hex')}:`;
const used: string[] = [];

afterAll(async () => {
  if (used.length > 0) await redis.del(...used.map(prefixOwnerKey));
  redis.disconnect();
});

describe('one bot per key prefix', () => {
  it('lets the same bot start again and again (restarts, more instances)', async () => {
    const keyPrefix = prefix();
    used.push(keyPrefix);
    await claimKeyPrefix(redis, keyPrefix, 'shop-assistant');
    await claimKeyPrefix(redis, keyPrefix, 'shop-assistant');
    expect(await redis.get(prefixOwnerKey(keyPrefix))).toBe('shop-assistant');
    expect(await redis.ttl(prefixOwnerKey(keyPrefix))).toBe(-1);
  });

  it('refuses a second bot on the prefix, saying how to fix it', async () => {
    const keyPrefix = prefix();
    used.push(keyPrefix);
    await claimKeyPrefix(redis, keyPrefix, 'shop-assistant');
    const refused = claimKeyPrefix(redis, keyPrefix, 'hotel-desk');
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/belongs to the bot 'shop-assistant'.*Give each bot its own REDIS_KEY_PREFIX/);
    expect(await redis.get(prefixOwnerKey(keyPrefix))).toBe('shop-assistant');
  });

  it('gives a prefix to exactly one of two bots starting at once', async () => {
    const keyPrefix = prefix();
    used.push(keyPrefix);
    const results = await Promise.allSettled([claimKeyPrefix(redis, keyPrefix, 'a'), claimKeyPrefix(redis, keyPrefix, 'b')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
