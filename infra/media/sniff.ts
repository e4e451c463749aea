/**
 * What a file is, read from its bytes (magic numbers, via `file-type`), never from the name or the
 * content type the sender claimed. Text without a signature is recognised as text/plain only when it
 * is valid UTF-8 without control characters; anything else unknown is refused by the limits.
 */
import { fileTypeFromBuffer } from 'file-type';
import type { MediaKind } from './media-store.js';

/** The sniffed type of a file. */
export interface SniffedType {
  /** e.g. 'image/png', 'audio/ogg', 'application/pdf' (parameters removed). */
  readonly contentType: string;
  readonly kind: MediaKind;
  /** The usual extension, e.g. 'png'. */
  readonly ext: string;
}

/** The kind a content type renders as. */
export function kindOf(contentType: string): MediaKind {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  return 'document';
}

const TEXT_SAMPLE = 64 * 1024;

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const sample = bytes.subarray(0, TEXT_SAMPLE);
  let text: string;
  try {
    // A cut in the middle of a character at the sample's end is no reason to refuse.
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample.length < bytes.length ? sample.subarray(0, sample.length - 4) : sample);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mean binary
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/**
 * The type of `bytes`, or undefined when it cannot be told.
 * @example await sniffMedia(pngBytes) // { contentType: 'image/png', kind: 'image', ext: 'png' }
 */
export async function sniffMedia(bytes: Uint8Array): Promise<SniffedType | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    const contentType = found.mime.split(';')[0]!.trim().toLowerCase();
    return { contentType, kind: kindOf(contentType), ext: found.ext };
  }
  return looksLikeText(bytes) ? { contentType: 'text/plain', kind: 'document', ext: 'txt' } : undefined;
}
