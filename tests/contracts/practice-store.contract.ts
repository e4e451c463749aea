/**
 * The practice store's contract, run on memory and on Redis by supervision/practice/practice-store.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { PracticeStore } from '../../supervision/practice/practice-store.js';
import type { PracticeScript, PracticeSession } from '../../supervision/practice/practice-types.js';

/** The store under test, made with these limits. */
export type MakePracticeStore = (limits: { readonly sessionsPerAgent: number; readonly candidates: number }) => Promise<PracticeStore>;

const script = (id: string, sourceKey: string, addedAt: number): PracticeScript => ({
  id,
  sourceKey,
  addedAt,
  addedBy: 'lead',
  locale: 'en',
  scenario: 'late_delivery',
  reason: 'negative_emotion',
  context: ['where is my order ORD-0001?'],
  lines: [{ text: 'This is late!', gapMs: 0, afterReply: false, upset: true }],
});

const session = (id: string, agentId: string, startedAt: number): PracticeSession => ({
  id,
  agentId,
  scriptId: 's1',
  locale: 'en',
  scenario: 'late_delivery',
  context: [],
  lines: [{ text: 'This is late!', gapMs: 0, afterReply: false, upset: true }],
  startedAt,
  deliveredAt: [startedAt],
  replies: [],
  version: 1,
  state: 'running',
});

export function describePracticeStoreContract(name: string, make: MakePracticeStore): void {
  describe(`PracticeStore contract: ${name}`, () => {
    const limits = { sessionsPerAgent: 3, candidates: 3 };

    it('keeps a source conversation once, the library within its size, newest first', async () => {
      const store = await make(limits);
      expect(await store.addScript(script('s1', 'k1', 1), 2)).toBe('added');
      expect(await store.addScript(script('s1b', 'k1', 2), 2)).toBe('duplicate');
      expect(await store.addScript(script('s2', 'k2', 3), 2)).toBe('added');
      expect(await store.addScript(script('s3', 'k3', 4), 2)).toBe('full');
      expect((await store.listScripts()).map((s) => s.id)).toEqual(['s2', 's1']);
      expect(await store.readScript('s1')).toEqual(script('s1', 'k1', 1));
      expect(await store.readScript('nope')).toBeUndefined();
      expect(await store.deleteScript('s1')).toBe(true);
      expect(await store.deleteScript('s1')).toBe(false);
      // Removed: its source may come back.
      expect(await store.addScript(script('s1c', 'k1', 5), 2)).toBe('added');
    });

    it('updates a session only from the version it was read at', async () => {
      const store = await make(limits);
      const first = session('x1', 'ann', 10);
      await store.createSession(first);
      expect(await store.readSession('x1')).toEqual(first);
      const replied = { ...first, version: 2, deliveredAt: [10, 20] };
      expect(await store.updateSession(replied, 1)).toBe(true);
      // A second tab that read version 1 loses the race and must read again.
      expect(await store.updateSession({ ...first, version: 2, deliveredAt: [10, 30] }, 1)).toBe(false);
      expect(await store.readSession('x1')).toEqual(replied);
      expect(await store.updateSession(session('never', 'ann', 1), 0)).toBe(false);
      expect(await store.readSession('never')).toBeUndefined();
    });

    it("lists an agent's sessions and everyone's, newest first, keeping the newest per agent", async () => {
      const store = await make(limits);
      for (let i = 1; i <= 5; i++) await store.createSession(session(`a${i}`, 'ann', i * 100));
      await store.createSession(session('b1', 'bob', 250));
      expect((await store.listSessions({ agentId: 'ann', limit: 10 })).map((s) => s.id)).toEqual(['a5', 'a4', 'a3']);
      expect((await store.listSessions({ agentId: 'ann', limit: 2 })).map((s) => s.id)).toEqual(['a5', 'a4']);
      expect((await store.listSessions({ agentId: 'bob', limit: 10 })).map((s) => s.id)).toEqual(['b1']);
      expect((await store.listSessions({ agentId: 'nobody', limit: 10 })).map((s) => s.id)).toEqual([]);
      const all = (await store.listSessions({ limit: 3 })).map((s) => s.id);
      expect(all).toEqual(['a5', 'a4', 'a3']);
    });

    it('keeps the newest candidates, one per ticket', async () => {
      const store = await make(limits);
      await store.addCandidate({ ticketId: 't1', resolvedAt: 1 });
      await store.addCandidate({ ticketId: 't2', resolvedAt: 2 });
      await store.addCandidate({ ticketId: 't1', resolvedAt: 3 });
      await store.addCandidate({ ticketId: 't3', resolvedAt: 4 });
      await store.addCandidate({ ticketId: 't4', resolvedAt: 5 });
      expect(await store.listCandidates(10)).toEqual([
        { ticketId: 't4', resolvedAt: 5 },
        { ticketId: 't3', resolvedAt: 4 },
        { ticketId: 't1', resolvedAt: 3 },
      ]);
      expect(await store.listCandidates(1)).toEqual([{ ticketId: 't4', resolvedAt: 5 }]);
    });
  });
}
