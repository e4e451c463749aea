import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskActivity, maskForRecord, maskSensitive, maskStrings } from './index.js';
import { DIGIT_ZEROS, inDigitSystem } from '../../tests/support/digit-systems.js';
import { passesLuhn } from './detectors.js';
import { maskText } from './mask-pii.js';

describe('maskSensitive: what a replay or a dialog may keep', () => {
  it.each([
    ['card 4111 1111 1111 1111 please', 'card **** **** **** 1111 please'],
    ['身份证11010519491231002X', '身份证**************002X'],
    ['ID 110105194912310021.', 'ID **************0021.'],
    // Mistyped (fails Luhn): still a card-length number, still masked.
    ['4111-1111-1111-1112', '****-****-****-1112'],
    ['ref 12345678901234567890123', 'ref *******************0123'],
  ])('%s', (text, masked) => {
    expect(maskSensitive(text)).toBe(masked);
  });

  it('keeps what the customer and the dialogs need back: e-mails, phones, addresses, order numbers', () => {
    const text = 'mail jane@shop.example, call +86 138 0013 8000 or 13912345678, ship to 123 Main Street, order A1001 / 20261223001';
    expect(maskSensitive(text)).toBe(text);
  });

  it('full-width digits are digits: a full-width card is masked, and so is a mistyped one (the long-number net)', () => {
    expect(maskSensitive('卡号４１１１ １１１１ １１１１ １１１１')).toBe('卡号**** **** **** １１１１');
    expect(maskSensitive('卡号４１１１ １１１１ １１１１ １１１２')).toBe('卡号**** **** **** １１１２');
    expect(maskForRecord('卡号４１１１－１１１１－１１１１－１１１２。')).toBe('卡号****－****－****－１１１２。');
    expect(maskSensitive('身份证１１０１０５１９４９１２３１００２Ｘ')).toBe('身份证**************００２Ｘ');
  });

  it('a card in any decimal digit system is masked before it is stored, last four kept', () => {
    // A Luhn-valid 16-digit card, written unbroken or in groups of four.
    const card = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 }).map((digits) => {
      const body = `4${digits.slice(1).join('')}`;
      let check = 0;
      while (!passesLuhn(body + check)) check++;
      return body + check;
    });
    const layout = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(card, layout, fc.constantFrom(...DIGIT_ZEROS), (digits, separator, zero) => {
        const written = (digits.match(/.{4}/g) ?? []).join(separator);
        const expected = `${written.slice(0, -4).replace(/[0-9]/g, '*')}${written.slice(-4)}`;
        const masked = maskSensitive(`card ${inDigitSystem(written, zero)} please`);
        expect(masked).toBe(`card ${inDigitSystem(expected, zero)} please`);
        expect(maskSensitive(masked)).toBe(masked);
      }),
      { numRuns: 500 },
    );
  });

  it('a long number in other digits falls in the long-number net too (mistyped card, 23-digit reference)', () => {
    expect(maskSensitive('٤١١١-١١١١-١١١١-١١١٢')).toBe('****-****-****-١١١٢');
    expect(maskSensitive('ref ১২৩৪৫৬৭৮৯০১২৩৪৫৬৭৮৯০১২৩')).toBe('ref *******************০১২৩');
  });

  it('a text without a digit has nothing sensitive: the detectors find nothing in it either', () => {
    const noDigit = fc
      .oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...'ABCXx IBANGBDE 一二三四五六七八九十〇-–—／ @.,:') }))
      .filter((t) => !/[0-9０-９]/.test(t));
    fc.assert(
      fc.property(noDigit, (text) => {
        expect(maskSensitive(text)).toBe(text);
        expect(maskText(text, { kinds: ['national-id', 'iban', 'card'] })).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent', () => {
    expect(maskSensitive(maskSensitive('4111 1111 1111 1111 / 11010519491231002X'))).toBe('**** **** **** 1111 / **************002X');
  });
});

describe('maskForRecord: what a transcript keeps', () => {
  it('masks every kind, as agents see it, and the long-number net', () => {
    expect(maskForRecord('mail jane@shop.example, id 11010519491231002X')).toBe('mail j***@shop.example, id **************002X');
  });
});

describe('maskStrings and maskActivity', () => {
  it('masks strings at any depth but the kept keys, and keeps dates and class instances', () => {
    const at = new Date(0);
    const value = { eTag: '4111111111111111', list: ['4111111111111111', 3], at, nested: { note: 'id 11010519491231002X' } };
    expect(maskStrings(value, maskSensitive, new Set(['eTag']))).toEqual({
      eTag: '4111111111111111',
      list: ['************1111', 3],
      at,
      nested: { note: 'id **************002X' },
    });
  });

  it('copies only the arrays and objects a masked string is in, and shares the rest, leaving the original alone', () => {
    const calm = { history: [{ intent: 'track_order', score: 0.9 }], profile: { name: 'Ann', tags: ['vip'] } };
    expect(maskStrings(calm, maskSensitive)).toBe(calm);
    const value = { before: { note: 'hello' }, list: ['a', 'card 4111111111111111', 'b'], after: { note: 'bye' }, n: 3 };
    const masked = maskStrings(value, maskSensitive);
    expect(masked).toEqual({ before: { note: 'hello' }, list: ['a', 'card ************1111', 'b'], after: { note: 'bye' }, n: 3 });
    expect(Object.keys(masked)).toEqual(['before', 'list', 'after', 'n']);
    expect(masked).not.toBe(value);
    expect(masked.before).toBe(value.before);
    expect(masked.after).toBe(value.after);
    expect(value.list[1]).toBe('card 4111111111111111');
  });

  it('masks what people wrote, keeps ids and routing, and leaves the original alone', () => {
    const activity = {
      type: 'message',
      id: 'c1|0000001',
      text: 'card 4111 1111 1111 1111',
      conversation: { id: '4111111111111111' },
      from: { id: '8613912345678', name: 'Ann 4111111111111111', role: 'user' },
      recipient: { id: '4111111111111111', name: 'Ann 4111111111111111' },
      value: { answer: '11010519491231002X' },
      suggestedActions: { actions: [{ type: 'imBack', title: 'Pay with 4111111111111111', value: 'x' }] },
      channelData: { clientActivityID: 'web-4111111111111111', raw: { note: '4111111111111111' } },
    };
    const masked = maskActivity(activity, maskSensitive);
    expect(masked).toEqual({
      ...activity,
      text: 'card **** **** **** 1111',
      from: { ...activity.from, name: 'Ann ************1111' },
      recipient: { id: '4111111111111111', name: 'Ann ************1111' },
      value: { answer: '**************002X' },
      suggestedActions: { actions: [{ type: 'imBack', title: 'Pay with ************1111', value: 'x' }] },
      channelData: { clientActivityID: 'web-4111111111111111', raw: { note: '************1111' } },
    });
    expect(activity.text).toBe('card 4111 1111 1111 1111');
  });

  it("keeps a stored file's id whole (a random id can look like an IBAN), and masks its name", () => {
    // A media id as newMediaId makes them; about one in five thousand reads as an IBAN to the detectors.
    const mediaId = 'Pp58vC5F0D9PHCYn.F3s2Wsj_MX1mWZfKaZf1bw';
    expect(maskForRecord(mediaId)).not.toBe(mediaId);
    const activity = {
      type: 'message',
      conversation: { id: 'c1' },
      attachments: [
        { contentType: 'image/png', name: 'card 4111111111111111.png', content: { baton: 'media', mediaId, kind: 'image', size: 3 } },
        // Not a stored file (no server mark): whatever it carries is masked.
        { contentType: 'text/plain', content: { mediaId: '4111111111111111' } },
      ],
    };
    for (const mask of [maskForRecord, maskSensitive]) {
      const [file, other] = maskActivity(activity, mask).attachments;
      expect(file).toEqual({ contentType: 'image/png', name: 'card ************1111.png', content: { baton: 'media', mediaId, kind: 'image', size: 3 } });
      expect(other).toEqual({ contentType: 'text/plain', content: { mediaId: '************1111' } });
    }
  });
});
