import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis } from '../tests/support/redis.js';
import { luaScript } from './lua-script.js';

const test = connectTestRedis('lua-script');
afterAll(() => test.cleanup());

describe('luaScript', () => {
  it('runs a script Redis has never seen (NOSCRIPT, then the full text), then by its SHA', async () => {
    // A comment no other run has sent makes the script new to this Redis, whatever ran before.
    const script = luaScript(`-- ${randomUUID()}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`);
    const key = `${test.keyPrefix}counter`;
    expect(await test.redis.script('EXISTS', script.sha)).toEqual([0]);
    expect(await script.run(test.redis, 1, key, 2)).toBe(2);
    expect(await test.redis.script('EXISTS', script.sha)).toEqual([1]);
    expect(await script.run(test.redis, 1, key, 3)).toBe(5);
  });

  it('passes script errors on', async () => {
    const script = luaScript(`-- ${randomUUID()}\nreturn redis.error_reply('refused here')`);
    await expect(script.run(test.redis, 0)).rejects.toThrow('refused here');
  });
});
