/**
 * A Lua script sent by its SHA1 (EVALSHA), and in full (EVAL) only when the Redis node answers NOSCRIPT:
 * after a restart, a failover, or on a Cluster node that has not seen it yet. The hot path runs a script
 * or two a turn; sending each one's text every time cost bytes written, and Redis hashing the text.
 * @example
 * const append = luaScript(APPEND_SCRIPT);
 * const position = await append.run(redis, 3, key, seqKey, metaKey, json);
 */
import { createHash } from 'node:crypto';
import type { RedisClient } from './redis.js';

export interface LuaScript {
  readonly sha: string;
  /** Runs the script with `numKeys` keys then arguments, as EVAL takes them; errors other than NOSCRIPT propagate. */
  run(redis: RedisClient, numKeys: number, ...keysAndArgs: Array<string | number>): Promise<unknown>;
}

/** Wraps `source` for EVALSHA with an EVAL fallback. */
export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    sha,
    async run(redis, numKeys, ...keysAndArgs) {
      try {
        return await redis.evalsha(sha, numKeys, ...keysAndArgs);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return redis.eval(source, numKeys, ...keysAndArgs);
      }
    },
  };
}
