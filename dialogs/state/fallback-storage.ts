/**
 * Conversation state while Redis is unreachable: a turn still loads and saves its state, from and to
 * this instance's memory, so the bot answers (an FAQ needs no earlier state; a dialog in progress
 * carries on if the customer stays on this instance). What changes meanwhile is not copied back when
 * Redis returns: the conversation resumes from its state as Redis kept it. Errors other than an
 * unreachable store reach the caller unchanged (an eTag conflict stays a conflict).
 */
import type { Storage, StoreItems } from '../turn-kit.js';
import { isStoreUnavailable, StoreUnavailableError } from '../../infra/errors.js';
import type { Degradation } from '../../infra/fallback.js';

/** Wraps the Redis `primary` with the memory `fallback`; see the file comment. */
export function storageWithFallback(primary: Storage, fallback: Storage, degradation: Degradation): Storage {
  // Keys whose last read came from memory. Their next write goes there too: a turn that loaded its
  // state from memory must not write it over the Redis item (with a memory eTag) if Redis came back
  // in between; that would be a conflict, or worse, a silent overwrite of the real state.
  const local = new Set<string>();
  const fellBack = (error: unknown, keys: readonly string[]) => {
    if (!isStoreUnavailable(error)) throw error;
    degradation.fellBack('conversation state', error);
    for (const key of keys) local.add(key);
  };
  return {
    async read(keys: string[]): Promise<StoreItems> {
      try {
        if (!degradation.reachable) throw new StoreUnavailableError('conversation state: Redis is not connected');
        const items = await primary.read(keys);
        // Redis answers for these again: the outage's copies are dropped.
        const back = keys.filter((key) => local.delete(key));
        if (back.length > 0) await fallback.delete(back);
        return items;
      } catch (error) {
        fellBack(error, keys);
        return fallback.read(keys);
      }
    },
    async write(changes: StoreItems): Promise<void> {
      const keys = Object.keys(changes);
      if (keys.some((key) => local.has(key))) return fallback.write(changes);
      try {
        if (!degradation.reachable) throw new StoreUnavailableError('conversation state: Redis is not connected');
        await primary.write(changes);
      } catch (error) {
        fellBack(error, keys);
        await fallback.write(changes);
      }
    },
    async delete(keys: string[]): Promise<void> {
      // An erase must really erase: Redis' failure is the caller's to see.
      await fallback.delete(keys);
      for (const key of keys) local.delete(key);
      await primary.delete(keys);
    },
  };
}
