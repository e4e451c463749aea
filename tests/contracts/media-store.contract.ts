/**
 * One contract for every media store (memory, disk, S3): what `put` keeps comes back byte for byte
 * with its record, ids are unguessable and bound to their conversation, erase removes a conversation's
 * files and no other's, and the retention sweep removes only old files. See tests/media/media-stores.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { mediaBelongsTo, type MediaStore, parseMediaId } from '../../infra/media/media-store.js';

/** `makeStore` gets a clock the test moves. */
export function describeMediaStoreContract(name: string, makeStore: (now: () => number) => Promise<MediaStore>): void {
  describe(`MediaStore contract: ${name}`, () => {
    const input = (conversationId: string, body = 'hello photo') => ({
      conversationId,
      bytes: Buffer.from(body),
      contentType: 'text/plain',
      kind: 'document' as const,
      name: 'note.txt',
    });

    it('gives back the bytes and the record it was given, under an id bound to the conversation', async () => {
      const store = await makeStore(() => 1_000);
      const conversationId = `conv-${randomBytes(4).toString('hex')}`;
      const record = await store.put(input(conversationId));
      expect(record).toMatchObject({ conversationId, contentType: 'text/plain', kind: 'document', size: 11, name: 'note.txt' });
      expect(parseMediaId(record.id)).toBeDefined();
      expect(mediaBelongsTo(record.id, conversationId)).toBe(true);
      expect(mediaBelongsTo(record.id, `${conversationId}x`)).toBe(false);
      const object = await store.get(record.id);
      expect(object?.record).toEqual(record);
      expect(await text(object!.body)).toBe('hello photo');
      expect(await store.stat(record.id)).toEqual(record);
      // A second file of the same conversation has a different id.
      expect((await store.put(input(conversationId))).id).not.toBe(record.id);
    });

    it('answers undefined for unknown and malformed ids, without touching paths', async () => {
      const store = await makeStore(() => 1_000);
      const known = await store.put(input('c-unknown'));
      const unknown = `${known.id.slice(0, 17)}${'A'.repeat(22)}`;
      for (const id of [unknown, '../../etc/passwd', '', 'x'.repeat(5000), `${known.id}/../x`]) {
        expect(await store.get(id)).toBeUndefined();
        expect(await store.stat(id)).toBeUndefined();
        expect(await store.delete(id)).toBe(false);
      }
    });

    it('deletes one file, and every file of a conversation but no other', async () => {
      const store = await makeStore(() => 1_000);
      const mine = `conv-${randomBytes(4).toString('hex')}`;
      const other = `conv-${randomBytes(4).toString('hex')}`;
      const [a, b, c] = [await store.put(input(mine)), await store.put(input(mine)), await store.put(input(mine))];
      const kept = await store.put(input(other));
      expect(await store.delete(a.id)).toBe(true);
      expect(await store.delete(a.id)).toBe(false);
      expect(await store.deleteConversation(mine)).toBe(2);
      for (const id of [a.id, b.id, c.id]) expect(await store.get(id)).toBeUndefined();
      expect(await store.deleteConversation(mine)).toBe(0);
      expect(await store.stat(kept.id)).toEqual(kept);
    });

    it('sweeps files created before the retention edge, and keeps newer ones', async () => {
      let now = Date.now() - 10 * 86_400_000;
      const store = await makeStore(() => now);
      const old = await store.put(input('c-sweep'));
      now = Date.now();
      const fresh = await store.put(input('c-sweep'));
      expect(await store.sweep(Date.now() - 5 * 86_400_000)).toBe(1);
      expect(await store.stat(old.id)).toBeUndefined();
      expect(await store.stat(fresh.id)).toEqual(fresh);
    });

    it('refuses a file over its ceiling and keeps nothing', async () => {
      const store = await makeStore(() => 1_000);
      await expect(store.put({ ...input('c-big'), bytes: Buffer.alloc(25 * 2 ** 20 + 1) })).rejects.toMatchObject({ name: 'MediaTooLargeError' });
      expect(await store.deleteConversation('c-big')).toBe(0);
    });
  });
}
