/**
 * Where misses wait for review: stored once per id, at most `perDay` a day, kept `retentionDays`,
 * listed while open (not yet accepted or dismissed), erased with their conversation. Memory here,
 * Redis in redis-miss-store.ts; tests/contracts/learning-stores.contract.ts holds both to the same rules.
 */
import type { MissedMessage } from './learning-items.js';

/** What `add` did: stored, already there (a redelivery), or refused because today's cap is reached. */
export type AddMissOutcome = 'stored' | 'duplicate' | 'over_daily_cap';

/** How a miss left the open list: dismissed, or accepted into the item `accepted:<itemId>`. */
export type ReviewMark = 'dismissed' | `accepted:${string}`;

export interface MissStore {
  /** Stores `miss` unless its id is already stored or today's (UTC, by `miss.at`) cap is reached. */
  add(miss: MissedMessage): Promise<AddMissOutcome>;
  /** Open misses with `at >= since`, newest first, at most `limit`. */
  listOpen(since: number, limit: number): Promise<MissedMessage[]>;
  /** Marks misses reviewed: they leave `listOpen`. Resolves how many were open. */
  review(ids: readonly string[], mark: ReviewMark): Promise<number>;
  /** Opens reviewed misses again (an accepted item was withdrawn). Resolves how many were reopened. */
  reopen(ids: readonly string[]): Promise<number>;
  /** Removes every miss of the conversation, open or reviewed. Resolves how many there were. */
  eraseConversation(conversationId: string): Promise<number>;
}

export interface MissStoreOptions {
  /** Misses stored per UTC day at most. */
  readonly perDay: number;
  readonly retentionDays: number;
  /** Epoch ms; decides what has expired. */
  readonly now?: () => number;
}

/** The most misses the memory store holds (one process's heap); the oldest go first. */
export const MEMORY_MAX_MISSES = 10_000;

export const DAY_MS = 86_400_000;

/** The in-memory store: one instance only; at most `maxEntries` misses (the oldest stored go first). */
export function createMemoryMissStore({
  perDay,
  retentionDays,
  now = () => Date.now(),
  maxEntries = MEMORY_MAX_MISSES,
}: MissStoreOptions & { readonly maxEntries?: number }): MissStore {
  const misses = new Map<string, { miss: MissedMessage; mark?: ReviewMark }>();
  const perDayCount = new Map<number, number>();
  const retention = retentionDays * DAY_MS;

  const purge = () => {
    const cutoff = now() - retention;
    for (const [id, entry] of misses) if (entry.miss.at < cutoff) misses.delete(id);
    for (const day of perDayCount.keys()) if ((day + 1) * DAY_MS < cutoff) perDayCount.delete(day);
  };

  return {
    async add(miss) {
      if (misses.has(miss.id)) return 'duplicate';
      const day = Math.floor(miss.at / DAY_MS);
      const count = perDayCount.get(day) ?? 0;
      if (count >= perDay) return 'over_daily_cap';
      purge();
      // Insertion order is storage order: the first key is the oldest stored.
      while (misses.size >= maxEntries) misses.delete(misses.keys().next().value as string);
      perDayCount.set(day, count + 1);
      misses.set(miss.id, { miss });
      return 'stored';
    },
    async listOpen(since, limit) {
      const cutoff = Math.max(since, now() - retention);
      const open = [...misses.values()].filter((entry) => !entry.mark && entry.miss.at >= cutoff).map((entry) => entry.miss);
      // Ties newest-id first, as Redis orders equal scores in ZREVRANGEBYSCORE.
      return open.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)).slice(0, limit);
    },
    async review(ids, mark) {
      let count = 0;
      for (const id of ids) {
        const entry = misses.get(id);
        if (entry && !entry.mark) {
          entry.mark = mark;
          count++;
        }
      }
      return count;
    },
    async reopen(ids) {
      let count = 0;
      for (const id of ids) {
        const entry = misses.get(id);
        if (entry?.mark) {
          delete entry.mark;
          count++;
        }
      }
      return count;
    },
    async eraseConversation(conversationId) {
      let count = 0;
      for (const [id, entry] of misses) {
        if (entry.miss.conversationId !== conversationId) continue;
        misses.delete(id);
        count++;
      }
      return count;
    },
  };
}
