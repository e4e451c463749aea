import { MessageFactory, type Activity } from '../../dialogs/turn-kit.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLOUD_API_LIMITS, optionId, optionValueFromId, renderActivity } from './cloud-api-messages.js';
import type { OutgoingContent } from './payload-types.js';
import { numberedText, optionNumber, optionsOf, pickNumbered, splitText, textsFor, WHATSAPP_TEXTS } from './suggested-actions.js';

const withOptions = (text: string, titles: readonly string[]): Partial<Activity> =>
  MessageFactory.suggestedActions(
    titles.map((title, i) => ({ type: 'imBack', title, value: `value ${i + 1}` })),
    text,
  );

const interactive = (content: OutgoingContent | undefined) => {
  if (content?.type !== 'interactive') throw new Error(`expected an interactive message, got ${content?.type}`);
  return content.interactive;
};

describe('suggested actions as options', () => {
  it('takes the value an action sends back, the title when it has none, and leaves links out', () => {
    const activity = MessageFactory.suggestedActions(
      [
        { type: 'imBack', title: 'Cancel this order', value: 'Cancel order A1002' },
        { type: 'messageBack', title: 'Refund', value: { kind: 'refund' }, text: 'refund please' },
        'Talk to a person',
        { type: 'openUrl', title: 'Help centre', value: 'https://shop.example/help' },
      ],
      'What next?',
    );
    expect(optionsOf(activity)).toEqual([
      { title: 'Cancel this order', value: 'Cancel order A1002' },
      { title: 'Refund', value: 'refund please' },
      { title: 'Talk to a person', value: 'Talk to a person' },
    ]);
    expect(interactive(renderActivity(activity).contents[0]).body.text).toBe('What next?\nHelp centre: https://shop.example/help');
  });

  it('numbers options under the text and picks one back by its number', () => {
    const options = [
      { title: 'Small', value: 'size S' },
      { title: 'Large', value: 'size L' },
    ];
    expect(numberedText('Which size?', options, WHATSAPP_TEXTS.en)).toBe('Which size?\n\n1. Small\n2. Large\n\nReply with the number of your choice.');
    expect(pickNumbered('2', options)).toEqual(options[1]);
    expect(pickNumbered(' #1. ', options)).toEqual(options[0]);
    expect(pickNumbered('２', options)).toEqual(options[1]);
    expect(pickNumbered('3', options)).toBeUndefined();
    expect(pickNumbered('2 please', options)).toBeUndefined();
    expect(optionNumber('A1002')).toBeUndefined();
  });

  it('reads an option number beside 4,000 spaces, and refuses one followed by more than a stop', () => {
    expect(optionNumber(`2${' '.repeat(1_998)}.${' '.repeat(2_000)}`)).toBe(2);
    // Spaces then something else: the shape a regex split between its two `\s*` every possible way.
    expect(optionNumber(`2${' '.repeat(3_998)}x`)).toBeUndefined();
    expect(optionNumber(`${' '.repeat(3_000)}#１２${'\u3000'.repeat(996)}。`)).toBe(12);
  });

  it('reads option numbers as the regex it replaced did', () => {
    const before = (text: string) => {
      const match = /^\s*#?(\d{1,2})\s*[.)。]?\s*$/.exec(text.normalize('NFKC'));
      return match ? Number(match[1]) : undefined;
    };
    const pieces = fc.constantFrom('1', '2', '12', '#', ' ', '\u3000', '\n', '.', ')', '。', '．', 'x', '２');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(optionNumber(text)).toBe(before(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it("writes the adapter's own words in the message's language", () => {
    expect(textsFor('zh-CN', 'hello')).toBe(WHATSAPP_TEXTS.zh);
    expect(textsFor(undefined, '请选择尺码')).toBe(WHATSAPP_TEXTS.zh);
    expect(textsFor(undefined, 'Pick one')).toBe(WHATSAPP_TEXTS.en);
    expect(textsFor(undefined, undefined, 'zh')).toBe(WHATSAPP_TEXTS.zh);
  });

  it('splits long text at line breaks into pieces within the limit, losing nothing', () => {
    const paragraph = 'Your parcel is on its way. '.repeat(20).trim();
    const text = Array.from({ length: 12 }, () => paragraph).join('\n');
    const pieces = splitText(text, 1000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect([...piece].length).toBeLessThanOrEqual(1000);
    expect(pieces.join('\n')).toBe(text);
    expect(splitText('短消息', 10)).toEqual(['短消息']);
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('Cloud API rendering', () => {
  it('renders up to three short options as reply buttons whose ids carry the values', () => {
    const { contents, numberedOptions } = renderActivity(
      withOptions('Order A1002 is being prepared.', ['Cancel this order', 'Change the address', 'Talk to a person']),
    );
    expect(numberedOptions).toBeUndefined();
    const message = interactive(contents[0]);
    expect(message.type).toBe('button');
    if (message.type !== 'button') return;
    expect(message.body.text).toBe('Order A1002 is being prepared.');
    expect(message.action.buttons.map(({ reply }) => reply.title)).toEqual(['Cancel this order', 'Change the address', 'Talk to a person']);
    expect(message.action.buttons.map(({ reply }) => optionValueFromId(reply.id))).toEqual(['value 1', 'value 2', 'value 3']);
  });

  it('uses a list for four to ten options, or when a title is too long for a button', () => {
    const four = interactive(
      renderActivity(withOptions('Main menu', ['Track my order', 'Return or refund', 'Talk to a person', 'Recommend a product'])).contents[0],
    );
    expect(four.type).toBe('list');
    const long = interactive(renderActivity(withOptions('Pick', ['A title far too long for a button row'])).contents[0]);
    expect(long.type).toBe('list');
    if (long.type !== 'list') return;
    expect(long.action.button).toBe('Options');
    const [row] = long.action.sections[0].rows;
    expect([...row.title].length).toBeLessThanOrEqual(CLOUD_API_LIMITS.rowTitle);
    expect(row.description).toBe('A title far too long for a button row');
  });

  it('falls back to numbered text for more than ten options, and says so', () => {
    const titles = Array.from({ length: 11 }, (_, i) => `Option ${i + 1}`);
    const { contents, numberedOptions } = renderActivity(withOptions('选一个', titles));
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ type: 'text', text: { body: expect.stringContaining('11. Option 11\n\n请回复选项前的数字。') } });
    expect(numberedOptions?.map((option) => option.value)).toEqual(titles.map((_, i) => `value ${i + 1}`));
  });

  it('sends a text longer than an interactive body first, then the buttons under a short prompt', () => {
    const text = 'Here is everything about your order. '.repeat(40);
    const { contents } = renderActivity(withOptions(text, ['Yes', 'No']));
    expect(contents.map((content) => content.type)).toEqual(['text', 'interactive']);
    expect(interactive(contents[1]).body.text).toBe('Please choose:');
  });

  it('splits plain text at 4096 characters and sends nothing for an empty activity', () => {
    const { contents } = renderActivity({ type: 'message', text: 'word '.repeat(1000) });
    expect(contents.length).toBe(2);
    expect(renderActivity({ type: 'message', text: '  ' }).contents).toEqual([]);
  });

  it('keeps option ids unique when two options send the same value, and ignores foreign ids', () => {
    expect(optionId(0, { title: 'a', value: 'x' })).not.toBe(optionId(1, { title: 'b', value: 'x' }));
    expect(optionValueFromId(optionId(7, { title: 'a', value: 'Cancel order A1002' }))).toBe('Cancel order A1002');
    expect(optionValueFromId('unique-button-identifier-here')).toBeUndefined();
  });
});
