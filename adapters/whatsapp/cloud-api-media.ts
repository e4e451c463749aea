/**
 * Stored files as Cloud API messages. The Cloud API shows JPEG and PNG as images, MP4 and 3GPP as
 * videos, AAC, AMR, MP3, M4A and OGG (Opus) as audio; any other file goes as a document with its name.
 * Captions hold 1,024 characters and audio takes none, so a longer text (or one with options) goes
 * first as its own message(s).
 */
import type { MediaAttachment } from '../../dialogs/media.js';
import type { OutgoingContent } from './payload-types.js';

/** Meta's limit on a media caption, in characters. */
export const CAPTION_MAX_LENGTH = 1024;

const IMAGE = new Set(['image/jpeg', 'image/png']);
const VIDEO = new Set(['video/mp4', 'video/3gpp']);
const AUDIO = new Set(['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg']);

/** The message type a sniffed content type goes out as. */
export function messageTypeFor(contentType: string): 'image' | 'video' | 'audio' | 'document' {
  if (IMAGE.has(contentType)) return 'image';
  if (VIDEO.has(contentType)) return 'video';
  if (AUDIO.has(contentType)) return 'audio';
  return 'document';
}

/** One uploaded file: what it is, and the media id Meta gave the upload. */
export interface UploadedFile {
  readonly file: MediaAttachment;
  readonly id: string;
}

/**
 * The messages for an activity's text (already rendered as `textContents`) and its uploaded files, in
 * sending order: the text rides as the caption of a single image, video or document when it fits and
 * offers no options; otherwise the text messages go first.
 */
export function mediaContents({
  text,
  textContents,
  hasOptions,
  uploaded,
}: {
  text: string;
  textContents: readonly OutgoingContent[];
  hasOptions: boolean;
  uploaded: readonly UploadedFile[];
}): OutgoingContent[] {
  const types = uploaded.map(({ file }) => messageTypeFor(file.contentType));
  const asCaption = text !== '' && !hasOptions && uploaded.length === 1 && types[0] !== 'audio' && [...text].length <= CAPTION_MAX_LENGTH;
  const contents: OutgoingContent[] = asCaption ? [] : [...textContents];
  uploaded.forEach(({ file, id }, index) => {
    const caption = asCaption && index === 0 ? { caption: text } : {};
    switch (types[index]) {
      case 'image':
        contents.push({ type: 'image', image: { id, ...caption } });
        break;
      case 'video':
        contents.push({ type: 'video', video: { id, ...caption } });
        break;
      case 'audio':
        contents.push({ type: 'audio', audio: { id } });
        break;
      default:
        contents.push({ type: 'document', document: { id, ...caption, ...(file.name ? { filename: file.name } : {}) } });
    }
  });
  return contents;
}
