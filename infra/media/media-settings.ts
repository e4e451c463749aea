/**
 * The media settings (docs/media.md), spread into the schema of `config.ts`: where files are kept
 * (local disk or S3-compatible), how long a signed URL works, and the per-customer upload limit.
 * Retention follows the transcript's (TRANSCRIPT_RETENTION_DAYS).
 */
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const mediaSettings = {
  MEDIA_STORE: z
    .enum(['disk', 'memory', 's3'], { error: 'must be disk (the default: MEDIA_DIR), memory (demo and tests) or s3 (MEDIA_S3_* settings)' })
    .default('disk'),
  /** Default: a `baton-media` folder in the system's temporary directory. */
  MEDIA_DIR: optional,
  MEDIA_S3_ENDPOINT: optional.refine((value) => value === undefined || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value), {
    message: 'must be the http(s) URL of the S3 service, e.g. https://s3.eu-central-1.amazonaws.com or http://minio:9000',
  }),
  MEDIA_S3_BUCKET: optional.refine((value) => value === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value), {
    message: 'must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, e.g. baton-media',
  }),
  MEDIA_S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, 'must be a region name like eu-central-1 (MinIO: us-east-1)')
    .default('us-east-1'),
  MEDIA_S3_ACCESS_KEY_ID: optional,
  MEDIA_S3_SECRET_ACCESS_KEY: optional,
  MEDIA_S3_PREFIX: z
    .string()
    .regex(/^([\w.-]+\/)*$/, "must be a key prefix of letters, digits, . - _ ending in '/', e.g. media/")
    .default('media/'),
  MEDIA_URL_TTL_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds, e.g. MEDIA_URL_TTL_SECONDS=300' })
    .int({ error: 'must be a whole number of seconds, e.g. 300' })
    .min(10, { error: 'must be at least 10 seconds, e.g. 300' })
    .max(86_400, { error: 'must be at most 86400 seconds (a day): signed URLs are meant to be short-lived, e.g. 300' })
    .default(300),
  /** Direct Line uploads one instance reads at once; more answer 503 with Retry-After (memory: up to 25 MB each). */
  MEDIA_UPLOAD_CONCURRENCY: z.coerce
    .number({ error: 'must be a whole number, e.g. MEDIA_UPLOAD_CONCURRENCY=4' })
    .int({ error: 'must be a whole number, e.g. 4' })
    .min(1, { error: 'must be at least 1, e.g. 4' })
    .max(64, { error: 'must be at most 64: each upload may hold 25 MB in memory, e.g. 4' })
    .default(4),
};

/** The validated media settings. */
export interface MediaSettings {
  readonly MEDIA_STORE: 'disk' | 'memory' | 's3';
  readonly MEDIA_DIR?: string | undefined;
  readonly MEDIA_S3_ENDPOINT?: string | undefined;
  readonly MEDIA_S3_BUCKET?: string | undefined;
  readonly MEDIA_S3_REGION: string;
  readonly MEDIA_S3_ACCESS_KEY_ID?: string | undefined;
  readonly MEDIA_S3_SECRET_ACCESS_KEY?: string | undefined;
  readonly MEDIA_S3_PREFIX: string;
  readonly MEDIA_URL_TTL_SECONDS: number;
  readonly MEDIA_UPLOAD_CONCURRENCY: number;
}

/** Adds an issue for each S3 setting missing while MEDIA_STORE=s3. */
export function checkMediaSettings(settings: MediaSettings, context: z.RefinementCtx): void {
  if (settings.MEDIA_STORE !== 's3') return;
  for (const name of ['MEDIA_S3_ENDPOINT', 'MEDIA_S3_BUCKET', 'MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY'] as const) {
    if (!settings[name]) context.addIssue({ code: 'custom', path: [name], message: 'is required when MEDIA_STORE=s3 (see docs/media.md, "Storage")' });
  }
}
