/**
 * One contract for the Slack card store (memory and Redis); run by desks/slack/card-store.test.ts.
 * It pins the rules the Slack desk relies on across instances: one card per ticket (`reserve`),
 * cards and threads readable from anywhere, and a forgotten card can be posted again.
 */
import { describe, expect, it } from 'vitest';
import type { SlackCard, SlackCardStore } from '../../desks/slack/card-store.js';

const card = (over: Partial<SlackCard> = {}): SlackCard => ({
  ticketId: 't1',
  channel: 'C0QUEUE01',
  ts: '1700000000.000100',
  customerName: 'Ana',
  shown: { state: 'queued', skill: 'general' },
  history: [],
  ...over,
});

export function describeSlackCardStoreContract(name: string, makeStore: () => Promise<SlackCardStore>): void {
  describe(`SlackCardStore contract: ${name}`, () => {
    it("finds a card by its ticket and the ticket by the card's thread, and nothing else", async () => {
      const store = await makeStore();
      expect(await store.read('t1')).toBeUndefined();
      await store.write(card());
      expect(await store.read('t1')).toEqual(card());
      expect(await store.ticketOfThread('C0QUEUE01', '1700000000.000100')).toBe('t1');
      expect(await store.ticketOfThread('C0OTHER01', '1700000000.000100')).toBeUndefined();
      expect(await store.ticketOfThread('C0QUEUE01', '1700000000.000200')).toBeUndefined();
    });

    it('replaces the whole record on write', async () => {
      const store = await makeStore();
      await store.write(card());
      const claimed = card({
        controlsTs: '1700000000.000300',
        shown: { state: 'assigned', agentId: 'slack:U1', skill: 'general' },
        history: ['Claimed by <@U1> after 12 s'],
      });
      await store.write(claimed);
      expect(await store.read('t1')).toEqual(claimed);
      expect(await store.ticketOfThread('C0QUEUE01', '1700000000.000100')).toBe('t1');
    });

    it("lets exactly one of many concurrent callers reserve a ticket's card", async () => {
      const store = await makeStore();
      const answers = await Promise.all(Array.from({ length: 20 }, () => store.reserve('t1')));
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await store.reserve('t1')).toBe(false);
      expect(await store.reserve('t2')).toBe(true);
    });

    it('lets exactly one of many concurrent callers make a once-mark, per mark', async () => {
      const store = await makeStore();
      const answers = await Promise.all(Array.from({ length: 20 }, () => store.once('ping:t1', 600)));
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await store.once('ping:t1', 600)).toBe(false);
      expect(await store.once('ping:t2', 600)).toBe(true);
      expect(await store.once('digest:C0QUEUE01', 600)).toBe(true);
    });

    it('forgets a deleted card, its thread and its reservation', async () => {
      const store = await makeStore();
      expect(await store.reserve('t1')).toBe(true);
      await store.write(card());
      await store.delete('t1');
      expect(await store.read('t1')).toBeUndefined();
      expect(await store.ticketOfThread('C0QUEUE01', '1700000000.000100')).toBeUndefined();
      expect(await store.reserve('t1')).toBe(true);
      await store.delete('never-written');
    });
  });
}
