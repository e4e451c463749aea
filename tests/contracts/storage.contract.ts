/**
 * One contract for every conversation-state store (memory and Redis): botbuilder's `Storage` with
 * eTag compare-and-set. Call `describeStorageContract` with a factory; see storage.test.ts.
 */
import type { Storage } from 'botbuilder-core';
import { ConversationState, TestAdapter, type TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';

export function describeStorageContract(name: string, makeStorage: () => Promise<Storage>): void {
  describe(`Storage contract: ${name}`, () => {
    it('reads back what was written, with an eTag, and nothing for missing keys', async () => {
      const storage = await makeStorage();
      await storage.write({ a: { count: 1, nested: { list: [1, 2] } } });
      const items = await storage.read(['a', 'missing']);
      expect(items.a).toMatchObject({ count: 1, nested: { list: [1, 2] } });
      expect(typeof items.a.eTag).toBe('string');
      expect(items.missing).toBeUndefined();
    });

    it('accepts a write with the current eTag and gives a new one', async () => {
      const storage = await makeStorage();
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k;
      await storage.write({ k: { ...first, v: 2 } });
      const second = (await storage.read(['k'])).k;
      expect(second.v).toBe(2);
      expect(second.eTag).not.toBe(first.eTag);
    });

    it('refuses a write with a stale eTag and keeps the winner', async () => {
      const storage = await makeStorage();
      await storage.write({ k: { v: 1 } });
      const stale = (await storage.read(['k'])).k;
      await storage.write({ k: { ...stale, v: 2 } });
      await expect(storage.write({ k: { ...stale, v: 3 } })).rejects.toMatchObject({ code: 'etag_conflict' });
      expect((await storage.read(['k'])).k.v).toBe(2);
    });

    it("overwrites with eTag '*' or no eTag", async () => {
      const storage = await makeStorage();
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2, eTag: '*' } });
      await storage.write({ k: { v: 3 } });
      expect((await storage.read(['k'])).k.v).toBe(3);
    });

    it('lets exactly one of many concurrent writers with the same eTag win', async () => {
      const storage = await makeStorage();
      await storage.write({ k: { v: 0 } });
      const base = (await storage.read(['k'])).k;
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => storage.write({ k: { ...base, v: i + 1 } })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('deletes, and a deleted key reads as missing', async () => {
      const storage = await makeStorage();
      await storage.write({ x: { v: 1 }, y: { v: 2 } });
      await storage.delete(['x']);
      const items = await storage.read(['x', 'y']);
      expect(items.x).toBeUndefined();
      expect(items.y.v).toBe(2);
    });

    it('keeps botbuilder ConversationState across turns', async () => {
      const storage = await makeStorage();
      const state = new ConversationState(storage);
      const counter = state.createProperty<number>('counter');
      const adapter = new TestAdapter(async (context: TurnContext) => {
        const count = (await counter.get(context, 0)) + 1;
        await counter.set(context, count);
        await context.sendActivity(`turn ${count}`);
        await state.saveChanges(context);
      });
      await adapter.send('hi').assertReply('turn 1').send('again').assertReply('turn 2').startTest();
    });
  });
}
