/**
 * The WhatsApp Web login kept in Redis, so a restarted or newly elected leader opens the same session
 * without a new QR scan. It implements the `Store` of whatsapp-web.js's `RemoteAuth`: RemoteAuth zips the
 * browser profile to `<dataPath>/<session>.zip` and calls `save({ session })`; at start it calls
 * `extract({ session, path })` and unzips what we write there.
 *
 * `save` gets only the session name, not the zip's path (a known gap of RemoteAuth: published stores
 * read `<session>.zip` from the working directory and fail with ENOENT whenever `dataPath` differs), so
 * this store is given the same `dataPath` as RemoteAuth and finds the zip itself.
 *
 * Redis: the zip as a list of 1 MiB chunks, `{prefix}whatsapp-web:{<session>}:zip`, and its size and
 * SHA-256 in `…:meta`. A save writes the chunks under a temporary key and renames it over the old one in
 * one transaction with the meta, so a leader dying mid-save leaves the previous session whole. Large
 * values are chunked because one multi-megabyte SET blocks Redis for every other client meanwhile.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RedisClient } from '../../infra/redis.js';
import { BatonError } from '../../infra/errors.js';

/** whatsapp-web.js's `RemoteAuth` store contract. */
export interface RemoteAuthStore {
  sessionExists(options: { session: string }): Promise<boolean>;
  save(options: { session: string; path?: string }): Promise<void>;
  extract(options: { session: string; path: string }): Promise<void>;
  delete(options: { session: string }): Promise<void>;
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * A RemoteAuth store on Redis.
 * @param dataPath the `dataPath` given to `RemoteAuth` (where it writes `<session>.zip`).
 * @throws BatonError `whatsapp_web_session_corrupt` from `extract` when the stored bytes do not match
 * their checksum; RemoteAuth then fails the start, and deleting the session (a new QR scan) fixes it.
 */
export function createRedisSessionStore({
  redis,
  keyPrefix = 'baton:',
  dataPath,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  dataPath: string;
}): RemoteAuthStore {
  const keys = (session: string) => {
    const base = `${keyPrefix}whatsapp-web:{${session}}`;
    return { zip: `${base}:zip`, meta: `${base}:meta` };
  };
  return {
    async sessionExists({ session }) {
      return (await redis.exists(keys(session).meta)) === 1;
    },
    async save({ session, path }) {
      // A later RemoteAuth may pass the zip's path; until then it is always <dataPath>/<session>.zip.
      const zip = await readFile(path ?? join(dataPath, `${session}.zip`));
      const { zip: zipKey, meta } = keys(session);
      const staging = `${zipKey}:staging:${randomUUID()}`;
      try {
        for (let offset = 0; offset < zip.length; offset += CHUNK_BYTES) {
          await redis.rpush(staging, zip.subarray(offset, offset + CHUNK_BYTES));
        }
        const sha256 = createHash('sha256').update(zip).digest('hex');
        const transaction = redis.multi();
        if (zip.length === 0) transaction.del(zipKey);
        else transaction.rename(staging, zipKey);
        await transaction.hset(meta, { bytes: String(zip.length), sha256, savedAt: String(Date.now()) }).exec();
      } finally {
        await redis.del(staging);
      }
    },
    async extract({ session, path }) {
      const { zip: zipKey, meta } = keys(session);
      const [chunks, stored] = await Promise.all([redis.lrangeBuffer(zipKey, 0, -1), redis.hgetall(meta)]);
      const zip = Buffer.concat(chunks);
      const sha256 = createHash('sha256').update(zip).digest('hex');
      if (stored.sha256 !== sha256 || Number(stored.bytes) !== zip.length) {
        throw new BatonError(
          'whatsapp_web_session_corrupt',
          `whatsapp-web.js: the session '${session}' in Redis is damaged (${zip.length} bytes, expected ${stored.bytes ?? '?'}). Delete it (DEL ${meta} ${zipKey}) and scan the QR code again.`,
        );
      }
      await writeFile(path, zip);
    },
    async delete({ session }) {
      const { zip, meta } = keys(session);
      await redis.del(zip, meta);
    },
  };
}
