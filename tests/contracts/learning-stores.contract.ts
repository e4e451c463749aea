/**
 * The learning loop's stores (supervision/learning/miss-store.ts, accepted-store.ts), for memory and
 * Redis alike: a miss is stored once, at most `perDay` a day, kept `retentionDays`; review and reopen
 * move it off and back onto the open list; erase removes a conversation's misses; accepted items are
 * listed oldest first until withdrawn, and bounded.
 */
import { describe, expect, it } from 'vitest';
import type { AcceptedItemStore, AcceptedRecord } from '../../supervision/learning/accepted-store.js';
import type { MissedMessage } from '../../supervision/learning/learning-items.js';
import type { MissStore, MissStoreOptions } from '../../supervision/learning/miss-store.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-07T08:00:00Z');

export function miss(id: string, at: number, overrides: Partial<MissedMessage> = {}): MissedMessage {
  return {
    id,
    at,
    conversationId: 'conv-1',
    channel: 'directline',
    locale: 'en',
    text: `do you offer gift wrapping ${id}`,
    reason: 'out_of_scope',
    closest: [{ intent: 'delivery_options', score: 0.31 }],
    ...overrides,
  };
}

/** `make` builds a store on its own keys, with the clock the test moves. */
export function describeMissStoreContract(name: string, make: (options: MissStoreOptions) => Promise<MissStore>): void {
  describe(`MissStore contract: ${name}`, () => {
    const setup = async (options: Partial<MissStoreOptions> = {}) => {
      const clock = { now: T0 };
      const store = await make({ perDay: 100, retentionDays: 30, now: () => clock.now, ...options });
      return { store, clock };
    };

    it('stores a miss once: the same id again is a duplicate', async () => {
      const { store } = await setup();
      expect(await store.add(miss('m1', T0))).toBe('stored');
      expect(await store.add(miss('m1', T0 + 5))).toBe('duplicate');
      expect(await store.listOpen(T0 - DAY, 10)).toEqual([miss('m1', T0)]);
    });

    it('lists open misses of the window, newest first, at most the limit', async () => {
      const { store } = await setup();
      await store.add(miss('old', T0 - 3 * DAY));
      await store.add(miss('a', T0 - 2000));
      await store.add(miss('b', T0 - 1000));
      await store.add(miss('c', T0));
      expect((await store.listOpen(T0 - DAY, 10)).map((m) => m.id)).toEqual(['c', 'b', 'a']);
      expect((await store.listOpen(T0 - DAY, 2)).map((m) => m.id)).toEqual(['c', 'b']);
      expect((await store.listOpen(T0 - 7 * DAY, 10)).map((m) => m.id)).toEqual(['c', 'b', 'a', 'old']);
    });

    it("refuses misses over the day's cap, and takes them again the next day", async () => {
      const { store, clock } = await setup({ perDay: 3 });
      for (const id of ['a', 'b', 'c']) expect(await store.add(miss(id, T0))).toBe('stored');
      expect(await store.add(miss('d', T0 + 1))).toBe('over_daily_cap');
      clock.now = T0 + DAY;
      expect(await store.add(miss('e', T0 + DAY))).toBe('stored');
      expect((await store.listOpen(T0 - DAY, 10)).map((m) => m.id).sort()).toEqual(['a', 'b', 'c', 'e']);
    });

    it('forgets misses older than the retention', async () => {
      const { store, clock } = await setup({ retentionDays: 2 });
      await store.add(miss('early', T0));
      clock.now = T0 + 3 * DAY;
      await store.add(miss('late', clock.now));
      expect((await store.listOpen(0, 10)).map((m) => m.id)).toEqual(['late']);
      // Gone for good: the same id is new again.
      expect(await store.add(miss('early', clock.now))).toBe('stored');
    });

    it('review takes misses off the open list and reopen puts them back', async () => {
      const { store } = await setup();
      for (const id of ['a', 'b', 'c']) await store.add(miss(id, T0));
      expect(await store.review(['a', 'b', 'unknown'], 'accepted:item1')).toBe(2);
      expect(await store.review(['a'], 'dismissed')).toBe(0);
      expect((await store.listOpen(0, 10)).map((m) => m.id)).toEqual(['c']);
      expect(await store.reopen(['a', 'c'])).toBe(1);
      expect((await store.listOpen(0, 10)).map((m) => m.id).sort()).toEqual(['a', 'c']);
    });

    it("erases a conversation's misses, open and reviewed, and no other's", async () => {
      const { store } = await setup();
      await store.add(miss('a', T0, { conversationId: 'gone' }));
      await store.add(miss('b', T0, { conversationId: 'gone' }));
      await store.add(miss('c', T0, { conversationId: 'kept' }));
      await store.review(['b'], 'dismissed');
      expect(await store.eraseConversation('gone')).toBe(2);
      expect(await store.eraseConversation('gone')).toBe(0);
      expect((await store.listOpen(0, 10)).map((m) => m.id)).toEqual(['c']);
      expect(await store.reopen(['b'])).toBe(0);
    });
  });
}

function record(id: string, acceptedAt: number, missIds: string[] = [`${id}-m`]): AcceptedRecord {
  return {
    item: {
      kind: 'phrasings',
      id,
      groupId: 'g1',
      intent: 'delivery_options',
      examples: [{ text: 'gift wrap?', locale: 'en' }],
      acceptedAt,
      acceptedBy: 'admin',
    },
    missIds,
  };
}

export function describeAcceptedStoreContract(name: string, make: (options: { maxItems: number }) => Promise<AcceptedItemStore>): void {
  describe(`AcceptedItemStore contract: ${name}`, () => {
    it('lists accepted items oldest first until one is withdrawn', async () => {
      const store = await make({ maxItems: 10 });
      await store.add(record('a2', T0 + 2));
      await store.add(record('a1', T0 + 1));
      expect((await store.listAccepted()).map((item) => item.id)).toEqual(['a1', 'a2']);
      expect(await store.list()).toEqual([record('a1', T0 + 1), record('a2', T0 + 2)]);
      expect(await store.withdraw('a1')).toEqual(record('a1', T0 + 1));
      expect(await store.withdraw('a1')).toBeUndefined();
      expect((await store.listAccepted()).map((item) => item.id)).toEqual(['a2']);
    });

    it('keeps at most maxItems', async () => {
      const store = await make({ maxItems: 2 });
      expect(await store.add(record('a', T0))).toBe(true);
      expect(await store.add(record('b', T0 + 1))).toBe(true);
      expect(await store.add(record('c', T0 + 2))).toBe(false);
      await store.withdraw('a');
      expect(await store.add(record('c', T0 + 2))).toBe(true);
      expect((await store.listAccepted()).map((item) => item.id)).toEqual(['b', 'c']);
    });
  });
}
