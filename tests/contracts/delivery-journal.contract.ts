/**
 * Contract of the `DeliveryJournal` (adapters/kit/delivery-journal.ts), run on memory and Redis by
 * adapters/kit/delivery-journal.test.ts and on a Redis Cluster by tests/reliability/redis-cluster.test.ts.
 * Leases that must lapse are made short and waited past; leases that must hold are made long, so no
 * outcome depends on how fast the machine is.
 */
import { describe, expect, it } from 'vitest';
import type { DeliveryJournal } from '../../adapters/kit/delivery-journal.js';
import { claimDelivery, type DedupeStore } from '../../infra/dedupe-store.js';

export interface JournalUnderTest {
  readonly journal: DeliveryJournal;
  /** The dedupe store whose marks the journal shares. */
  readonly dedupe: DedupeStore;
}

const SHORT = 30;
const LONG = 60_000;
const lapse = () => new Promise((resolve) => setTimeout(resolve, SHORT * 4));
const a = (ms = LONG) => ({ owner: 'instance-a', ms });
const b = (ms = LONG) => ({ owner: 'instance-b', ms });
const delivery = (id: string, conversationId = 'chat-1', payload = JSON.stringify({ id, text: '我的订单在哪? 📦' })) => ({ id, conversationId, payload });
const DAY = 86_400;

export function describeDeliveryJournalContract(name: string, make: (options?: { maxPayloadBytes?: number }) => Promise<JournalUnderTest>): void {
  describe(`DeliveryJournal contract: ${name}`, () => {
    it('accepts a delivery once per channel, with the same mark claimDelivery makes', async () => {
      const { journal, dedupe } = await make();
      expect(await journal.accept('telegram', delivery('update:1'), a(), DAY)).toBe(true);
      expect(await journal.accept('telegram', delivery('update:1'), b(), DAY)).toBe(false);
      expect(await journal.accept('whatsapp', delivery('update:1'), b(), DAY)).toBe(true);
      expect(await claimDelivery(dedupe, 'telegram', 'update:1')).toBe(false);
      expect(await claimDelivery(dedupe, 'telegram', 'update:2')).toBe(true);
      expect(await journal.accept('telegram', delivery('update:2'), a(), DAY)).toBe(false);
    });

    it('never hands out an entry whose lease is live', async () => {
      const { journal } = await make();
      await journal.accept('telegram', delivery('update:1'), a(), DAY);
      expect(await journal.takeLapsed('telegram', b(), 10, 3)).toEqual({ taken: [], dropped: [] });
    });

    it('hands a lapsed entry to exactly one of two sweeping instances, payload intact, its run counted', async () => {
      const { journal } = await make();
      const accepted = delivery('update:7');
      await journal.accept('telegram', accepted, a(SHORT), DAY);
      await lapse();
      const sweeps = await Promise.all([journal.takeLapsed('telegram', b(), 10, 3), journal.takeLapsed('telegram', { owner: 'instance-c', ms: LONG }, 10, 3)]);
      expect(sweeps.flatMap((sweep) => sweep.taken)).toEqual([{ id: 'update:7', payload: accepted.payload, attempts: 2 }]);
      expect(await journal.takeLapsed('telegram', a(), 10, 3)).toEqual({ taken: [], dropped: [] });
    });

    it('renews only the leases the caller owns', async () => {
      const { journal } = await make();
      await journal.accept('telegram', delivery('update:1'), a(SHORT), DAY);
      await journal.accept('telegram', delivery('update:2'), b(SHORT), DAY);
      await lapse();
      expect(await journal.renew('telegram', ['update:1', 'update:2', 'update:3'], a())).toBe(1);
      const { taken } = await journal.takeLapsed('telegram', { owner: 'instance-c', ms: LONG }, 10, 3);
      expect(taken.map((entry) => entry.id)).toEqual(['update:2']);
      // Taken over: its old owner's renewals no longer count.
      expect(await journal.renew('telegram', ['update:2'], b())).toBe(0);
    });

    it('forgets a completed entry but keeps its mark; a withdrawn one loses both', async () => {
      const { journal, dedupe } = await make();
      await journal.accept('telegram', delivery('update:1'), a(SHORT), DAY);
      await journal.accept('telegram', delivery('update:2'), a(SHORT), DAY);
      await journal.complete('telegram', 'update:1');
      await journal.withdraw('telegram', 'update:2');
      await journal.complete('telegram', 'never-accepted');
      await lapse();
      expect(await journal.takeLapsed('telegram', b(), 10, 3)).toEqual({ taken: [], dropped: [] });
      expect(await claimDelivery(dedupe, 'telegram', 'update:1')).toBe(false);
      expect(await journal.accept('telegram', delivery('update:2'), b(), DAY)).toBe(true);
    });

    it('drops an entry that already ran maxAttempts times instead of handing it out again', async () => {
      const { journal } = await make();
      await journal.accept('telegram', delivery('update:1'), a(SHORT), DAY);
      await lapse();
      expect((await journal.takeLapsed('telegram', b(SHORT), 10, 2)).taken).toHaveLength(1);
      await lapse();
      expect(await journal.takeLapsed('telegram', a(), 10, 2)).toEqual({ taken: [], dropped: [{ id: 'update:1', attempts: 2 }] });
      await lapse();
      expect(await journal.takeLapsed('telegram', a(), 10, 2)).toEqual({ taken: [], dropped: [] });
    });

    it('takes at most `limit` entries a sweep', async () => {
      const { journal } = await make();
      for (let i = 0; i < 5; i++) await journal.accept('whatsapp', delivery(`wamid.${i}`), a(SHORT), DAY);
      await lapse();
      const sizes = [];
      for (let sweep = 0; sweep < 4; sweep++) sizes.push((await journal.takeLapsed('whatsapp', b(), 2, 3)).taken.length);
      expect(sizes).toEqual([2, 2, 1, 0]);
    });

    it("erases a conversation's entries on one channel only", async () => {
      const { journal } = await make();
      await journal.accept('whatsapp', delivery('wamid.1', '15550001'), a(SHORT), DAY);
      await journal.accept('whatsapp', delivery('wamid.2', '15550001'), a(SHORT), DAY);
      await journal.accept('whatsapp', delivery('wamid.3', '15550002'), a(SHORT), DAY);
      await journal.accept('telegram', delivery('update:4', '15550001'), a(SHORT), DAY);
      expect(await journal.eraseConversation('whatsapp', '15550001')).toBe(2);
      expect(await journal.eraseConversation('whatsapp', '15550001')).toBe(0);
      await lapse();
      expect((await journal.takeLapsed('whatsapp', b(), 10, 3)).taken.map((entry) => entry.id)).toEqual(['wamid.3']);
      expect((await journal.takeLapsed('telegram', b(), 10, 3)).taken.map((entry) => entry.id)).toEqual(['update:4']);
    });

    it('refuses a payload over its size limit before claiming anything', async () => {
      const { journal, dedupe } = await make({ maxPayloadBytes: 64 });
      await expect(journal.accept('telegram', delivery('update:1', 'chat-1', 'x'.repeat(65)), a(), DAY)).rejects.toMatchObject({ status: 413 });
      expect(await claimDelivery(dedupe, 'telegram', 'update:1')).toBe(true);
      expect(await journal.accept('telegram', delivery('update:2', 'chat-1', 'x'.repeat(64)), a(), DAY)).toBe(true);
    });
  });
}
