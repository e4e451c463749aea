/**
 * The engine's attachment model: a photo, voice note, video or document a customer or an agent sent,
 * stored in the media store (infra/media) and carried on the Activity as an attachment that names it
 * by id. The message's `text` is the caption. Channels build these (adapters/media-intake.ts) and render
 * them back (a signed URL on the web, an upload on Telegram, WhatsApp and Slack); the transcript keeps
 * the reference, never the bytes or a URL.
 *
 * On an Activity: `{ contentType, name, content: { baton: 'media', mediaId, kind, size } }`. The
 * `baton` mark is the server's: Direct Line and Bot Framework refuse it from clients
 * (dialogs/server-markers.ts), and `mediaOf` keeps only ids of the activity's own conversation.
 */
import type { Activity, Attachment, TurnContext } from './turn-kit.js';
import { type MediaKind, type MediaRecord, mediaBelongsTo } from '../infra/media/media-store.js';

export type { MediaKind } from '../infra/media/media-store.js';

/** Value of `content.baton` on a media attachment. */
export const MEDIA_MARK = 'media';

/** One stored file on a message. */
export interface MediaAttachment {
  readonly mediaId: string;
  readonly kind: MediaKind;
  /** Sniffed from the bytes. */
  readonly contentType: string;
  readonly size: number;
  /** Sanitized file name, when the sender gave one. */
  readonly name?: string;
  /**
   * SHA-256 of the bytes (hex), set by the intake that stored them (adapters/media-intake.ts): ties an
   * agent's idempotency key to the file's content. Never carried on an Activity.
   */
  readonly sha256?: string;
}

/** The attachment of a stored record. */
export function attachmentOf(record: MediaRecord): MediaAttachment {
  return { mediaId: record.id, kind: record.kind, contentType: record.contentType, size: record.size, ...(record.name ? { name: record.name } : {}) };
}

/**
 * The Activity attachment for `media`. `contentUrl` only where a channel renders it (the web's signed
 * URL); never on what the transcript logs.
 */
export function toActivityAttachment(media: MediaAttachment, contentUrl?: string): Attachment {
  return {
    contentType: media.contentType,
    ...(media.name ? { name: media.name } : {}),
    ...(contentUrl ? { contentUrl } : {}),
    content: { baton: MEDIA_MARK, mediaId: media.mediaId, kind: media.kind, size: media.size },
  };
}

const KINDS: readonly string[] = ['image', 'audio', 'video', 'document'];

/** Reads one attachment as media, or undefined when it is not Baton's. */
export function mediaOfAttachment(attachment: Partial<Attachment> | undefined): MediaAttachment | undefined {
  const content = attachment?.content as Record<string, unknown> | undefined;
  if (typeof content !== 'object' || content === null || content.baton !== MEDIA_MARK) return undefined;
  const { mediaId, kind, size } = content;
  if (typeof mediaId !== 'string' || typeof kind !== 'string' || !KINDS.includes(kind) || typeof size !== 'number') return undefined;
  const contentType = typeof attachment?.contentType === 'string' ? attachment.contentType : 'application/octet-stream';
  return { mediaId, kind: kind as MediaKind, contentType, size, ...(typeof attachment?.name === 'string' ? { name: attachment.name } : {}) };
}

/** The media on an activity that belong to its conversation (any other id is ignored). */
export function mediaOf(activity: Partial<Activity>): MediaAttachment[] {
  const conversationId = activity.conversation?.id;
  if (!conversationId) return [];
  return (activity.attachments ?? [])
    .map(mediaOfAttachment)
    .filter((media): media is MediaAttachment => media !== undefined && mediaBelongsTo(media.mediaId, conversationId));
}

/** The media the customer sent with this turn's message. */
export function turnMedia(context: TurnContext): MediaAttachment[] {
  return mediaOf(context.activity);
}
