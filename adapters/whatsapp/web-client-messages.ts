/**
 * whatsapp-web.js messages in and out: which incoming messages are for the bot, what they say, the
 * Activity a message becomes, and outgoing Activities as plain texts. WhatsApp Web has no buttons a
 * personal account may send (whatsapp-web.js deprecated them when WhatsApp stopped showing them), so
 * suggested actions always go out as a numbered list, rendered as the Cloud API's numbered fallback.
 */
import { ActivityTypes, type Activity } from '../../dialogs/turn-kit.js';
import { clipField, FIELD_LIMITS } from '../field-limits.js';
import { linkLines, numberedText, optionsOf, splitText, textsFor, type OfferedOption } from './suggested-actions.js';
import { WHATSAPP_WEB_CHANNEL_ID, type WebMessage } from './web-client-types.js';

/** Longest text sent as one message: WhatsApp takes more, but a longer one is hard to read on a phone. */
export const WEB_TEXT_MAX = 4096;

/** Kinds that carry nothing to answer: notices, deletions, reactions, encryption changes. */
const IGNORED_TYPES = new Set([
  'revoked',
  'e2e_notification',
  'notification',
  'notification_template',
  'gp2',
  'protocol',
  'reaction',
  'call_log',
  'ciphertext',
  'debug',
  'broadcast_notification',
  'group_notification',
  'unknown',
]);

/** Message types that carry a file Baton takes in; 'ptt' is a voice note ("push to talk"). */
const FILE_TYPES: Readonly<Record<string, 'image' | 'audio' | 'video' | 'document'>> = {
  image: 'image',
  ptt: 'audio',
  audio: 'audio',
  video: 'video',
  document: 'document',
};

/** What a message means to the bot. */
export type WebInbound =
  | { kind: 'text'; text: string }
  /** A photo, voice note, audio, video or document: downloaded, checked and stored before the turn. */
  | { kind: 'media'; type: 'image' | 'audio' | 'video' | 'document'; caption?: string; filename?: string; announcedSize?: number }
  /** A sticker: refused politely. */
  | { kind: 'sticker' }
  /** Media, a location, a contact card…: the customer is told only text is understood. */
  | { kind: 'unsupported'; type: string; caption?: string }
  /** A text over `FIELD_LIMITS.text`: the customer is asked for a shorter one; nothing is stored. */
  | { kind: 'too_long'; length: number; limit: number }
  /** Not for the bot: our own messages, status updates, groups, channels, system notices. */
  | { kind: 'ignored'; reason: string };

/** Classifies a message. Groups are left alone: the bot answers people who write to the business. */
export function readWebMessage(message: WebMessage): WebInbound {
  const { from, type } = message;
  if (message.fromMe) return { kind: 'ignored', reason: 'from_me' };
  if (message.isStatus || from === 'status@broadcast') return { kind: 'ignored', reason: 'status' };
  if (/@(g\.us|newsletter|broadcast)$/.test(from)) return { kind: 'ignored', reason: 'not_a_person' };
  if (IGNORED_TYPES.has(type)) return { kind: 'ignored', reason: type };
  // Answers to legacy buttons and lists carry the chosen title as their body, like typed text.
  if (type === 'chat' || type === 'buttons_response' || type === 'list_response' || type === 'template_button_reply') {
    if (message.body.length > FIELD_LIMITS.text) return { kind: 'too_long', length: message.body.length, limit: FIELD_LIMITS.text };
    return message.body.trim() ? { kind: 'text', text: message.body } : { kind: 'ignored', reason: 'empty' };
  }
  const caption = clipField(message.body, FIELD_LIMITS.caption);
  if (type === 'sticker') return { kind: 'sticker' };
  const fileType = FILE_TYPES[type];
  if (fileType && message.hasMedia && typeof message.downloadMedia === 'function') {
    const size = message._data?.size;
    const name = message._data?.filename;
    const filename = typeof name === 'string' && name.trim() ? clipField(name, FIELD_LIMITS.name) : undefined;
    return {
      kind: 'media',
      type: fileType,
      ...(caption.trim() ? { caption } : {}),
      ...(filename ? { filename } : {}),
      ...(typeof size === 'number' && Number.isFinite(size) ? { announcedSize: size } : {}),
    };
  }
  return { kind: 'unsupported', type, ...(caption.trim() ? { caption } : {}) };
}

/** Where activities of this transport come from: the account's client id. */
export interface WebOrigin {
  clientId: string;
}

/** The Activity for a customer's text: `id` is the message id, the conversation and sender the chat id. */
export function toWebActivity(message: WebMessage, text: string, { clientId }: WebOrigin): Partial<Activity> {
  // Cut to FIELD_LIMITS.name: the name is stored, shown to agents and masked on every read.
  const name = clipField(message._data?.notifyName ?? '', FIELD_LIMITS.name);
  const seconds = Number(message.timestamp);
  return {
    type: ActivityTypes.Message,
    id: message.id._serialized,
    channelId: WHATSAPP_WEB_CHANNEL_ID,
    // Not a URL anyone calls: replies go through the leader's browser, found by the client id.
    serviceUrl: `urn:whatsapp-web:${clientId}`,
    timestamp: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(),
    conversation: { id: message.from, isGroup: false, conversationType: 'personal', name },
    from: { id: message.from, name, role: 'user' },
    recipient: { id: clientId, name: '', role: 'bot' },
    text,
    textFormat: 'plain',
    // Plain fields only: the library's Message holds its client (and a browser page), which must never
    // reach the transcript or the state store.
    channelData: { whatsappWeb: { id: message.id._serialized, type: message.type, timestamp: message.timestamp } },
  };
}

/** An outgoing activity as WhatsApp Web texts. */
export interface RenderedWebActivity {
  texts: string[];
  /** The options shown as a numbered list, for the option store. */
  numberedOptions?: OfferedOption[];
}

/** Renders a message activity: text, link actions and attachment URLs, options as a numbered list. */
export function renderWebActivity(activity: Partial<Activity>, fallbackLocale = 'en'): RenderedWebActivity {
  const extras = [
    ...linkLines(activity),
    ...(activity.attachments ?? []).flatMap((attachment) =>
      attachment.contentUrl ? [attachment.name ? `${attachment.name}: ${attachment.contentUrl}` : attachment.contentUrl] : [],
    ),
  ];
  const text = [activity.text?.trim() ?? '', ...extras].filter(Boolean).join('\n');
  const options = optionsOf(activity);
  if (options.length === 0) return { texts: text ? splitText(text, WEB_TEXT_MAX) : [] };
  return { texts: splitText(numberedText(text, options, textsFor(activity.locale, text, fallbackLocale)), WEB_TEXT_MAX), numberedOptions: options };
}
