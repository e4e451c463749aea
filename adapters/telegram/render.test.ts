import { ActionTypes, MessageFactory } from '../../dialogs/turn-kit.js';
import { describe, expect, it } from 'vitest';
import { createCallbackDataCodec, createMemoryCallbackStore } from './callback-data.js';
import { MESSAGE_MAX_LENGTH, renderMessage, splitText } from './render.js';

const codec = () => createCallbackDataCodec({ store: createMemoryCallbackStore() });

describe('rendering an Activity for Telegram', () => {
  it('sends text as plain text, so markup characters are shown, not parsed', async () => {
    const [payload] = await renderMessage({ type: 'message', text: 'Use *code* <SAVE10> & save_10%' }, '42', codec());
    expect(payload).toEqual({ chat_id: '42', text: 'Use *code* <SAVE10> & save_10%', link_preview_options: { is_disabled: true } });
    expect(payload).not.toHaveProperty('parse_mode');
  });

  it('renders suggested actions as an inline keyboard, short buttons two to a row', async () => {
    const activity = MessageFactory.suggestedActions(['Yes', 'No', 'Talk to a person about my refund'], 'Cancel it?');
    const [payload] = await renderMessage(activity, '42', codec());
    expect(payload.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Yes', callback_data: 'Yes' },
          { text: 'No', callback_data: 'No' },
        ],
        [{ text: 'Talk to a person about my refund', callback_data: 'Talk to a person about my refund' }],
      ],
    });
  });

  it('sends a button value over 64 bytes as a key the codec maps back', async () => {
    const store = createMemoryCallbackStore();
    const value = 'Change the delivery address of order A1002 to the office, please, before Friday';
    const activity = MessageFactory.suggestedActions([{ type: ActionTypes.ImBack, title: 'Change address', value }], 'Order A1002');
    const [payload] = await renderMessage(activity, '42', createCallbackDataCodec({ store }));
    const data = payload.reply_markup!.inline_keyboard[0][0] as { callback_data: string };
    expect(data.callback_data).toMatch(/^#cb:/);
    expect(await createCallbackDataCodec({ store }).decode(data.callback_data)).toBe(value);
  });

  it('renders openUrl as a link button and leaves out actions Telegram has no button for', async () => {
    const activity = MessageFactory.suggestedActions(
      [
        { type: ActionTypes.OpenUrl, title: 'Track on DHL', value: 'https://dhl.example/track/DHL7788001' },
        { type: ActionTypes.Call, title: 'Call us', value: 'tel:+6512345678' },
      ],
      'Your parcel',
    );
    const [payload] = await renderMessage(activity, '42', codec());
    expect(payload.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Track on DHL', url: 'https://dhl.example/track/DHL7788001' }]] });
  });

  it('splits a long text at line breaks, buttons under the last part, the reply thread on the first', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `Line ${i}: lorem ipsum lorem ipsum`).join('\n');
    const parts = await renderMessage(MessageFactory.suggestedActions(['OK'], text), '-100', codec(), 7);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((part) => part.text.length <= MESSAGE_MAX_LENGTH)).toBe(true);
    expect(parts.map((part) => part.text).join('\n')).toBe(text);
    expect(parts[0].reply_parameters).toEqual({ message_id: 7, allow_sending_without_reply: true });
    expect(parts.slice(1).some((part) => part.reply_parameters)).toBe(false);
    expect(parts.slice(0, -1).some((part) => part.reply_markup)).toBe(false);
    expect(parts.at(-1)!.reply_markup).toBeDefined();
  });

  it('sends nothing for an empty message, and a pointer when only buttons are given', async () => {
    expect(await renderMessage({ type: 'message', text: '  ' }, '42', codec())).toEqual([]);
    const [payload] = await renderMessage(MessageFactory.suggestedActions(['Yes']), '42', codec());
    expect(payload.text).toBe('👇');
  });

  it('splits at a space when a part has no line break, and never cuts an emoji in half', () => {
    expect(splitText('aaaaaa bbbbbb cc', 10)).toEqual(['aaaaaa', 'bbbbbb cc']);
    expect(splitText(`${'a'.repeat(9)}😀${'b'.repeat(5)}`, 10)).toEqual(['a'.repeat(9), `😀${'b'.repeat(5)}`]);
  });
});
