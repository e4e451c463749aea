/**
 * Activity → `sendMessage` payloads.
 *
 * Text goes out as plain text (no `parse_mode`): Baton's replies are plain text in every channel, and
 * Telegram then shows `*`, `_` or `<` literally instead of failing the whole message on a stray one.
 * Suggested actions become an inline keyboard under the (last part of the) message: a button sends its
 * value back as a callback query (see `callback-data.ts` for values over 64 bytes), an `openUrl`
 * action opens its link. Texts over Telegram's 4096-character limit are split at line breaks.
 */
import { ActionTypes, type Activity, type CardAction } from '../../dialogs/turn-kit.js';
import type { InlineKeyboardMarkup, Opts } from 'grammy/types';
import type { CallbackDataCodec } from './callback-data.js';
import type { InlineKeyboardButton } from './payload-types.js';

/** Telegram's limit on a message's text, in characters. */
export const MESSAGE_MAX_LENGTH = 4096;

/** What `sendMessage` takes, with the only keyboard Baton sends. */
export type SendMessagePayload = Opts<'sendMessage'> & { reply_markup?: InlineKeyboardMarkup };

/** Shown when a message carries buttons but no text: Telegram refuses a message without text. */
const BUTTONS_ONLY_TEXT = '👇';

/**
 * The payloads that render `activity` in chat `chatId`, in sending order; empty when there is nothing
 * to show. `replyTo` threads the first part under the customer's message (used in groups).
 */
export async function renderMessage(activity: Partial<Activity>, chatId: string, codec: CallbackDataCodec, replyTo?: number): Promise<SendMessagePayload[]> {
  const keyboard = await inlineKeyboard(activity.suggestedActions?.actions ?? [], codec);
  const text = activity.text?.trim() ? activity.text : keyboard ? BUTTONS_ONLY_TEXT : '';
  if (!text) return [];
  const parts = splitText(text, MESSAGE_MAX_LENGTH);
  return parts.map((part, index) => ({
    chat_id: chatId,
    text: part,
    link_preview_options: { is_disabled: true },
    ...(index === 0 && replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    ...(index === parts.length - 1 && keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
  }));
}

/** Buttons in rows: two short ones side by side, a long one alone, as phones show them best. */
export async function inlineKeyboard(actions: readonly CardAction[], codec: CallbackDataCodec): Promise<InlineKeyboardButton[][] | undefined> {
  const buttons: InlineKeyboardButton[] = [];
  for (const action of actions) {
    const button = await toButton(action, codec);
    if (button) buttons.push(button);
  }
  if (buttons.length === 0) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  for (const button of buttons) {
    const last = rows.at(-1);
    if (last && last.length === 1 && last[0].text.length <= 16 && button.text.length <= 16) last.push(button);
    else rows.push([button]);
  }
  return rows;
}

async function toButton(action: CardAction, codec: CallbackDataCodec): Promise<InlineKeyboardButton | undefined> {
  const title = String(action.title ?? action.value ?? '').trim();
  if (action.type === ActionTypes.OpenUrl) {
    return typeof action.value === 'string' && /^https?:\/\//.test(action.value) ? { text: title || action.value, url: action.value } : undefined;
  }
  // imBack, postBack and messageBack all mean "the customer says this"; other kinds (call, download...) have no Telegram button.
  if (action.type !== ActionTypes.ImBack && action.type !== ActionTypes.PostBack && action.type !== ActionTypes.MessageBack) return undefined;
  const said = typeof action.value === 'string' && action.value ? action.value : action.text || title;
  if (!title || !said) return undefined;
  return { text: title, callback_data: await codec.encode(said) };
}

/**
 * Splits `text` into parts of at most `limit` characters: at the last line break of a part, else at its
 * last space, else anywhere (but not inside an emoji). The separator cut at is dropped.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const atBreak = [window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((index) => index > limit / 2);
    let end = atBreak ?? limit;
    // Never split a surrogate pair (an emoji) in two.
    if (atBreak === undefined && /[\uD800-\uDBFF]/.test(rest[end - 1] ?? '')) end -= 1;
    parts.push(rest.slice(0, end));
    rest = rest.slice(atBreak === undefined ? end : end + 1);
  }
  if (rest) parts.push(rest);
  return parts;
}
