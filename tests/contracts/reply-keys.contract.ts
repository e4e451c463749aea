/**
 * One contract for the idempotency keys of agents' replies (handoff/service/reply-keys.ts) on each
 * dedupe store (memory, Redis); run by handoff/service/reply-keys.test.ts. It pins what a retried send
 * relies on across instances: one sender per key at a time, a sent reply answered again to a repeat,
 * a failed one sent again, a dead sender's claim taken over, and keys never shared across agents or tickets.
 */
import { describe, expect, it } from 'vitest';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import { ReplyKeys, replyKeyScope, type KeyTake } from '../../handoff/service/reply-keys.js';

const first = (take: KeyTake) => {
  if (take.kind !== 'first') throw new Error(`expected the first claim, got ${take.kind}`);
  return take.hold;
};

export function describeReplyKeysContract(name: string, makeDedupe: () => Promise<DedupeStore>): void {
  describe(`ReplyKeys contract: ${name}`, () => {
    it('answers a repeat of a sent reply with what the first was answered, and sends nothing', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('ada', 't1', 'k-1');
      await first(await new ReplyKeys({ dedupe }).take(scope)).sent({
        messageId: 'c1|0000004',
        notices: [{ code: 'sent_as_template', message: 'Template sent.' }],
      });
      // Another instance over the same store.
      const again = new ReplyKeys({ dedupe });
      expect(await again.take(scope)).toEqual({
        kind: 'sent',
        reply: { messageId: 'c1|0000004', notices: [{ code: 'sent_as_template', message: 'Template sent.' }] },
      });
    });

    it('lets the retry of a failed send send', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      const scope = replyKeyScope('ada', 't1', 'k-2');
      await first(await keys.take(scope)).failed();
      const retry = first(await keys.take(scope));
      await retry.sent({});
      expect(await keys.take(scope)).toEqual({ kind: 'sent', reply: {} });
    });

    it('gives a key to one sender at a time: the others wait for its outcome', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      const scope = replyKeyScope('ada', 't1', 'k-3');
      const takes = [keys.take(scope), keys.take(scope), keys.take(scope)];
      // The first to settle is the one that claimed it: the two others wait until it is settled.
      await first(await Promise.race(takes)).sent({ messageId: 'm-1' });
      const outcomes = await Promise.all(takes);
      expect(outcomes.filter((take) => take.kind === 'first')).toHaveLength(1);
      expect(outcomes.filter((take) => take.kind !== 'first')).toEqual([
        { kind: 'sent', reply: { messageId: 'm-1' } },
        { kind: 'sent', reply: { messageId: 'm-1' } },
      ]);
    });

    it('hands a waiting repeat the key when the first send fails, and answers busy past the wait', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('ada', 't1', 'k-4');
      const hold = first(await new ReplyKeys({ dedupe }).take(scope));
      expect(await new ReplyKeys({ dedupe, waitMs: 0 }).take(scope)).toEqual({ kind: 'busy' });
      const waiting = new ReplyKeys({ dedupe }).take(scope);
      await hold.failed();
      first(await waiting);
    });

    it('takes over the claim of a sender that died mid-send once its lease lapses', async () => {
      const dedupe = await makeDedupe();
      const scope = replyKeyScope('ada', 't1', 'k-5');
      // A claim nobody renews: what an instance that died while sending leaves behind.
      expect(await dedupe.claim(scope, 1, '')).toBe(true);
      first(await new ReplyKeys({ dedupe, waitMs: 5000 }).take(scope));
    });

    it('never shares a key across agents or tickets', async () => {
      const keys = new ReplyKeys({ dedupe: await makeDedupe() });
      await first(await keys.take(replyKeyScope('ada', 't1', 'k-6'))).sent({ messageId: 'm-ada' });
      first(await keys.take(replyKeyScope('ben', 't1', 'k-6')));
      first(await keys.take(replyKeyScope('ada', 't2', 'k-6')));
      // No field can be shifted into another: "a|b" + "c" is not "a" + "b|c".
      expect(replyKeyScope('a|b', 'c', 'k')).not.toBe(replyKeyScope('a', 'b|c', 'k'));
    });
  });
}
