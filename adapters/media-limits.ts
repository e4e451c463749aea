/**
 * What each channel lets through, both ways (customer to bot and agent to customer): the largest file
 * per kind and the content types allowed, as sniffed from the bytes. One table, beside the field limits
 * (field-limits.ts), so a platform's rule is changed in one place. Sizes follow each platform's own
 * ceilings (Telegram's bots download at most 20 MB; WhatsApp takes images up to 5 MB, audio and video
 * up to 16 MB) and stay modest on the web, where Baton pays for the storage.
 */
import type { MediaKind } from '../infra/media/media-store.js';
import type { SniffedType } from '../infra/media/sniff.js';

const MB = 2 ** 20;

const IMAGES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const AUDIO = ['audio/mpeg', 'audio/ogg', 'audio/mp4', 'audio/x-m4a', 'audio/aac', 'audio/wav', 'audio/x-wav', 'audio/amr', 'audio/webm'];
const VIDEO = ['video/mp4', 'video/webm', 'video/quicktime', 'video/3gpp'];
const DOCUMENTS = [
  'application/pdf',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** One channel's media rule. */
export interface MediaLimit {
  /** Bytes per kind. */
  readonly maxBytes: Readonly<Record<MediaKind, number>>;
  /** Sniffed content types allowed. */
  readonly types: readonly string[];
  /** Files on one message. */
  readonly perMessage: number;
}

const perKind = (image: number, audio: number, video: number, document: number) => ({ image, audio, video, document });

/** The table, by channel id (`activity.channelId`); `default` for any other (Bot Framework relays many). */
export const MEDIA_LIMITS: Readonly<Record<string, MediaLimit>> = {
  directline: { maxBytes: perKind(10 * MB, 10 * MB, 20 * MB, 10 * MB), types: [...IMAGES, ...AUDIO, ...VIDEO, ...DOCUMENTS], perMessage: 5 },
  telegram: { maxBytes: perKind(10 * MB, 20 * MB, 20 * MB, 20 * MB), types: [...IMAGES, ...AUDIO, ...VIDEO, ...DOCUMENTS], perMessage: 10 },
  whatsapp: {
    maxBytes: perKind(5 * MB, 16 * MB, 16 * MB, 20 * MB),
    types: ['image/jpeg', 'image/png', 'image/webp', 'audio/mpeg', 'audio/ogg', 'audio/mp4', 'audio/aac', 'audio/amr', 'video/mp4', 'video/3gpp', ...DOCUMENTS],
    perMessage: 1,
  },
  'whatsapp-web': { maxBytes: perKind(5 * MB, 16 * MB, 16 * MB, 20 * MB), types: [...IMAGES, ...AUDIO, ...VIDEO, ...DOCUMENTS], perMessage: 1 },
  slack: { maxBytes: perKind(20 * MB, 20 * MB, 20 * MB, 20 * MB), types: [...IMAGES, ...AUDIO, ...VIDEO, ...DOCUMENTS], perMessage: 5 },
  default: { maxBytes: perKind(10 * MB, 10 * MB, 10 * MB, 10 * MB), types: [...IMAGES, ...AUDIO, ...VIDEO, ...DOCUMENTS], perMessage: 5 },
};

/** The largest file any channel takes: the media store's own ceiling and the upload body limit. */
export const MEDIA_MAX_BYTES = Math.max(...Object.values(MEDIA_LIMITS).flatMap((limit) => Object.values(limit.maxBytes)));

/** The rule of `channel`. */
export function mediaLimitFor(channel: string): MediaLimit {
  // Own keys only: a channel id such as 'constructor' must not read Object.prototype.
  return (Object.hasOwn(MEDIA_LIMITS, channel) ? MEDIA_LIMITS[channel] : undefined) ?? MEDIA_LIMITS.default!;
}

/** Why a file was refused. `rate_limited`: the customer sent too many files lately. */
export type MediaRefusalCode = 'empty' | 'unknown_type' | 'type_not_allowed' | 'too_large' | 'too_many' | 'rate_limited' | 'unavailable';

export interface MediaRefusal {
  readonly code: MediaRefusalCode;
  /** The limit broken: bytes for `too_large`, files for `too_many`. */
  readonly limit?: number;
  readonly kind?: MediaKind;
}

/** Checks a sniffed file against `channel`'s rule; undefined when it may pass. */
export function mediaRefusalFor(channel: string, sniffed: SniffedType | undefined, size: number): MediaRefusal | undefined {
  if (size === 0) return { code: 'empty' };
  if (!sniffed) return { code: 'unknown_type' };
  const limit = mediaLimitFor(channel);
  if (!limit.types.includes(sniffed.contentType)) return { code: 'type_not_allowed', kind: sniffed.kind };
  const max = limit.maxBytes[sniffed.kind];
  return size > max ? { code: 'too_large', limit: max, kind: sniffed.kind } : undefined;
}

const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

/**
 * What the customer (or the agent) is told when a file is refused, in `locale` ('zh...' or English).
 * @example mediaRefusalText({ code: 'too_large', limit: 5 * 2 ** 20, kind: 'image' }, 'en') // 'That image is too large: ...'
 */
export function mediaRefusalText(refusal: MediaRefusal, locale: string): string {
  const zh = locale.toLowerCase().startsWith('zh');
  const kindEn = { image: 'image', audio: 'audio file', video: 'video', document: 'file' }[refusal.kind ?? 'document'];
  const kindZh = { image: '图片', audio: '音频', video: '视频', document: '文件' }[refusal.kind ?? 'document'];
  switch (refusal.code) {
    case 'too_large':
      return zh
        ? `这个${kindZh}太大了：最多 ${megabytes(refusal.limit ?? 0)}。请压缩后再发，或者用文字描述一下。`
        : `That ${kindEn} is too large: the limit is ${megabytes(refusal.limit ?? 0)}. Please send a smaller one, or describe it in words.`;
    case 'type_not_allowed':
    case 'unknown_type':
      return zh
        ? '抱歉，这种文件我们收不了。可以发照片（JPG、PNG）、语音、视频或 PDF 文件。'
        : 'Sorry, we cannot take that kind of file. You can send photos (JPG, PNG), voice notes, videos or PDF documents.';
    case 'too_many':
      return zh ? `一条消息最多 ${refusal.limit ?? 1} 个文件，请分开发送。` : `Please send at most ${refusal.limit ?? 1} file(s) per message.`;
    case 'rate_limited':
      return zh ? '您最近发送的文件太多了，请稍后再发。' : 'You have sent a lot of files recently; please wait a little before sending more.';
    case 'empty':
      return zh ? '这个文件是空的，请重新发送。' : 'That file was empty; please send it again.';
    case 'unavailable':
      return zh
        ? '抱歉，文件暂时无法接收，请稍后再试，或者用文字描述。'
        : 'Sorry, we could not receive that file just now. Please try again shortly, or describe it in words.';
  }
}
