import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis } from '../tests/support/redis.js';
import { isStoreUnavailable } from './errors.js';
import { replicated, replicaSync } from './redis-durability.js';

const testRedis = connectTestRedis('durability');
afterAll(() => testRedis.cleanup());

describe('acknowledged writes wait for replicas (REDIS_WAIT_REPLICAS)', () => {
  it('waits for nothing with 0 replicas', () => {
    expect(replicaSync(testRedis.redis, { replicas: 0, timeoutMs: 100 })).toBeUndefined();
    const store = { write: async () => 'written' };
    expect(replicated(store, ['write'], undefined)).toBe(store);
  });

  it('fails as unreachable when fewer replicas than asked confirm in time (the shared test Redis has none)', async () => {
    const sync = replicaSync(testRedis.redis, { replicas: 1, timeoutMs: 50 })!;
    const confirm = sync();
    await testRedis.redis.set(`${testRedis.keyPrefix}k`, '1');
    const failure = await confirm().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStoreUnavailable(failure), String(failure)).toBe(true);
    expect(String(failure)).toMatch(/0 of 1 replicas acknowledged the write within 50 ms \(REDIS_WAIT_REPLICAS\)/);
  });

  it('marks the start, runs the write, then the sync, for the listed methods only; a failed sync fails the call after the write', async () => {
    const calls: string[] = [];
    const store = {
      write: async (value: string) => {
        calls.push(`write ${value}`);
        return value.length;
      },
      read: async () => {
        calls.push('read');
        return 'value';
      },
    };
    let healthy = true;
    const sync = () => {
      calls.push('begin');
      return async () => {
        calls.push('sync');
        if (!healthy) throw new Error('not replicated');
      };
    };
    const wrapped = replicated(store, ['write'], sync);
    expect(await wrapped.write('abc')).toBe(3);
    expect(await wrapped.read()).toBe('value');
    expect(calls).toEqual(['begin', 'write abc', 'sync', 'read']);
    healthy = false;
    await expect(wrapped.write('x')).rejects.toThrow('not replicated');
    expect(calls.slice(-2)).toEqual(['write x', 'sync']);
    // A wrapper around this one may replace a method in turn (the at-rest masking does).
    expect(Object.assign(Object.create(wrapped) as typeof store, { write: async () => 0 }).write).toBeTypeOf('function');
  });
});
