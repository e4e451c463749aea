/**
 * Telegram updates as Telegram posts them (field for field as in the Bot API's examples: a private chat
 * carries the customer's names, a group its title, commands and mentions their entities, a button
 * press the whole bot message it came from). Each builder takes a unique `update_id`.
 */
import type { Message, Update } from 'grammy/types';

export const BOT = { id: 123456789, username: 'baton_shop_bot' } as const;

/** A customer with a Telegram app in `language_code`. */
export function customer(id: number, language_code = 'en') {
  return { id, is_bot: false, first_name: 'Mia', last_name: 'Chen', username: `mia${id}`, language_code } as const;
}

type Customer = ReturnType<typeof customer>;
const now = () => Math.floor(Date.now() / 1000);
let messageIds = 1000;

function privateChat(from: Customer) {
  return { id: from.id, first_name: from.first_name, last_name: from.last_name, username: from.username, type: 'private' as const };
}

/** A group chat; ids of groups are negative. */
export function group(id: number, title = 'Baton Shop Fans') {
  return { id, title, type: 'supergroup' as const };
}

/** Entities Telegram computes for `text`: a leading /command, @mentions. */
function entitiesOf(text: string): Message['entities'] {
  const entities: NonNullable<Message['entities']> = [];
  const command = /^\/\w+(@\w+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const mention of text.matchAll(/@\w{5,}/g)) {
    // A bot name inside the command (/start@baton_shop_bot) is part of the command, not a mention.
    if (!command || mention.index >= command[0].length) entities.push({ type: 'mention', offset: mention.index, length: mention[0].length });
  }
  return entities.length ? entities : undefined;
}

/** A text message; in `chat` (default the customer's private chat), optionally replying to `replyTo`. */
export function textUpdate(updateId: number, from: Customer, text: string, options: { chat?: ReturnType<typeof group>; replyTo?: Message } = {}): Update {
  const entities = entitiesOf(text);
  return {
    update_id: updateId,
    message: {
      message_id: ++messageIds,
      from,
      chat: options.chat ?? privateChat(from),
      date: now(),
      text,
      ...(entities ? { entities } : {}),
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    },
  } as Update;
}

/** An edit of an earlier message (same `message_id`, new text, `edit_date`). */
export function editedUpdate(updateId: number, original: Update, text: string): Update {
  const message = original.message!;
  return { update_id: updateId, edited_message: { ...message, text, edit_date: now(), date: message.date } } as Update;
}

/** A sticker, as sent from the sticker panel. */
export function stickerUpdate(updateId: number, from: Customer): Update {
  return {
    update_id: updateId,
    message: {
      message_id: ++messageIds,
      from,
      chat: privateChat(from),
      date: now(),
      sticker: {
        file_id: 'CAACAgIAAxkBAAEBbWRmStickerFileId',
        file_unique_id: 'AgADStickerUnique',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: '👍',
        set_name: 'HotCherry',
        file_size: 21344,
      },
    },
  } as Update;
}

/** A press of the button with `data` under the bot message `botMessage` (a recorded sendMessage). */
export function callbackUpdate(updateId: number, from: Customer, botMessage: { message_id: number; text: string; chat_id: number }, data: string): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: `${from.id}${updateId}`,
      from,
      chat_instance: '-5738260185227390531',
      data,
      message: {
        message_id: botMessage.message_id,
        from: { id: BOT.id, is_bot: true, first_name: 'Baton Shop', username: BOT.username },
        chat: privateChat(from),
        date: now(),
        text: botMessage.text,
      },
    },
  } as Update;
}

/** The bot's message as it appears in `reply_to_message` when a customer replies to it. */
export function botMessage(chat: ReturnType<typeof group>, text: string): Message {
  return { message_id: ++messageIds, from: { id: BOT.id, is_bot: true, first_name: 'Baton Shop', username: BOT.username }, chat, date: now(), text } as Message;
}
