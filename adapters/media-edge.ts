/**
 * What the platform channels (Telegram, WhatsApp Cloud API, whatsapp-web.js) share around media, on top
 * of the intake kit (media-intake.ts): the largest download a channel allows before the type is known,
 * one bounded fetch-then-accept step with a deadline, reading a stored file back for sending, and the
 * media an outgoing activity carries.
 */
import type { Activity } from '../dialogs/turn-kit.js';
import { mediaOfAttachment, type MediaAttachment } from '../dialogs/media.js';
import { mediaBelongsTo } from '../infra/media/media-store.js';
import type { MediaIntakeResult, MediaKit } from './media-intake.js';
import { mediaLimitFor, type MediaRefusal } from './media-limits.js';

/** A platform download: the bytes, or why there are none. */
export type Fetched = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly refusal: MediaRefusal };

/** The largest file `channel` takes of any kind: what a download may read before the bytes say what it is. */
export function largestDownload(channel: string): number {
  return Math.max(...Object.values(mediaLimitFor(channel).maxBytes));
}

/** Options of `takeIn`. */
export interface TakeInOptions {
  readonly channel: string;
  readonly conversationId: string;
  /** Whose upload budget the file spends, e.g. `telegram:<user id>`. */
  readonly customerKey: string;
  /** The sender's file name, when the platform gives one (shown only; the type comes from the bytes). */
  readonly name?: string;
  /** Fetches the bytes from the platform, reading at most `maxBytes`. */
  readonly fetch: (maxBytes: number) => Promise<Fetched>;
  /** The whole step's deadline (default 30 s): a platform that stalls costs the customer an apology, not the chat. */
  readonly timeoutMs?: number;
}

/**
 * Downloads one customer file (bounded by the channel's largest limit), checks its type from the bytes
 * and stores it through the kit. A failed or slow download is `unavailable`, never a throw.
 * @example const taken = await takeIn(kit, { channel: 'telegram', conversationId, customerKey, fetch: (max) => download(url, max) });
 */
export async function takeIn(
  kit: MediaKit,
  { channel, conversationId, customerKey, name, fetch, timeoutMs = 30_000 }: TakeInOptions,
): Promise<MediaIntakeResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Fetched>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, refusal: { code: 'unavailable' } }), timeoutMs);
  });
  try {
    const fetched = await Promise.race([fetch(largestDownload(channel)).catch((): Fetched => ({ ok: false, refusal: { code: 'unavailable' } })), deadline]);
    if (!fetched.ok) return fetched;
    return await kit.accept({ channel, conversationId, customerKey, bytes: fetched.bytes, ...(name ? { name } : {}) });
  } finally {
    clearTimeout(timer);
  }
}

/** A stored file's bytes and what the store knows of it; undefined when it is gone (erased, expired). */
export async function readStored(kit: MediaKit, mediaId: string): Promise<{ bytes: Buffer; contentType: string; name?: string } | undefined> {
  const object = await kit.store.get(mediaId);
  if (!object) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return { bytes: Buffer.concat(chunks), contentType: object.record.contentType, ...(object.record.name ? { name: object.record.name } : {}) };
}

/**
 * The stored files an outgoing activity carries for `conversationId`; an id of another conversation is
 * left out, so a reply can never send one customer's file to another.
 */
export function outgoingMedia(activity: Partial<Activity>, conversationId: string): MediaAttachment[] {
  return (activity.attachments ?? [])
    .map(mediaOfAttachment)
    .filter((media): media is MediaAttachment => media !== undefined && mediaBelongsTo(media.mediaId, conversationId));
}

/** The activity without its stored files, so the text renderers do not list them as links. */
export function withoutMedia(activity: Partial<Activity>): Partial<Activity> {
  if (!activity.attachments?.length) return activity;
  return { ...activity, attachments: activity.attachments.filter((attachment) => mediaOfAttachment(attachment) === undefined) };
}
