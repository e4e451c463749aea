/**
 * Media on local disk: `<dir>/<conversation tag>/<key>` holds the bytes and `<key>.json` the record.
 * One directory per conversation makes erase one `rm -r`. Files are written to a temporary name and
 * renamed, so a crash never leaves a half file under a real id. More than one instance needs the
 * directory on a shared volume; otherwise use the S3 store.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat as statFile, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conversationTag, type MediaRecord, type MediaStore, MediaTooLargeError, newMediaId, parseMediaId } from './media-store.js';

export interface DiskMediaStoreOptions {
  /** The directory; created when missing. */
  readonly dir: string;
  /** The largest file it keeps; default 25 MB. */
  readonly maxBytes?: number;
  readonly now?: () => number;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/** A media store in a directory. */
export function createDiskMediaStore({ dir, maxBytes = 25 * 2 ** 20, now = Date.now }: DiskMediaStoreOptions): MediaStore {
  const paths = (id: string) => {
    const parsed = parseMediaId(id);
    if (!parsed) return undefined;
    const folder = join(dir, parsed.tag);
    return { folder, bytes: join(folder, parsed.key), record: join(folder, `${parsed.key}.json`) };
  };
  const stat = async (id: string): Promise<MediaRecord | undefined> => {
    const path = paths(id);
    if (!path) return undefined;
    try {
      return JSON.parse(await readFile(path.record, 'utf8')) as MediaRecord;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };
  const remove = async (id: string): Promise<boolean> => {
    const path = paths(id);
    if (!path) return false;
    const existed = (await stat(id)) !== undefined;
    await rm(path.bytes, { force: true });
    await rm(path.record, { force: true });
    return existed;
  };
  return {
    async put(input) {
      if (input.bytes.length > maxBytes) throw new MediaTooLargeError(input.bytes.length, maxBytes);
      const id = newMediaId(input.conversationId);
      const path = paths(id)!;
      const record: MediaRecord = {
        id,
        conversationId: input.conversationId,
        kind: input.kind,
        contentType: input.contentType,
        size: input.bytes.length,
        ...(input.name ? { name: input.name } : {}),
        createdAt: now(),
      };
      await mkdir(path.folder, { recursive: true, mode: 0o700 });
      // Bytes first, record last: a file without its record is invisible, and the sweep removes it.
      // Both stamped with the store's clock: the sweep judges files by their time.
      const at = new Date(record.createdAt);
      await writeFile(`${path.bytes}.tmp`, input.bytes, { mode: 0o600 });
      await utimes(`${path.bytes}.tmp`, at, at);
      await rename(`${path.bytes}.tmp`, path.bytes);
      await writeFile(`${path.record}.tmp`, JSON.stringify(record), { mode: 0o600 });
      await utimes(`${path.record}.tmp`, at, at);
      await rename(`${path.record}.tmp`, path.record);
      return record;
    },
    async get(id) {
      const record = await stat(id);
      if (!record) return undefined;
      try {
        const body = createReadStream(paths(id)!.bytes);
        // Opened before it is handed out: a file removed in between is "not found", not a broken stream.
        await new Promise<void>((resolve, reject) => body.once('open', () => resolve()).once('error', reject));
        return { record, body };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    stat,
    delete: remove,
    async deleteConversation(conversationId) {
      const folder = join(dir, conversationTag(conversationId));
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (error) {
        if (isMissing(error)) return 0;
        throw error;
      }
      await rm(folder, { recursive: true, force: true });
      return names.filter((name) => name.endsWith('.json')).length;
    },
    async sweep(before) {
      let count = 0;
      let folders: string[];
      try {
        folders = await readdir(dir);
      } catch (error) {
        if (isMissing(error)) return 0;
        throw error;
      }
      for (const folder of folders) {
        const folderPath = join(dir, folder);
        for (const name of await readdir(folderPath).catch(() => [] as string[])) {
          const file = join(folderPath, name);
          // Judged by the file's time (the store's clock at put): also removes bytes whose record was never written.
          const info = await statFile(file).catch(() => undefined);
          if (!info || info.mtimeMs >= before) continue;
          await unlink(file).catch(() => undefined);
          if (name.endsWith('.json')) count++;
        }
        // Removes the folder when it is empty now; fails harmlessly otherwise.
        await rmdir(folderPath).catch(() => undefined);
      }
      return count;
    },
  };
}
