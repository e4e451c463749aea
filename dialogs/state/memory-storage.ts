/**
 * Conversation state in process memory: the embedded default when REDIS_URL is not set.
 * Same eTag rules as the Redis store (see `redis-storage.ts`), so one contract suite covers both.
 */
import type { Storage, StoreItems } from 'botbuilder-core';
import { ConcurrencyError } from '../../infra/errors.js';

/** Creates an in-memory `Storage`. Values are deep-copied in and out so callers never share objects. */
export function createMemoryStorage(): Storage {
  const items = new Map<string, { json: string; eTag: string }>();
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
