/**
 * One contract for the scorecard's per-ticket emotion store (memory and Redis); run by
 * tests/scorecard/ticket-mood-store.test.ts. It pins what the scorecard relies on across instances:
 * the first escalation reading stays, only the latest few handoff messages count, delete forgets.
 */
import { describe, expect, it } from 'vitest';
import { RECENT_SCORES, type TicketMoodStore } from '../../supervision/scorecard/index.js';

export function describeTicketMoodStoreContract(name: string, makeStore: () => Promise<TicketMoodStore>): void {
  describe(`TicketMoodStore contract: ${name}`, () => {
    it('reads nothing for an unknown ticket', async () => {
      const store = await makeStore();
      expect(await store.read('t-unknown')).toBeUndefined();
    });

    it('keeps the first escalation reading and the latest handoff scores, oldest first', async () => {
      const store = await makeStore();
      await store.writeStart('t1', -0.7);
      await store.writeStart('t1', 0.5);
      expect(await store.read('t1')).toEqual({ start: -0.7, recent: [] });
      for (const score of [-0.9, -0.5, 0, 0.25, 0.5]) await store.addRecent('t1', score);
      expect(RECENT_SCORES).toBe(3);
      expect(await store.read('t1')).toEqual({ start: -0.7, recent: [0, 0.25, 0.5] });
    });

    it('keeps handoff scores of a ticket whose escalation was not heard, and tickets apart', async () => {
      const store = await makeStore();
      await store.addRecent('t2', -0.25);
      await store.writeStart('t3', 0.125);
      expect(await store.read('t2')).toEqual({ recent: [-0.25] });
      expect(await store.read('t3')).toEqual({ start: 0.125, recent: [] });
    });

    it('forgets a deleted ticket', async () => {
      const store = await makeStore();
      await store.writeStart('t4', -0.5);
      await store.addRecent('t4', 0.5);
      await store.delete('t4');
      expect(await store.read('t4')).toBeUndefined();
      await store.delete('t4');
    });
  });
}
