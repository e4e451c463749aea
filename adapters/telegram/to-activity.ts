/**
 * Telegram update → botbuilder Activity, as a pure function (no I/O), so every rule below is a unit test.
 *
 * - The Activity id is the `update_id`: stable across Telegram's redeliveries (so the pipeline's dedupe
 *   works) and distinct for an edit, which keeps the `message_id` of the message it changes.
 * - An edited text message is a new message: customers edit to fix a typo, most often in the order
 *   number the bot just asked for, and answering the corrected text is what an agent would do.
 * - A message without text (sticker, voice note, location...) becomes a message Activity with no text and
 *   an attachment naming its kind; the channel answers it (see `text-only.ts`) after the handoff gate,
 *   so a conversation a human owns still relays it to the agent. A caption counts as text.
 * - In groups only messages addressed to the bot count: a mention, a reply to the bot, a /command.
 * - `/start` (and a bare mention) become a `conversationUpdate` so the bot greets, as on the web.
 * - A button press is a message whose text is the button's callback data (decoded by the adapter).
 */
import { ActivityTypes, type Activity, type ChannelAccount } from '../../dialogs/turn-kit.js';
import type { Message, MessageEntity, Update, User } from 'grammy/types';
import { clipField, FIELD_LIMITS } from '../field-limits.js';
import { MEDIA_KINDS, TELEGRAM_CHANNEL_ID, mediaContentType, type MediaKind, type TelegramChannelData, type UserFromGetMe } from './payload-types.js';

/** Why an update runs no turn. */
export type IgnoreReason =
  | 'unsupported_update'
  | 'no_sender'
  | 'from_a_bot'
  | 'not_addressed'
  | 'edited_without_text'
  | 'service_message'
  | 'button_without_message';

/**
 * A file the customer sent that Baton can take in (photo, voice note, audio, video, document): the adapter
 * fetches it with getFile, checks it from the bytes and stores it before the turn runs.
 */
export interface InboundFile {
  readonly fileId: string;
  /** Telegram's announced size, when given: a file announced over the limit is refused without a download. */
  readonly size?: number;
  /** The sender's file name (documents, audio, videos), clipped; shown only, never trusted for the type. */
  readonly name?: string;
  /** What Telegram says it is: the words of a refusal before any byte is read. */
  readonly kind: 'image' | 'audio' | 'video' | 'document';
}

/** What an update means for the bot. */
export type Inbound =
  | { kind: 'turn'; chatId: string; activity: Partial<Activity>; callbackQueryId?: string; file?: InboundFile }
  /** A text or caption over its limit (`adapters/field-limits.ts`): the customer is asked to send less. */
  | { kind: 'too_long'; chatId: string; activity: Partial<Activity>; length: number; limit: number }
  | { kind: 'ignored'; reason: IgnoreReason };

/**
 * Telegram sends at most 100 entities per message; a forged update with more is cut there, so the
 * mention scan stays proportional to the text.
 */
const MAX_ENTITIES = 100;

const ignored = (reason: IgnoreReason): Inbound => ({ kind: 'ignored', reason });

/**
 * Translates one update. `serviceUrl` is recorded on the Activity (the Bot API root), so a stored
 * ConversationReference says where the conversation lives.
 */
export function toInbound(update: Update, me: UserFromGetMe, serviceUrl: string): Inbound {
  if (update.message) return fromMessage(update.update_id, update.message, me, serviceUrl, false);
  if (update.edited_message) return fromMessage(update.update_id, update.edited_message, me, serviceUrl, true);
  const query = update.callback_query;
  if (!query) return ignored('unsupported_update');
  // Buttons of inline-mode messages have no chat to answer in; games carry no data.
  if (!query.message || query.data === undefined) return ignored('button_without_message');
  if (query.from.is_bot) return ignored('from_a_bot');
  const chat = query.message.chat;
  const channelData: TelegramChannelData = { updateId: update.update_id, messageId: query.message.message_id, chatType: chat.type, callbackQueryId: query.id };
  const activity = base(update.update_id, chat, query.from, me, serviceUrl, new Date(), channelData);
  return { kind: 'turn', chatId: String(chat.id), callbackQueryId: query.id, activity: { ...activity, type: ActivityTypes.Message, text: query.data } };
}

function fromMessage(updateId: number, message: Message, me: UserFromGetMe, serviceUrl: string, edited: boolean): Inbound {
  const user = message.from;
  // Anonymous group admins and linked channels post as a chat, not a person: nobody to serve.
  if (!user || message.sender_chat) return ignored('no_sender');
  if (user.is_bot) return ignored('from_a_bot');
  const raw = message.text ?? message.caption;
  const entities = ((message.text !== undefined ? message.entities : message.caption_entities) ?? []).slice(0, MAX_ENTITIES);
  const media = MEDIA_KINDS.find((kind) => message[kind] !== undefined);
  if (raw === undefined && !media) return ignored('service_message');
  if (edited && raw === undefined) return ignored('edited_without_text');

  const command = leadingCommand(raw ?? '', entities);
  if (command?.target && command.target.toLowerCase() !== me.username.toLowerCase()) return ignored('not_addressed');
  const mentioned = entities.some((entity) => isMentionOf(entity, raw ?? '', me));
  const repliedToBot = message.reply_to_message?.from?.id === me.id;
  if (message.chat.type !== 'private' && !command && !mentioned && !repliedToBot) return ignored('not_addressed');
  // Telegram caps texts at 4,096 and captions at 1,024, but a body forged by a proxy or the secret's
  // holder can carry anything: a longer one is answered, never run through the NLU or stored.
  const limit = message.text !== undefined ? FIELD_LIMITS.text : FIELD_LIMITS.caption;
  if (raw !== undefined && raw.length > limit) {
    const activity = base(updateId, message.chat, user, me, serviceUrl, new Date(message.date * 1000), {
      updateId,
      messageId: message.message_id,
      chatType: message.chat.type,
    });
    return { kind: 'too_long', chatId: String(message.chat.id), activity: { ...activity, type: ActivityTypes.Message }, length: raw.length, limit };
  }

  const text = command ? commandText(command) : withoutMentions(raw ?? '', entities, me);
  const channelData: TelegramChannelData = {
    updateId,
    messageId: message.message_id,
    chatType: message.chat.type,
    ...(edited ? { edited: true as const } : {}),
    ...(media && !text ? { media } : {}),
  };
  const timestamp = new Date((message.edit_date ?? message.date) * 1000);
  const activity = base(updateId, message.chat, user, me, serviceUrl, timestamp, channelData);
  const greets = command?.name === 'start' || (mentioned && !text && !media);
  if (greets)
    return { kind: 'turn', chatId: String(message.chat.id), activity: { ...activity, type: ActivityTypes.ConversationUpdate, membersAdded: [activity.from!] } };
  // An edit changes only the caption: the file was taken in with the first delivery.
  const file = media && !edited ? inboundFile(message, media) : undefined;
  return {
    kind: 'turn',
    chatId: String(message.chat.id),
    activity: { ...activity, type: ActivityTypes.Message, ...(text ? { text } : {}), ...(media ? { attachments: [mediaAttachment(message, media)] } : {}) },
    ...(file ? { file } : {}),
  };
}

const FILE_KINDS: Partial<Record<MediaKind, InboundFile['kind']>> = {
  photo: 'image',
  voice: 'audio',
  audio: 'audio',
  video: 'video',
  video_note: 'video',
  animation: 'video',
  document: 'document',
};

/** The file of a photo, voice note, audio, video or document message; stickers, places, polls... have none worth keeping. */
function inboundFile(message: Message, media: MediaKind): InboundFile | undefined {
  const kind = FILE_KINDS[media];
  if (!kind) return undefined;
  const value = message[media] as unknown;
  // A photo comes in several sizes, smallest first: the largest is what the customer saw.
  const file = (Array.isArray(value) ? value.at(-1) : value) as { file_id?: unknown; file_size?: unknown; file_name?: unknown } | undefined;
  if (typeof file?.file_id !== 'string' || file.file_id.length > FIELD_LIMITS.shortString) return undefined;
  const name = typeof file.file_name === 'string' ? clipField(file.file_name, FIELD_LIMITS.name) : undefined;
  return {
    fileId: file.file_id,
    kind,
    ...(typeof file.file_size === 'number' && Number.isFinite(file.file_size) ? { size: file.file_size } : {}),
    ...(name ? { name } : {}),
  };
}

function base(
  updateId: number,
  chat: Message['chat'],
  user: User,
  me: UserFromGetMe,
  serviceUrl: string,
  timestamp: Date,
  channelData: TelegramChannelData,
): Partial<Activity> {
  // Names are cut to FIELD_LIMITS.name: they are stored, shown to agents and masked on every read.
  const from: ChannelAccount = {
    id: String(user.id),
    name: clipField([user.first_name, user.last_name].filter(Boolean).join(' '), FIELD_LIMITS.name),
    role: 'user',
  };
  return {
    id: String(updateId),
    channelId: TELEGRAM_CHANNEL_ID,
    serviceUrl,
    timestamp,
    conversation: {
      id: String(chat.id),
      isGroup: chat.type !== 'private',
      conversationType: chat.type,
      name: clipField(('title' in chat ? chat.title : undefined) ?? '', FIELD_LIMITS.name),
    },
    from,
    recipient: { id: String(me.id), name: me.username, role: 'bot' },
    // Telegram's app language ('en', 'zh-hans'): the language middleware uses it until the customer writes.
    ...(user.language_code ? { locale: clipField(user.language_code, FIELD_LIMITS.locale) } : {}),
    textFormat: 'plain',
    channelData,
  };
}

interface Command {
  name: string;
  target?: string;
  rest: string;
}

/** A `/command` at the start of the text, e.g. `/track@shop_bot A1001`. */
function leadingCommand(text: string, entities: readonly MessageEntity[]): Command | undefined {
  const entity = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return undefined;
  const [name, target] = text.slice(1, entity.length).split('@');
  return { name: name.toLowerCase(), target, rest: text.slice(entity.length).trim() };
}

/** `/talk_to_human please` → 'talk to human please': commands cannot hold spaces, the NLU wants words. */
function commandText({ name, rest }: Command): string {
  return [name.replace(/_/g, ' '), rest].filter(Boolean).join(' ');
}

function isMentionOf(entity: MessageEntity, text: string, me: UserFromGetMe): boolean {
  if (entity.type === 'text_mention') return entity.user.id === me.id;
  return entity.type === 'mention' && text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === `@${me.username.toLowerCase()}`;
}

/** The text with mentions of the bot cut out ('@shop_bot where is my order?' → 'where is my order?'). */
function withoutMentions(text: string, entities: readonly MessageEntity[], me: UserFromGetMe): string {
  let result = text;
  // From the end, so earlier offsets (UTF-16, as JS strings) stay valid.
  for (const entity of [...entities].sort((a, b) => b.offset - a.offset)) {
    if (isMentionOf(entity, text, me)) result = result.slice(0, entity.offset) + result.slice(entity.offset + entity.length);
  }
  return result.replace(/\s{2,}/g, ' ').trim();
}

/** An attachment naming the media kind, with the file id an agent tool can fetch through getFile. */
function mediaAttachment(message: Message, kind: MediaKind): NonNullable<Activity['attachments']>[number] {
  const value = message[kind] as unknown;
  const file = Array.isArray(value) ? value.at(-1) : value;
  const fileId = (file as { file_id?: unknown } | undefined)?.file_id;
  return { contentType: mediaContentType(kind), name: kind, ...(typeof fileId === 'string' ? { content: { fileId } } : {}) };
}
