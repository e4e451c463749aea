/**
 * Short-lived signed URLs for media: `<base>/media/<id>?exp=<epoch s>&sig=<HMAC>`. The HMAC-SHA256 of
 * the id and the expiry under a server secret, so a URL cannot be altered, extended or made up, and
 * stops working at `exp`. Nothing else opens a file: media are never public.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseMediaId } from './media-store.js';
import { withoutTrailingSlashes } from '../text-ends.js';

/** Where signed media URLs are served, under the public URL. */
export const MEDIA_PATH = '/media';

export interface MediaSignerOptions {
  /** At least 16 characters; every instance must use the same (bots/stores.ts derives it from the token key). */
  readonly secret: string;
  /** How long a URL works; default 300 s. */
  readonly ttlSeconds?: number;
  /** Absolute URLs start with this (e.g. PUBLIC_URL); without it URLs are paths ('/media/...'). */
  readonly baseUrl?: string;
  readonly now?: () => number;
}

/** Why a URL was refused. */
export type MediaUrlRefusal = 'malformed' | 'expired' | 'bad_signature';

export interface MediaSigner {
  readonly ttlSeconds: number;
  /** A URL that opens `mediaId` until `ttlSeconds` (or the given lifetime) from now. */
  url(mediaId: string, options?: { readonly ttlSeconds?: number; readonly download?: boolean }): string;
  /** Checks a URL's parts; `ok` only for an untampered, unexpired URL of a well-formed id. */
  verify(mediaId: string, exp: unknown, sig: unknown, download?: unknown): { readonly ok: true } | { readonly ok: false; readonly reason: MediaUrlRefusal };
}

/**
 * Builds the signer.
 * @example
 * const signer = createMediaSigner({ secret: tokenKey, baseUrl: 'https://shop.example' });
 * signer.url(record.id) // 'https://shop.example/media/AbC...?exp=1765000000&sig=...'
 */
export function createMediaSigner({ secret, ttlSeconds = 300, baseUrl = '', now = Date.now }: MediaSignerOptions): MediaSigner {
  if (secret.length < 16) throw new Error('The media URL secret is too short: use at least 16 random characters.');
  const key = createHmac('sha256', secret).update('baton media urls v1').digest();
  const mac = (mediaId: string, exp: number, download: boolean) =>
    createHmac('sha256', key)
      .update(`${mediaId}\n${exp}\n${download ? 'd' : 'i'}`)
      .digest('base64url');
  const base = withoutTrailingSlashes(baseUrl);
  return {
    ttlSeconds,
    url(mediaId, options = {}) {
      const exp = Math.floor(now() / 1000) + (options.ttlSeconds ?? ttlSeconds);
      const download = options.download === true;
      return `${base}${MEDIA_PATH}/${encodeURIComponent(mediaId)}?exp=${exp}${download ? '&dl=1' : ''}&sig=${mac(mediaId, exp, download)}`;
    },
    verify(mediaId, exp, sig, download) {
      if (!parseMediaId(mediaId) || typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || sig.length > 64)
        return { ok: false, reason: 'malformed' };
      const expected = Buffer.from(mac(mediaId, Number(exp), download === '1'));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
      if (Number(exp) * 1000 <= now()) return { ok: false, reason: 'expired' };
      return { ok: true };
    },
  };
}
