import { describe, expect, it } from 'vitest';
import { botMessage, callbackUpdate, customer, editedUpdate, group, stickerUpdate, textUpdate } from '../../tests/telegram/updates.js';
import type { Update, UserFromGetMe } from './payload-types.js';
import { toInbound } from './to-activity.js';

const me = { id: 123456789, is_bot: true, first_name: 'Baton Shop', username: 'baton_shop_bot' } as UserFromGetMe;
const root = 'https://api.telegram.org';
const mia = customer(7001, 'zh-hans');
const chat = group(-1001234567890);
const translate = (update: Update) => toInbound(update, me, root);

describe('Telegram update to Activity', () => {
  it('makes a private text message a message Activity keyed by update_id', () => {
    const update = textUpdate(501, mia, 'where is my order?');
    expect(translate(update)).toEqual({
      kind: 'turn',
      chatId: '7001',
      activity: {
        type: 'message',
        id: '501',
        channelId: 'telegram',
        serviceUrl: root,
        timestamp: new Date(update.message!.date * 1000),
        conversation: { id: '7001', isGroup: false, conversationType: 'private', name: '' },
        from: { id: '7001', name: 'Mia Chen', role: 'user' },
        recipient: { id: '123456789', name: 'baton_shop_bot', role: 'bot' },
        locale: 'zh-hans',
        textFormat: 'plain',
        text: 'where is my order?',
        channelData: { updateId: 501, messageId: update.message!.message_id, chatType: 'private' },
      },
    });
  });

  it('gives an edit its own id, so the pipeline does not take it for the message it changes', () => {
    const original = textUpdate(502, mia, 'A1O01');
    const inbound = translate(editedUpdate(503, original, 'A1001'));
    expect(inbound).toMatchObject({
      kind: 'turn',
      activity: { id: '503', text: 'A1001', channelData: { edited: true, messageId: original.message!.message_id } },
    });
  });

  it('marks a sticker as media with no text, keeping its file id for agents', () => {
    const inbound = translate(stickerUpdate(504, mia));
    expect(inbound).toMatchObject({
      kind: 'turn',
      activity: {
        type: 'message',
        channelData: { media: 'sticker' },
        attachments: [{ contentType: 'application/vnd.baton.telegram.sticker', name: 'sticker', content: { fileId: 'CAACAgIAAxkBAAEBbWRmStickerFileId' } }],
      },
    });
    expect(inbound.kind === 'turn' ? inbound.activity : undefined).not.toHaveProperty('text');
  });

  it('reads a photo caption as text', () => {
    const update = {
      update_id: 505,
      message: {
        message_id: 9,
        from: mia,
        chat: { id: mia.id, type: 'private', first_name: 'Mia' },
        date: 1,
        caption: 'it arrived broken',
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
          { file_id: 'large', file_unique_id: 'l', width: 800, height: 800 },
        ],
      },
    } as Update;
    const inbound = translate(update);
    expect(inbound).toMatchObject({ kind: 'turn', activity: { text: 'it arrived broken', attachments: [{ name: 'photo', content: { fileId: 'large' } }] } });
    expect(inbound.kind === 'turn' ? inbound.activity.channelData : undefined).not.toHaveProperty('media');
  });

  it('turns a button press into a message with the callback data as text', () => {
    const update = callbackUpdate(506, mia, { message_id: 77, text: 'Order A1002...', chat_id: mia.id }, 'Cancel order A1002');
    expect(translate(update)).toMatchObject({
      kind: 'turn',
      chatId: '7001',
      callbackQueryId: update.callback_query!.id,
      activity: { type: 'message', id: '506', text: 'Cancel order A1002', channelData: { messageId: 77, callbackQueryId: update.callback_query!.id } },
    });
  });

  it('greets on /start and on a bare mention, as a conversationUpdate adding the customer', () => {
    expect(translate(textUpdate(507, mia, '/start'))).toMatchObject({ activity: { type: 'conversationUpdate', membersAdded: [{ id: '7001' }] } });
    expect(translate(textUpdate(508, mia, '@baton_shop_bot', { chat }))).toMatchObject({ activity: { type: 'conversationUpdate' } });
  });

  it('reads other commands as words: /talk_to_human now → "talk to human now"', () => {
    expect(translate(textUpdate(509, mia, '/talk_to_human now'))).toMatchObject({ activity: { type: 'message', text: 'talk to human now' } });
  });

  describe('in a group', () => {
    it('ignores messages not addressed to the bot', () => {
      expect(translate(textUpdate(510, mia, 'where is my order?', { chat }))).toEqual({ kind: 'ignored', reason: 'not_addressed' });
      expect(translate(textUpdate(511, mia, '/help@another_bot', { chat }))).toEqual({ kind: 'ignored', reason: 'not_addressed' });
      expect(translate(textUpdate(512, mia, 'ask @another_bot', { chat }))).toEqual({ kind: 'ignored', reason: 'not_addressed' });
    });

    it('takes a mention (cut from the text), a reply to the bot, and a /command for it', () => {
      expect(translate(textUpdate(513, mia, 'hey @Baton_Shop_Bot where is my order?', { chat }))).toMatchObject({
        chatId: String(chat.id),
        activity: { text: 'hey where is my order?', conversation: { id: String(chat.id), isGroup: true, conversationType: 'supergroup', name: chat.title } },
      });
      expect(translate(textUpdate(514, mia, 'A1001', { chat, replyTo: botMessage(chat, 'Your order number?') }))).toMatchObject({
        activity: { text: 'A1001' },
      });
      expect(translate(textUpdate(515, mia, '/track@baton_shop_bot A1001', { chat }))).toMatchObject({ activity: { text: 'track A1001' } });
    });
  });

  it('ignores what has nobody to serve or nothing to answer', () => {
    const service = { update_id: 516, message: { message_id: 1, chat, date: 1, from: mia, new_chat_members: [mia] } } as Update;
    const fromBot = textUpdate(517, { ...mia, is_bot: true } as unknown as typeof mia, 'hi');
    const anonymous = { update_id: 518, message: { message_id: 2, chat, date: 1, sender_chat: chat, text: 'hi @baton_shop_bot' } } as Update;
    const editedSticker = { update_id: 519, edited_message: { ...stickerUpdate(1, mia).message!, edit_date: 2 } } as Update;
    const inlineButton = { update_id: 520, callback_query: { id: 'q', from: mia, chat_instance: '1', inline_message_id: 'i', data: 'x' } } as Update;
    expect(translate(service)).toEqual({ kind: 'ignored', reason: 'service_message' });
    expect(translate(fromBot)).toEqual({ kind: 'ignored', reason: 'from_a_bot' });
    expect(translate(anonymous)).toEqual({ kind: 'ignored', reason: 'no_sender' });
    expect(translate(editedSticker)).toEqual({ kind: 'ignored', reason: 'edited_without_text' });
    expect(translate(inlineButton)).toEqual({ kind: 'ignored', reason: 'button_without_message' });
    expect(translate({ update_id: 521, poll_answer: { poll_id: 'p', option_ids: [0], user: mia } } as Update)).toEqual({
      kind: 'ignored',
      reason: 'unsupported_update',
    });
  });
});
