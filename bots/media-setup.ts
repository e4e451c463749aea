/**
 * Builds the media services from settings (docs/media.md): the store (disk by default, memory, or
 * S3-compatible), the URL signer (its key derived from the Direct Line token key, so every instance
 * signs alike), the per-customer upload limit, and the retention sweep that removes files as old as
 * the transcripts that name them.
 */
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createMediaKit, type MediaKit } from '../adapters/media-intake.js';
import { MEDIA_MAX_BYTES } from '../adapters/media-limits.js';
import { maskForRecord } from '../handoff/privacy/index.js';
import type { RateLimiter } from '../infra/rate-limit.js';
import { createDiskMediaStore } from '../infra/media/disk-media-store.js';
import type { MediaSettings } from '../infra/media/media-settings.js';
import type { MediaStore } from '../infra/media/media-store.js';
import { createMemoryMediaStore } from '../infra/media/memory-media-store.js';
import { createS3MediaStore } from '../infra/media/s3-media-store.js';
import { createMediaSigner } from '../infra/media/signed-urls.js';

export interface MediaSetupOptions {
  readonly settings: MediaSettings & { readonly PUBLIC_URL?: string | undefined; readonly TRANSCRIPT_RETENTION_DAYS: number };
  /** The server secret URL keys derive from (bots/stores.ts `tokenKey`). */
  readonly secret: string;
  readonly uploads?: RateLimiter;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** How often the retention sweep runs; default hourly, 0 never (tests call `sweep`). */
  readonly sweepEveryMs?: number;
}

export interface MediaSetup {
  readonly kit: MediaKit;
  /** Removes files older than the transcript retention; resolves how many. */
  sweep(): Promise<number>;
  stop(): void;
}

/** The store the settings ask for. */
export function mediaStoreFromSettings(settings: MediaSettings, now?: () => number): MediaStore {
  const common = { maxBytes: MEDIA_MAX_BYTES, ...(now ? { now } : {}) };
  if (settings.MEDIA_STORE === 'memory') return createMemoryMediaStore(common);
  if (settings.MEDIA_STORE === 's3')
    return createS3MediaStore({
      ...common,
      endpoint: settings.MEDIA_S3_ENDPOINT!,
      bucket: settings.MEDIA_S3_BUCKET!,
      accessKeyId: settings.MEDIA_S3_ACCESS_KEY_ID!,
      secretAccessKey: settings.MEDIA_S3_SECRET_ACCESS_KEY!,
      region: settings.MEDIA_S3_REGION,
      prefix: settings.MEDIA_S3_PREFIX,
    });
  return createDiskMediaStore({ ...common, dir: settings.MEDIA_DIR ?? join(tmpdir(), 'baton-media') });
}

/** Builds the media services and starts the retention sweep. */
export function setupMedia({ settings, secret, uploads, logger, now = Date.now, sweepEveryMs = 3_600_000 }: MediaSetupOptions): MediaSetup {
  const store = mediaStoreFromSettings(settings, now);
  const signer = createMediaSigner({
    secret: createHmac('sha256', secret).update('baton media').digest('hex'),
    ttlSeconds: settings.MEDIA_URL_TTL_SECONDS,
    ...(settings.PUBLIC_URL ? { baseUrl: settings.PUBLIC_URL } : {}),
    now,
  });
  const kit = createMediaKit({ store, signer, ...(uploads ? { uploads } : {}), maskName: maskForRecord, concurrentUploads: settings.MEDIA_UPLOAD_CONCURRENCY });
  const sweep = () => store.sweep(now() - settings.TRANSCRIPT_RETENTION_DAYS * 86_400_000);
  const timer =
    sweepEveryMs > 0
      ? setInterval(() => {
          sweep().then(
            (count) => count > 0 && logger?.info({ count }, 'media: removed files past the transcript retention'),
            (error: unknown) => logger?.warn({ err: error }, 'media: retention sweep failed; the next one tries again'),
          );
        }, sweepEveryMs)
      : undefined;
  timer?.unref();
  return { kit, sweep, stop: () => clearInterval(timer) };
}
