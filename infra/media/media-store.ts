/**
 * The media store contract: photos, voice notes, videos and documents customers and agents send,
 * kept apart from the transcript (which holds only a reference, the media id). Two implementations
 * behind it: local disk (the default, one instance or a shared volume) and S3-compatible (production:
 * AWS S3, MinIO, R2...), plus one in memory for tests.
 *
 * A media id is `<conversation tag>.<random>`: the tag is derived from the conversation id, so the
 * media of one conversation can be found and erased together, and anyone holding an attachment can
 * check it belongs to the conversation it came with (`mediaBelongsTo`); the random part (128 bits)
 * makes ids unguessable. Ids are never served as is: only through signed URLs (signed-urls.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What a file is, for rendering: a thumbnail, a player, or a download link. */
export type MediaKind = 'image' | 'audio' | 'video' | 'document';

/** What the store keeps about one file besides its bytes. */
export interface MediaRecord {
  readonly id: string;
  readonly conversationId: string;
  readonly kind: MediaKind;
  /** Sniffed from the bytes (sniff.ts), never the client's word. */
  readonly contentType: string;
  /** Bytes. */
  readonly size: number;
  /** A sanitized file name for downloads (sanitizeFileName), when the sender gave one. */
  readonly name?: string;
  /** Epoch ms. */
  readonly createdAt: number;
}

/** What `put` takes: the bytes and what was checked about them. */
export interface MediaInput {
  readonly conversationId: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly kind: MediaKind;
  readonly name?: string;
}

/** Stored bytes, streamed. */
export interface MediaObject {
  readonly record: MediaRecord;
  readonly body: Readable;
}

/**
 * Where media bytes live. Every method is safe to retry; `delete*` of something absent is no error.
 * `put` refuses more than the store's own ceiling (`MediaTooLargeError`); channel limits are checked
 * before it (adapters/media-limits.ts).
 */
export interface MediaStore {
  /** Stores the bytes under a new id. */
  put(input: MediaInput): Promise<MediaRecord>;
  /** The record and a stream of the bytes; undefined when the id is unknown, malformed or expired away. */
  get(id: string): Promise<MediaObject | undefined>;
  /** The record only. */
  stat(id: string): Promise<MediaRecord | undefined>;
  /** Removes one file; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Removes every file of a conversation (erase); resolves how many. */
  deleteConversation(conversationId: string): Promise<number>;
  /** Removes files created before `before` (epoch ms): retention, with the transcript's. Resolves how many. */
  sweep(before: number): Promise<number>;
}

/** `put` was handed more than the store's ceiling. */
export class MediaTooLargeError extends Error {
  override readonly name = 'MediaTooLargeError';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`The file is ${size} bytes; this media store keeps at most ${limit}. Check the channel limits before storing.`);
  }
}

/** The tag every media id of a conversation starts with (sha-256 of the id, 16 base64url characters). */
export function conversationTag(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('base64url').slice(0, 16);
}

/** A new id for a file of `conversationId`. */
export function newMediaId(conversationId: string): string {
  return `${conversationTag(conversationId)}.${randomBytes(16).toString('base64url')}`;
}

const MEDIA_ID = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/;

/** The id's two parts, or undefined when it is not a media id (anything else is refused before any I/O). */
export function parseMediaId(id: unknown): { readonly tag: string; readonly key: string } | undefined {
  if (typeof id !== 'string') return undefined;
  const match = MEDIA_ID.exec(id);
  return match ? { tag: match[1]!, key: match[2]! } : undefined;
}

/** True when `id` is a media id of `conversationId`'s: a client cannot attach another conversation's file. */
export function mediaBelongsTo(id: string, conversationId: string): boolean {
  return parseMediaId(id)?.tag === conversationTag(conversationId);
}

/**
 * A file name safe to store and to put in a Content-Disposition header: the base name only, control
 * and path characters replaced, at most 100 characters; undefined when nothing usable is left.
 * @example sanitizeFileName('../../etc/passwd\u0000.png') // 'passwd_.png'
 */
export function sanitizeFileName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const base = name.slice(0, 1024).split(/[\\/]/).pop() ?? '';
  const unsafe = (c: string) => c < ' ' || c === '\u007f' || '"<>|:*?;'.includes(c);
  const cleaned = Array.from(base, (c) => (unsafe(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '')
    .trim();
  return cleaned ? cleaned.slice(-100) : undefined;
}
