/**
 * An agent's (or the bot's) stored files out to Telegram: each file is uploaded with the Bot API method
 * that shows it best (sendPhoto, sendVoice, sendAudio, sendVideo, else sendDocument), as multipart
 * through grammY's `InputFile`. The text goes as the file's caption when it fits (1,024 characters, one
 * file, no buttons); otherwise it goes first as its own message, with its buttons, and the files follow.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import { InputFile, type Api } from 'grammy';
import type { MediaAttachment } from '../../dialogs/media.js';
import { BatonError } from '../../infra/errors.js';
import { outgoingMedia, readStored } from '../media-edge.js';
import type { MediaKit } from '../media-intake.js';
import { callTelegram } from './api-calls.js';
import type { CallbackDataCodec } from './callback-data.js';
import { renderMessage } from './render.js';

/** Telegram's limit on a caption, in characters. */
export const CAPTION_MAX_LENGTH = 1024;

type UploadMethod = 'sendPhoto' | 'sendVoice' | 'sendAudio' | 'sendVideo' | 'sendDocument';

const FIELD: Record<UploadMethod, string> = { sendPhoto: 'photo', sendVoice: 'voice', sendAudio: 'audio', sendVideo: 'video', sendDocument: 'document' };

/**
 * The method for a sniffed type: photos Telegram re-encodes (JPEG, PNG), Opus voice notes (OGG), music it
 * plays (MP3, M4A), streamable video (MP4); anything else goes as a document, unchanged.
 */
export function uploadMethodFor(contentType: string): UploadMethod {
  if (contentType === 'image/jpeg' || contentType === 'image/png') return 'sendPhoto';
  if (contentType === 'audio/ogg') return 'sendVoice';
  if (contentType === 'audio/mpeg' || contentType === 'audio/mp4' || contentType === 'audio/x-m4a') return 'sendAudio';
  if (contentType === 'video/mp4') return 'sendVideo';
  return 'sendDocument';
}

/** Options of `sendFiles`. */
export interface SendFilesOptions {
  api: Api;
  media: MediaKit;
  activity: Partial<Activity>;
  chatId: string;
  codec: CallbackDataCodec;
  replyTo?: number;
}

/**
 * Sends the activity's stored files (and its text); resolves the id of the last message sent, or
 * undefined when the activity carries no stored file of this chat (the caller renders text as usual).
 * @throws BatonError `media_missing` when a file is no longer in the store (erased): nothing was sent.
 * @throws ChannelApiError when Telegram refuses a call.
 */
export async function sendFiles({ api, media, activity, chatId, codec, replyTo }: SendFilesOptions): Promise<string | undefined> {
  const files = outgoingMedia(activity, chatId);
  if (files.length === 0) return undefined;
  // Read them all first: a file gone from the store fails the send before anything reaches the customer.
  const loaded = [];
  for (const file of files) {
    const stored = await readStored(media, file.mediaId);
    if (!stored) throw new BatonError('media_missing', `Telegram: the file ${file.mediaId} is no longer stored (erased or past retention); nothing was sent.`);
    loaded.push({ file, bytes: stored.bytes });
  }
  const text = activity.text?.trim() ?? '';
  const hasButtons = (activity.suggestedActions?.actions?.length ?? 0) > 0;
  const caption = loaded.length === 1 && !hasButtons && text.length <= CAPTION_MAX_LENGTH ? text : '';
  let id = '';
  let threadTo = replyTo;
  if (text && !caption) {
    for (const payload of await renderMessage({ ...activity, attachments: [] }, chatId, codec, threadTo)) {
      const message = await callTelegram('sendMessage', payload, () => api.raw.sendMessage(payload));
      id = String(message.message_id);
    }
    threadTo = undefined;
  }
  for (const [index, { file, bytes }] of loaded.entries()) {
    id = await upload(api, chatId, file, bytes, index === 0 ? caption : '', index === 0 ? threadTo : undefined);
  }
  return id;
}

async function upload(api: Api, chatId: string, file: MediaAttachment, bytes: Buffer, caption: string, replyTo: number | undefined): Promise<string> {
  const method = uploadMethodFor(file.contentType);
  const field = FIELD[method];
  const common = {
    chat_id: chatId,
    ...(caption ? { caption } : {}),
    ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
  };
  const input = new InputFile(bytes, file.name ?? `${file.kind}.${extensionOf(file.contentType)}`);
  // Errors carry what was sent without the bytes.
  const described = { ...common, [field]: file.name ?? file.kind, size: file.size };
  const message = await callTelegram<{ message_id: number }>(method, described, () => {
    switch (method) {
      case 'sendPhoto':
        return api.raw.sendPhoto({ ...common, photo: input });
      case 'sendVoice':
        return api.raw.sendVoice({ ...common, voice: input });
      case 'sendAudio':
        return api.raw.sendAudio({ ...common, audio: input });
      case 'sendVideo':
        return api.raw.sendVideo({ ...common, video: input });
      default:
        return api.raw.sendDocument({ ...common, document: input });
    }
  });
  return String(message.message_id);
}

function extensionOf(contentType: string): string {
  const sub = contentType.split('/')[1] ?? 'bin';
  return { jpeg: 'jpg', mpeg: 'mp3', plain: 'txt', quicktime: 'mov' }[sub] ?? (sub.length <= 5 ? sub : 'bin');
}
