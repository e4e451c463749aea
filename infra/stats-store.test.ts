import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis } from '../tests/support/redis.js';
import { createRedisStatsStore } from './stats-store.js';

const test = connectTestRedis('stats-store');
afterAll(() => test.cleanup());

describe('createRedisStatsStore', () => {
  it('writes pending increments on flush, so a shutdown does not lose them', async () => {
    // A flush interval no test waits for: only flush() can write these.
    const stats = createRedisStatsStore({ redis: test.redis, keyPrefix: test.keyPrefix, botId: 'shop', flushMs: 3_600_000 });
    const at = Date.UTC(2026, 0, 1, 12, 0, 30);
    stats.add({ messages: 2 }, at);
    stats.add({ messages: 1, escalations: 1 }, at);
    const key = `${test.keyPrefix}stats:{shop}:${Math.floor(at / 60_000)}`;
    expect(await test.redis.hgetall(key)).toEqual({});
    await stats.flush();
    expect(await test.redis.hgetall(key)).toEqual({ messages: '3', escalations: '1' });
    expect((await stats.window(1, at)).series).toEqual({ messages: [3], escalations: [1] });
  });
});
