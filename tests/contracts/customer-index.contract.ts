/**
 * The CustomerIndex contract (dialogs/state/customer-index.ts), for memory and Redis alike.
 */
import { describe, expect, it } from 'vitest';
import type { CustomerIndex } from '../../dialogs/state/customer-index.js';

export function describeCustomerIndexContract(name: string, makeIndex: (options: { maxConversations: number }) => Promise<CustomerIndex>): void {
  describe(`CustomerIndex contract: ${name}`, () => {
    it("lists a customer's conversations per channel, once each", async () => {
      const index = await makeIndex({ maxConversations: 100 });
      expect(await index.list('telegram', '42')).toEqual([]);
      await index.add('telegram', '42', 'c1');
      await index.add('telegram', '42', 'c2');
      await index.add('telegram', '42', 'c1');
      await index.add('whatsapp', '42', 'w1');
      expect((await index.list('telegram', '42')).sort()).toEqual(['c1', 'c2']);
      expect(await index.list('whatsapp', '42')).toEqual(['w1']);
    });

    it('forgets one conversation, then the whole customer', async () => {
      const index = await makeIndex({ maxConversations: 100 });
      await index.add('directline', 'u1', 'c1');
      await index.add('directline', 'u1', 'c2');
      await index.remove('directline', 'u1', 'c1');
      expect(await index.list('directline', 'u1')).toEqual(['c2']);
      await index.delete('directline', 'u1');
      expect(await index.list('directline', 'u1')).toEqual([]);
    });

    it('keeps at most maxConversations per customer', async () => {
      const index = await makeIndex({ maxConversations: 3 });
      for (let i = 0; i < 10; i++) await index.add('directline', 'busy', `c${i}`);
      expect(await index.list('directline', 'busy')).toHaveLength(3);
    });
  });
}
