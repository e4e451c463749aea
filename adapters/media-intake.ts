/**
 * How every channel takes a file in (and a desk sends one out): sniff the bytes, check the channel's
 * limits, count the customer's uploads, store it. One implementation, so the web, Telegram, WhatsApp,
 * Bot Framework and the desks refuse the same things with the same words.
 *
 * @example
 * const result = await media.accept({ channel: 'telegram', conversationId, customerKey: `telegram:${userId}`, bytes, name });
 * if (!result.ok) await context.sendActivity(mediaRefusalText(result.refusal, locale));
 * else activity.attachments = [toActivityAttachment(result.media)];
 */
import { createHash } from 'node:crypto';
import type { MediaAttachment } from '../dialogs/media.js';
import { attachmentOf } from '../dialogs/media.js';
import type { RateLimiter } from '../infra/rate-limit.js';
import { type MediaStore, sanitizeFileName } from '../infra/media/media-store.js';
import type { MediaSigner } from '../infra/media/signed-urls.js';
import { sniffMedia } from '../infra/media/sniff.js';
import { MEDIA_MAX_BYTES, type MediaRefusal, mediaRefusalFor } from './media-limits.js';
import { createUploadGate, type UploadGate } from './upload-gate.js';

/** The media services a channel or desk is given (built once in bots/media-setup.ts). */
export interface MediaKit {
  readonly store: MediaStore;
  readonly signer: MediaSigner;
  /** Files per customer (infra/abuse-limits.ts `uploadsPerCustomer`); unlimited when absent. */
  readonly uploads?: RateLimiter;
  /** How many Direct Line uploads this instance reads at once (MEDIA_UPLOAD_CONCURRENCY). */
  readonly uploadGate: UploadGate;
  /** Takes in one file; see the module's example. */
  accept(input: MediaIntakeInput): Promise<MediaIntakeResult>;
}

export interface MediaIntakeInput {
  /** The channel whose limits apply (`activity.channelId`); for an agent's file, the customer's channel. */
  readonly channel: string;
  readonly conversationId: string;
  /** Whose upload budget it spends, e.g. `directline:<user id>`; none for agents. */
  readonly customerKey?: string;
  readonly bytes: Uint8Array;
  /** The sender's file name: sanitized, only ever shown, never trusted for the type. */
  readonly name?: string;
}

export type MediaIntakeResult = { readonly ok: true; readonly media: MediaAttachment } | { readonly ok: false; readonly refusal: MediaRefusal };

/** What `createMediaKit` takes. */
export interface MediaKitOptions {
  readonly store: MediaStore;
  readonly signer: MediaSigner;
  readonly uploads?: RateLimiter;
  /**
   * Masks PII in a file name before it is stored (bots/media-setup.ts passes the transcript's mask): a
   * name travels with the file to Slack, the console and every download, where a caption is masked.
   */
  readonly maskName?: (name: string) => string;
  /** Uploads read at once per instance (MEDIA_UPLOAD_CONCURRENCY); default 4. */
  readonly concurrentUploads?: number;
}

/** Builds the kit around a store and a signer. */
export function createMediaKit({ store, signer, uploads, maskName = (name) => name, concurrentUploads = 4 }: MediaKitOptions): MediaKit {
  return {
    store,
    signer,
    uploadGate: createUploadGate(concurrentUploads),
    ...(uploads ? { uploads } : {}),
    async accept({ channel, conversationId, customerKey, bytes, name }) {
      if (bytes.length > MEDIA_MAX_BYTES) return { ok: false, refusal: { code: 'too_large', limit: MEDIA_MAX_BYTES } };
      const sniffed = await sniffMedia(bytes);
      const refusal = mediaRefusalFor(channel, sniffed, bytes.length);
      if (refusal) return { ok: false, refusal };
      // Counted only for files that would be kept: a refused file costs the customer nothing.
      if (customerKey && uploads && !(await uploads.consume(customerKey)).allowed) return { ok: false, refusal: { code: 'rate_limited' } };
      const sanitized = sanitizeFileName(name);
      const cleanName = sanitized === undefined ? undefined : sanitizeFileName(maskName(sanitized));
      const record = await store.put({
        conversationId,
        bytes,
        contentType: sniffed!.contentType,
        kind: sniffed!.kind,
        ...(cleanName ? { name: cleanName } : {}),
      });
      // Over the bytes already read and bounded above: what a keyed send of the file is tied to.
      return { ok: true, media: { ...attachmentOf(record), sha256: createHash('sha256').update(bytes).digest('hex') } };
    },
  };
}

/**
 * Reads a response body, stopping at `maxBytes` (a platform download, a connector's contentUrl).
 * Resolves undefined when the body is larger: the caller refuses with `too_large`.
 */
export async function readBounded(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null | undefined,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) {
      if ('cancel' in body && typeof body.cancel === 'function') await body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Downloads a file from a platform (Telegram's file path, WhatsApp's media URL, a Bot Framework
 * `contentUrl`), bounded in size and time; refuses anything but http(s).
 * @returns the bytes, or a refusal (`too_large`, `unavailable`).
 */
export async function downloadMedia(
  url: string,
  { headers = {}, maxBytes = MEDIA_MAX_BYTES, timeoutMs = 15_000 }: { headers?: Record<string, string>; maxBytes?: number; timeoutMs?: number } = {},
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; refusal: MediaRefusal }> {
  if (!/^https?:\/\//i.test(url)) return { ok: false, refusal: { code: 'unavailable' } };
  try {
    const response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, refusal: { code: 'unavailable' } };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel();
      return { ok: false, refusal: { code: 'too_large', limit: maxBytes } };
    }
    const bytes = await readBounded(response.body, maxBytes);
    return bytes ? { ok: true, bytes } : { ok: false, refusal: { code: 'too_large', limit: maxBytes } };
  } catch {
    return { ok: false, refusal: { code: 'unavailable' } };
  }
}
