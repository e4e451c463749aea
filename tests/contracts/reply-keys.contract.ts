/**
 * One contract for the idempotency keys of agents' replies (handoff/service/reply-keys.ts) on each
 * dedupe store (memory, Redis); run by handoff/service/reply-keys.test.ts. It pins what a retried send
 * relies on across instances: one sender per key at a time, a sent reply answered again to a repeat,
 * a failed one sent again, a dead or hung sender's claim taken over, a late sender never touching its
 * successor's claim, a key never reused for another message, and keys never shared across agents,
 * tickets or conversations (whose erase drops them).
 */
import { describe, expect, it } from 'vitest';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import { ReplyKeys, replyKeyScope, sendFingerprint, type KeyTake } from '../../handoff/service/reply-keys.js';

const first = (take: KeyTake) => {
  if (take.kind !== 'first') throw new Error(`expected the first claim, got ${take.kind}`);
  return take.hold;
};

const WORDS = sendFingerprint(['reply', 'Your parcel left today.']);
const OTHER_WORDS = sendFingerprint(['reply', 'Your parcel is lost.']);

export function describeReplyKeysContract(name: string, makeDedupe: () => Promise<DedupeStore>): void {
  describe(`ReplyKeys contract: ${name}`, () => {
    it('answers a repeat of a sent reply with what the first was answered, and sends nothing', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-1');
      await first(await new ReplyKeys({ dedupe }).take(scope, WORDS)).sent({
        messageId: 'c1|0000004',
        notices: [{ code: 'sent_as_template', message: 'Template sent.' }],
      });
      // Another instance over the same store.
      const again = new ReplyKeys({ dedupe });
      expect(await again.take(scope, WORDS)).toEqual({
        kind: 'sent',
        reply: { messageId: 'c1|0000004', notices: [{ code: 'sent_as_template', message: 'Template sent.' }] },
      });
    });

    it('refuses the key of a sent reply for another message, and sends nothing', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-reused');
      await first(await keys.take(scope, WORDS)).sent({ messageId: 'm-1' });
      expect(await keys.take(scope, OTHER_WORDS)).toEqual({ kind: 'reused' });
      expect(await keys.take(scope, WORDS)).toEqual({ kind: 'sent', reply: { messageId: 'm-1' } });
    });

    it('lets the retry of a failed send send', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-2');
      await first(await keys.take(scope, WORDS)).failed();
      const retry = first(await keys.take(scope, WORDS));
      await retry.sent({});
      expect(await keys.take(scope, WORDS)).toEqual({ kind: 'sent', reply: {} });
    });

    it('hands the retry of a failed send what it may have delivered, for the same message only, until the erase', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      const scope = replyKeyScope('c-maybe', 'ada', 't1', 'k-maybe');
      await first(await keys.take(scope, WORDS)).failed('media-1');
      const retry = first(await keys.take(scope, WORDS));
      expect(await retry.maybeSent()).toBe('media-1');
      // A plain failure of the retry leaves the note: the first attempt's write may still be there.
      await retry.failed();
      const edited = first(await keys.take(scope, OTHER_WORDS));
      expect(await edited.maybeSent()).toBeUndefined();
      await edited.failed();
      expect(await first(await keys.take(scope, WORDS)).maybeSent()).toBe('media-1');
      await keys.erase('c-maybe');
      expect(await first(await keys.take(scope, WORDS)).maybeSent()).toBeUndefined();
    });

    it('gives a key to one sender at a time: the others wait for its outcome', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-3');
      const takes = [keys.take(scope, WORDS), keys.take(scope, WORDS), keys.take(scope, WORDS)];
      // The first to settle is the one that claimed it: the two others wait until it is settled.
      await first(await Promise.race(takes)).sent({ messageId: 'm-1' });
      const outcomes = await Promise.all(takes);
      expect(outcomes.filter((take) => take.kind === 'first')).toHaveLength(1);
      expect(outcomes.filter((take) => take.kind !== 'first')).toEqual([
        { kind: 'sent', reply: { messageId: 'm-1' } },
        { kind: 'sent', reply: { messageId: 'm-1' } },
      ]);
    });

    it('hands a waiting repeat the key when the first send fails, and answers busy while a live sender still sends', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-4');
      const hold = first(await new ReplyKeys({ dedupe, leaseSeconds: 1 }).take(scope, WORDS));
      // The holder renews its lease: a repeat that waited a whole lease and more finds it still sending.
      expect(await new ReplyKeys({ dedupe, leaseSeconds: 1, waitMs: 0 }).take(scope, WORDS)).toEqual({ kind: 'busy' });
      const waiting = new ReplyKeys({ dedupe }).take(scope, WORDS);
      await hold.failed();
      first(await waiting);
    });

    it('takes over the claim of a sender that died mid-send, however short the wait', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-5');
      // A claim nobody renews: what an instance that died while sending leaves behind.
      expect(await dedupe.claim(scope, 1, '~owner:dead')).toBe(true);
      // The repeat waits past a lease whatever its wait: a dead sender's claim lapses within it.
      first(await new ReplyKeys({ dedupe, leaseSeconds: 1, waitMs: 0 }).take(scope, WORDS));
    });

    it("never lets a sender whose lease lapsed drop or overwrite its successor's claim", async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-owner');
      const late = first(await new ReplyKeys({ dedupe, leaseSeconds: 1 }).take(scope, WORDS));
      // Its lease lapses (a long pause of its instance) and another attempt takes the key.
      await dedupe.release(scope);
      const successor = first(await new ReplyKeys({ dedupe, leaseSeconds: 1 }).take(scope, WORDS));
      // The late sender's send fails: its successor still holds the key, so a third attempt does not send.
      await late.failed();
      expect(await new ReplyKeys({ dedupe, leaseSeconds: 1, waitMs: 0 }).take(scope, WORDS)).toEqual({ kind: 'busy' });
      await late.sent({ messageId: 'm-late' });
      expect(await new ReplyKeys({ dedupe, leaseSeconds: 1, waitMs: 0 }).take(scope, WORDS)).toEqual({ kind: 'busy' });
      await successor.sent({ messageId: 'm-successor' });
      expect(await new ReplyKeys({ dedupe }).take(scope, WORDS)).toEqual({ kind: 'sent', reply: { messageId: 'm-successor' } });
    });

    it('lets the key of a hung send go after the longest hold, so the retry sends', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-hung');
      // Never settled: a channel call that never answers.
      first(await new ReplyKeys({ dedupe, leaseSeconds: 1, maxHoldSeconds: 1 }).take(scope, WORDS));
      first(await new ReplyKeys({ dedupe, leaseSeconds: 1, waitMs: 5000 }).take(scope, WORDS));
    });

    it('backs off while it waits: pauses double from 50 ms up to 1 s', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('c1', 'ada', 't1', 'k-backoff');
      const hold = first(await new ReplyKeys({ dedupe, leaseSeconds: 1 }).take(scope, WORDS));
      const pauses: number[] = [];
      const sleep = (ms: number) => (pauses.push(ms), new Promise<void>((wake) => setTimeout(wake, ms)));
      expect(await new ReplyKeys({ dedupe, leaseSeconds: 1, waitMs: 0, sleep }).take(scope, WORDS)).toEqual({ kind: 'busy' });
      await hold.failed();
      expect(pauses.slice(0, 5)).toEqual([50, 100, 200, 400, 800]);
      expect(Math.max(...pauses)).toBeLessThanOrEqual(1000);
    });

    it("writes no answer back for a send its conversation's erase overtook, and remembers one begun after the erase", async () => {
      const dedupe = await makeDedupe();
      const keys = new ReplyKeys({ dedupe });
      const scope = replyKeyScope('c-erased', 'ada', 't1', 'k-erase');
      const overtaken = first(await keys.take(scope, WORDS));
      // The erase runs while the channel sends; then the channel answers with its message id (a wamid).
      expect(await keys.erase('c-erased')).toBe(1);
      await overtaken.sent({ messageId: 'wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBI' });
      expect(await dedupe.lookup(scope)).toBeUndefined();
      expect(await keys.erase('c-erased')).toBe(0);
      // The same conversation id again after the erase (a Telegram chat, a WhatsApp number): its key works as ever.
      await first(await keys.take(scope, WORDS)).sent({ messageId: 'm-after' });
      expect(await keys.take(scope, WORDS)).toEqual({ kind: 'sent', reply: { messageId: 'm-after' } });
    });

    it('answers a repeat from the record of the previous release (untagged scope), and erases it with the conversation', async () => {
      const dedupe = await makeDedupe();
      const keys = new ReplyKeys({ dedupe });
      const scope = replyKeyScope('c-upgrade', 'ada', 't1', 'k-old');
      // What the previous release wrote: the conversation's digest without braces, then the same digest.
      await dedupe.resolve(scope.replace(/^\{([^}]*)\}/, '$1'), JSON.stringify({ fingerprint: WORDS, messageId: 'm-old' }), 60);
      expect(await keys.take(scope, WORDS)).toEqual({ kind: 'sent', reply: { messageId: 'm-old' } });
      expect(await keys.take(scope, OTHER_WORDS)).toEqual({ kind: 'reused' });
      expect(await keys.erase('c-upgrade')).toBe(1);
      first(await keys.take(scope, WORDS));
    });

    it('waits for a send the previous release still holds under the untagged scope (a rolling upgrade), and answers its outcome', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('c-rolling', 'ada', 't1', 'k-rolling');
      const legacyScope = scope.replace(/^\{([^}]*)\}/, '$1');
      // An instance of the previous release is sending it: its claim, under the untagged scope.
      const oldOwner = '~owner:previous-release';
      expect(await dedupe.claim(legacyScope, 60, oldOwner)).toBe(true);
      // It answers while the retry waits (here: at the retry's first pause).
      const sleep = async () => dedupe.resolve(legacyScope, JSON.stringify({ fingerprint: WORDS, messageId: 'm-old' }), 60, oldOwner);
      expect(await new ReplyKeys({ dedupe, sleep }).take(scope, WORDS)).toEqual({ kind: 'sent', reply: { messageId: 'm-old' } });
      // Still sending after the wait: busy, and the new scope is not left claimed.
      const stuck = replyKeyScope('c-rolling', 'ada', 't1', 'k-stuck');
      expect(await dedupe.claim(stuck.replace(/^\{([^}]*)\}/, '$1'), 60, oldOwner)).toBe(true);
      let clock = 0;
      const waited = new ReplyKeys({ dedupe, waitMs: 0, leaseSeconds: 1, now: () => clock, sleep: async (ms) => void (clock += ms) });
      expect(await waited.take(stuck, WORDS)).toEqual({ kind: 'busy' });
      expect(await dedupe.lookup(stuck)).toBeUndefined();
    });

    it('never shares a key across agents, tickets or conversations, and forgets a conversation it erases', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      await first(await keys.take(replyKeyScope('c1', 'ada', 't1', 'k-6'), WORDS)).sent({ messageId: 'm-ada' });
      first(await keys.take(replyKeyScope('c1', 'ben', 't1', 'k-6'), WORDS));
      first(await keys.take(replyKeyScope('c1', 'ada', 't2', 'k-6'), WORDS));
      await first(await keys.take(replyKeyScope('c2', 'ada', 't1', 'k-6'), WORDS)).sent({ messageId: 'm-c2' });
      // No field can be shifted into another: "a|b" + "c" is not "a" + "b|c".
      expect(replyKeyScope('c', 'a|b', 'c', 'k')).not.toBe(replyKeyScope('c', 'a', 'b|c', 'k'));
      expect(await keys.erase('c1')).toBeGreaterThanOrEqual(1);
      first(await keys.take(replyKeyScope('c1', 'ada', 't1', 'k-6'), WORDS));
      expect(await keys.take(replyKeyScope('c2', 'ada', 't1', 'k-6'), WORDS)).toEqual({ kind: 'sent', reply: { messageId: 'm-c2' } });
    });
  });
}
