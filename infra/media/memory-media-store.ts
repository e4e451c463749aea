/**
 * Media in process memory: tests and a throwaway demo. Bounded by `maxBytes` per file and `maxTotalBytes`
 * overall (the oldest files go first), so a busy demo cannot exhaust the heap.
 */
import { Readable } from 'node:stream';
import { conversationTag, type MediaInput, type MediaRecord, type MediaStore, MediaTooLargeError, newMediaId, parseMediaId } from './media-store.js';

export interface MemoryMediaStoreOptions {
  /** The largest file it keeps; default 25 MB. */
  readonly maxBytes?: number;
  /** All files together; default 200 MB. */
  readonly maxTotalBytes?: number;
  readonly now?: () => number;
}

/** A media store in memory. */
export function createMemoryMediaStore({ maxBytes = 25 * 2 ** 20, maxTotalBytes = 200 * 2 ** 20, now = Date.now }: MemoryMediaStoreOptions = {}): MediaStore {
  const files = new Map<string, { record: MediaRecord; bytes: Buffer }>();
  let total = 0;
  const remove = (id: string): boolean => {
    const file = files.get(id);
    if (!file) return false;
    files.delete(id);
    total -= file.bytes.length;
    return true;
  };
  const stat = async (id: string) => (parseMediaId(id) ? files.get(id)?.record : undefined);
  return {
    async put(input: MediaInput) {
      if (input.bytes.length > maxBytes) throw new MediaTooLargeError(input.bytes.length, maxBytes);
      const record: MediaRecord = {
        id: newMediaId(input.conversationId),
        conversationId: input.conversationId,
        kind: input.kind,
        contentType: input.contentType,
        size: input.bytes.length,
        ...(input.name ? { name: input.name } : {}),
        createdAt: now(),
      };
      files.set(record.id, { record, bytes: Buffer.from(input.bytes) });
      total += input.bytes.length;
      for (const id of files.keys()) {
        if (total <= maxTotalBytes) break;
        remove(id);
      }
      return record;
    },
    async get(id) {
      const file = parseMediaId(id) ? files.get(id) : undefined;
      return file ? { record: file.record, body: Readable.from([file.bytes]) } : undefined;
    },
    stat,
    async delete(id) {
      return remove(id);
    },
    async deleteConversation(conversationId) {
      const tag = `${conversationTag(conversationId)}.`;
      let count = 0;
      for (const id of [...files.keys()]) if (id.startsWith(tag) && remove(id)) count++;
      return count;
    },
    async sweep(before) {
      let count = 0;
      for (const [id, file] of [...files]) if (file.record.createdAt < before && remove(id)) count++;
      return count;
    },
  };
}
