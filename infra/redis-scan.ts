/**
 * Finding keys by pattern, for the rare jobs that cannot know their keys' names (an erase request):
 * SCAN, on every master of a Redis Cluster. Never on a customer's path: it walks the keyspace.
 */
import { Cluster } from 'ioredis';
import type { RedisClient } from './redis.js';

/** `text` as a literal inside a MATCH pattern. */
export function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Deletes every key matching `pattern` (one at a time, so Cluster slots never matter); resolves how many. */
export async function deleteMatching(redis: RedisClient, pattern: string): Promise<number> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  let count = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      for (const key of keys) count += await redis.del(key);
      cursor = next;
    } while (cursor !== '0');
  }
  return count;
}
