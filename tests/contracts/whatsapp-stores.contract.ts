/**
 * Contracts for the WhatsApp stores (offered options, the 24-hour window), run on memory and on Redis
 * by adapters/whatsapp/stores.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { OptionStore } from '../../adapters/whatsapp/option-store.js';
import type { ServiceWindowStore } from '../../adapters/whatsapp/service-window.js';

export function describeOptionStoreContract(name: string, makeStore: () => Promise<OptionStore>): void {
  describe(`OptionStore contract: ${name}`, () => {
    it('reads back what was written, per conversation, and undefined for none', async () => {
      const store = await makeStore();
      await store.write('c1', [
        { title: 'Small', value: 'size S' },
        { title: '大号', value: 'size L' },
      ]);
      expect(await store.read('c1')).toEqual([
        { title: 'Small', value: 'size S' },
        { title: '大号', value: 'size L' },
      ]);
      expect(await store.read('c2')).toBeUndefined();
    });

    it('replaces the options on a new write and forgets them on delete', async () => {
      const store = await makeStore();
      await store.write('c1', [{ title: 'a', value: 'a' }]);
      await store.write('c1', [{ title: 'b', value: 'b' }]);
      expect(await store.read('c1')).toEqual([{ title: 'b', value: 'b' }]);
      await store.delete('c1');
      expect(await store.read('c1')).toBeUndefined();
      await store.delete('never-written');
    });

    it('forgets options after their time to live', async () => {
      const store = await makeStore();
      await store.write('c1', [{ title: 'a', value: 'a' }], 1);
      expect(await store.read('c1')).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await store.read('c1')).toBeUndefined();
    });
  });
}

export function describeServiceWindowContract(name: string, makeStore: () => Promise<ServiceWindowStore>): void {
  describe(`ServiceWindowStore contract: ${name}`, () => {
    it('remembers the last inbound time per conversation, undefined when never written', async () => {
      const store = await makeStore();
      await store.write('c1', 1_700_000_000_000);
      expect(await store.read('c1')).toBe(1_700_000_000_000);
      expect(await store.read('c2')).toBeUndefined();
      await store.delete('c1');
      expect(await store.read('c1')).toBeUndefined();
    });

    it('keeps the later time when writes arrive out of order', async () => {
      const store = await makeStore();
      await store.write('c1', 2_000);
      await store.write('c1', 1_000);
      expect(await store.read('c1')).toBe(2_000);
      await store.write('c1', 3_000);
      expect(await store.read('c1')).toBe(3_000);
    });

    it('keeps the latest of many concurrent writes', async () => {
      const store = await makeStore();
      const times = Array.from({ length: 20 }, (_, i) => 10_000 + ((i * 7) % 20));
      await Promise.all(times.map((at) => store.write('c1', at)));
      expect(await store.read('c1')).toBe(Math.max(...times));
    });
  });
}
