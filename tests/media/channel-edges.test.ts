import { describe, expect, it } from 'vitest';
import { isSlackFileUrl } from '../../desks/slack/thread-files.js';
import { messageTypeFor, mediaContents } from '../../adapters/whatsapp/cloud-api-media.js';
import { uploadMethodFor } from '../../adapters/telegram/media-out.js';
import { toInbound } from '../../adapters/telegram/to-activity.js';
import type { Update, UserFromGetMe } from '../../adapters/telegram/payload-types.js';

const me = { id: 1, is_bot: true, first_name: 'Shop', username: 'shop_bot' } as UserFromGetMe;
const from = { id: 7, is_bot: false, first_name: 'Mia' };
const chat = { id: 7, type: 'private' as const, first_name: 'Mia' };

describe('media at the channel edges', () => {
  it('Telegram: takes the largest photo size, a document with its name, and nothing from an edit or a sticker', () => {
    const photo = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 1,
        chat,
        from,
        photo: [
          { file_id: 'small', file_unique_id: 's', width: 9, height: 9 },
          { file_id: 'large', file_unique_id: 'l', width: 900, height: 900, file_size: 5000 },
        ],
      },
    } as Update;
    expect(toInbound(photo, me, 'x')).toMatchObject({ kind: 'turn', file: { fileId: 'large', size: 5000, kind: 'image' } });
    const document = {
      update_id: 2,
      message: { message_id: 2, date: 1, chat, from, document: { file_id: 'doc', file_unique_id: 'd', file_name: 'receipt.pdf' } },
    } as Update;
    expect(toInbound(document, me, 'x')).toMatchObject({ file: { fileId: 'doc', name: 'receipt.pdf', kind: 'document' } });
    const voice = { update_id: 3, message: { message_id: 3, date: 1, chat, from, voice: { file_id: 'v', file_unique_id: 'v', duration: 2 } } } as Update;
    expect(toInbound(voice, me, 'x')).toMatchObject({ file: { kind: 'audio' } });
    const edited = { update_id: 4, edited_message: { ...photo.message!, caption: 'fixed', edit_date: 2 } } as Update;
    expect(toInbound(edited, me, 'x')).not.toHaveProperty('file');
    const sticker = {
      update_id: 5,
      message: {
        message_id: 5,
        date: 1,
        chat,
        from,
        sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false },
      },
    } as Update;
    expect(toInbound(sticker, me, 'x')).not.toHaveProperty('file');
  });

  it('Telegram: picks the upload method from the sniffed type, a document for anything else', () => {
    expect(['image/jpeg', 'image/webp', 'audio/ogg', 'audio/mpeg', 'video/mp4', 'video/webm', 'application/pdf'].map(uploadMethodFor)).toEqual([
      'sendPhoto',
      'sendDocument',
      'sendVoice',
      'sendAudio',
      'sendVideo',
      'sendDocument',
      'sendDocument',
    ]);
  });

  it('WhatsApp: a short text rides as the caption of one file; audio takes none, options and longer texts go first', () => {
    const file = (contentType: string) => ({ mediaId: 'm', kind: 'image' as const, contentType, size: 1, name: 'a.png' });
    const text = [{ type: 'text' as const, text: { body: 'Here it is' } }];
    expect(mediaContents({ text: 'Here it is', textContents: text, hasOptions: false, uploaded: [{ file: file('image/png'), id: '1' }] })).toEqual([
      { type: 'image', image: { id: '1', caption: 'Here it is' } },
    ]);
    expect(mediaContents({ text: 'Here it is', textContents: text, hasOptions: false, uploaded: [{ file: file('audio/ogg'), id: '2' }] })).toEqual([
      ...text,
      { type: 'audio', audio: { id: '2' } },
    ]);
    expect(mediaContents({ text: 'Here it is', textContents: text, hasOptions: true, uploaded: [{ file: file('application/pdf'), id: '3' }] })).toEqual([
      ...text,
      { type: 'document', document: { id: '3', filename: 'a.png' } },
    ]);
    expect(messageTypeFor('image/webp')).toBe('document');
  });

  it("Slack: the bot token goes only to Slack's file host or the configured API host", () => {
    expect(isSlackFileUrl('https://files.slack.com/files-pri/T1-F1/download/a.pdf', undefined)).toBe(true);
    expect(isSlackFileUrl('http://files.slack.com/files-pri/T1-F1/a.pdf', undefined)).toBe(false);
    expect(isSlackFileUrl('https://files.slack.com.evil.example/a.pdf', undefined)).toBe(false);
    expect(isSlackFileUrl('https://evil.example/a.pdf', 'http://127.0.0.1:4000/api/')).toBe(false);
    expect(isSlackFileUrl('http://127.0.0.1:4000/files-pri/T1-F1/a.pdf', 'http://127.0.0.1:4000/api/')).toBe(true);
    expect(isSlackFileUrl('not a url', undefined)).toBe(false);
  });
});
