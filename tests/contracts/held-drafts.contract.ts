/**
 * One contract for the Slack desk's held drafts (memory and Redis); run by
 * desks/slack/held-drafts.test.ts. It pins what the coach's buttons rely on across instances: a
 * redelivered message is held once, a draft is read from anywhere, a double click takes it once, and a
 * discard is remembered.
 */
import { describe, expect, it } from 'vitest';
import type { HeldDraft, HeldDraftStore } from '../../desks/slack/held-drafts.js';

const draft = (over: Partial<HeldDraft> = {}): HeldDraft => ({
  kind: 'flagged',
  id: 'C0QUEUE01-1900000001.000200',
  ticketId: 't1',
  agentId: 'ada',
  slackUser: 'U0ADA0001',
  channel: 'C0QUEUE01',
  threadTs: '1900000000.000100',
  text: 'Not my problem.',
  phrase: 'I understand how frustrating this is.',
  ...over,
});

export function describeHeldDraftStoreContract(name: string, makeStore: () => Promise<HeldDraftStore>): void {
  describe(`HeldDraftStore contract: ${name}`, () => {
    it('holds a draft once per id and reads it back whole', async () => {
      const store = await makeStore();
      expect(await store.read(draft().id)).toBeUndefined();
      expect(await store.hold(draft())).toBe(true);
      expect(await store.hold(draft({ text: 'A redelivery must not replace it' }))).toBe(false);
      expect(await store.read(draft().id)).toEqual(draft());
      expect(await store.read('C0QUEUE01-1900000009.000200')).toBeUndefined();
    });

    it('gives a draft to exactly one of many takers', async () => {
      const store = await makeStore();
      await store.hold(draft({ kind: 'suggestion', id: 's-t1-1' }));
      const taken = await Promise.all([store.take('s-t1-1'), store.take('s-t1-1'), store.take('s-t1-1')]);
      expect(taken.filter(Boolean)).toEqual([draft({ kind: 'suggestion', id: 's-t1-1' })]);
      expect(await store.read('s-t1-1')).toBeUndefined();
      expect(await store.take('s-t1-1')).toBeUndefined();
      // Taken, it may be held again (a failed send puts it back).
      expect(await store.hold(draft({ kind: 'suggestion', id: 's-t1-1' }))).toBe(true);
    });

    it('remembers a discard: of many discarders one gets the draft; a draft taken to be sent is not marked', async () => {
      const store = await makeStore();
      expect(await store.wasDiscarded(draft().id)).toBe(false);
      await store.hold(draft());
      const discarded = await Promise.all([store.discard(draft().id), store.discard(draft().id), store.discard(draft().id)]);
      expect(discarded.filter(Boolean)).toEqual([draft()]);
      expect(await store.read(draft().id)).toBeUndefined();
      expect(await store.wasDiscarded(draft().id)).toBe(true);
      // Nothing to discard: no mark.
      expect(await store.discard('C0QUEUE01-1900000009.000200')).toBeUndefined();
      expect(await store.wasDiscarded('C0QUEUE01-1900000009.000200')).toBe(false);
      const sent = draft({ id: 'C0QUEUE01-1900000002.000200' });
      await store.hold(sent);
      expect(await store.take(sent.id)).toEqual(sent);
      expect(await store.wasDiscarded(sent.id)).toBe(false);
    });
  });
}
