/**
 * Conversation state in process memory: the embedded default when REDIS_URL is not set.
 * Same eTag rules as the Redis store (see `redis-storage.ts`), so one contract suite covers both.
 */
import type { Storage, StoreItems } from '../turn-kit.js';
import { BoundedMap } from '../../infra/bounded-map.js';
import { ConcurrencyError } from '../../infra/errors.js';

export interface MemoryStorageOptions {
  /** Items expire this long after their last write, like the Redis store's `ttlSeconds`; 0 keeps them. Default 30 days. */
  readonly ttlSeconds?: number;
  /** Most items kept; beyond it the least recently written goes (its conversation starts afresh). Default 10,000. */
  readonly maxItems?: number;
  readonly now?: () => number;
}

/**
 * Creates an in-memory `Storage`, bounded and expiring (infra/bounded-map.ts). Values are deep-copied
 * in and out so callers never share objects.
 */
export function createMemoryStorage({ ttlSeconds = 30 * 24 * 3600, maxItems = 10_000, now }: MemoryStorageOptions = {}): Storage {
  const items = new BoundedMap<string, { json: string; eTag: string }>({
    name: 'memory conversation state',
    maxEntries: maxItems,
    ttlMs: ttlSeconds * 1000,
    now,
  });
  let nextTag = 1;

  return {
    async read(keys: string[]): Promise<StoreItems> {
      const found: StoreItems = {};
      for (const key of keys) {
        const item = items.get(key);
        if (item) found[key] = { ...JSON.parse(item.json), eTag: item.eTag };
      }
      return found;
    },

    async write(changes: StoreItems): Promise<void> {
      // Check every eTag before changing anything, so a conflicting batch writes nothing.
      for (const [key, value] of Object.entries(changes)) {
        const expected = (value as { eTag?: string }).eTag;
        const current = items.get(key);
        if (current && expected && expected !== '*' && expected !== current.eTag) throw new ConcurrencyError(key);
      }
      for (const [key, value] of Object.entries(changes)) {
        const { eTag: _ignored, ...rest } = value as { eTag?: string };
        items.set(key, { json: JSON.stringify(rest), eTag: String(nextTag++) });
      }
    },

    async delete(keys: string[]): Promise<void> {
      for (const key of keys) items.delete(key);
    },
  };
}
