/**
 * Telegram wire types. The Bot API's own types come from grammY (`grammy/types`, a 1:1 mirror of
 * https://core.telegram.org/bots/api), so they track the API without a copy here; this file adds what
 * Baton puts on Activities and answers on its webhook.
 */
import type { InlineKeyboardButton, Message, Update, UserFromGetMe } from 'grammy/types';

export type { InlineKeyboardButton, Message, Update, UserFromGetMe };

/** The channel id on every Telegram Activity. */
export const TELEGRAM_CHANNEL_ID = 'telegram';

/**
 * The update types Baton asks Telegram for (`allowed_updates` of setWebhook and getUpdates).
 * Everything else (channel posts, reactions, membership changes) is never sent, so never paid for.
 */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** Non-text message kinds, named after their field on `Message`; the first present one names the content. */
export const MEDIA_KINDS = [
  'sticker',
  'photo',
  'video',
  'animation',
  'document',
  'audio',
  'voice',
  'video_note',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
] as const;

/** A non-text message kind Baton recognises. */
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Content type of the attachment that marks a Telegram media message on its Activity. */
export const mediaContentType = (kind: MediaKind): string => `application/vnd.baton.telegram.${kind}`;

/**
 * `activity.channelData` of a Telegram Activity: where it came from on Telegram, without the raw
 * update (which holds names, phone numbers and locations that have no business in transcripts).
 */
export interface TelegramChannelData {
  readonly updateId: number;
  /** The customer's message, or the bot message whose button was pressed. */
  readonly messageId?: number;
  readonly chatType: 'private' | 'group' | 'supergroup' | 'channel';
  /** Set when the Activity comes from an `edited_message` update. */
  readonly edited?: true;
  /** Set when the Activity is a button press. */
  readonly callbackQueryId?: string;
  /** Set when the message holds no text Baton can read (a sticker, a voice note...). */
  readonly media?: MediaKind;
}

/** The error body of the webhook, as every Baton endpoint answers. */
export interface TelegramWebhookErrorBody {
  error: { code: 'unauthorized' | 'bad_request' | 'unavailable' | 'internal'; message: string };
}

/** Reads the Telegram channel data of an Activity, or undefined for other channels. */
export function telegramDataOf(activity: { channelId?: string; channelData?: unknown }): TelegramChannelData | undefined {
  if (activity.channelId !== TELEGRAM_CHANNEL_ID) return undefined;
  const data = activity.channelData as Partial<TelegramChannelData> | undefined;
  return typeof data?.updateId === 'number' ? (data as TelegramChannelData) : undefined;
}
