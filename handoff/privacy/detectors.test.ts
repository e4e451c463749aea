import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPii, isResidentId, maskPii, maskText, passesLuhn, passesMod97, regionsForLocale } from './index.js';
import { DIGIT_ZEROS, inDigitSystem } from '../../tests/support/digit-systems.js';
import { workMeter } from './work-meter.js';

const kindsIn = (text: string, options?: Parameters<typeof findPii>[1]) => findPii(text, options).map((m) => m.kind);

describe('cards in every written form', () => {
  it.each([
    ['full-width digits', '卡号４１１１ １１１１ １１１１ １１１１谢谢', '卡号**** **** **** １１１１谢谢'],
    ['full-width dashes', '５５００－００００－００００－０００４', '****－****－****－０００４'],
    ['dots', 'card 4111.1111.1111.1111.', 'card ****.****.****.1111.'],
    ['ideographic spaces', '4111\u30001111\u30001111\u30001111', '****\u3000****\u3000****\u30001111'],
    ['unbroken full-width', '卡号６２２２０２１２３４５６７８９０１２８', '卡号***************０１２８'],
  ])('%s', (_name, text, masked) => {
    expect(maskPii(text)).toMatchObject({ text: masked, found: { card: 1 } });
  });

  it('leaves dotted versions, amounts and dates alone', () => {
    for (const text of ['version 10.15.7', 'total 1.299.00', 'on 2026.12.25', 'SKU ４１１１１１１１１１１１１１１１X']) expect(maskText(text)).toBe(text);
  });
});

describe('Chinese resident ids (GB 11643 check character)', () => {
  it('checks the MOD 11-2 character, the region and the birth date', () => {
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('110105194912310021')).toBe(false); // check character
    expect(isResidentId('11010519491331002X')).toBe(false); // month 13
    expect(isResidentId('91010519491231002X')).toBe(false); // no region starts with 9
  });

  it.each([
    ['身份证号 11010519491231002X 谢谢', '身份证号 **************002X 谢谢'],
    ['身份证号：11010519491231002x。', '身份证号：**************002x。'],
    ['id 110105 19491231 002X please', 'id ****** ******** 002X please'],
    ['id 110105-19491231-002X', 'id ******-********-002X'],
    ['身份证１１０１０５１９４９１２３１００２Ｘ', '身份证**************００２Ｘ'],
  ])('%s', (text, masked) => {
    expect(maskPii(text)).toMatchObject({ text: masked, found: { 'national-id': 1 } });
  });

  it('does not take a wrong check character or a glued number for an id', () => {
    expect(kindsIn('身份证号 11010519491231002Y')).not.toContain('national-id');
    expect(kindsIn('A11010519491231002X')).toEqual([]);
  });
});

describe('IBANs (mod 97)', () => {
  it('checks mod 97', () => {
    expect(passesMod97('GB82WEST12345698765432')).toBe(true);
    expect(passesMod97('GB82WEST12345698765433')).toBe(false);
  });

  it.each([
    ['IBAN: DE89 3704 0044 0532 0130 00, thanks', 'IBAN: DE** **** **** **** **30 00, thanks'],
    ['refund to GB82WEST12345698765432', 'refund to GB****************5432'],
    ['refund to gb82 west 1234 5698 7654 32', 'refund to gb** **** **** **** **54 32'],
    ['FR1420041010050500013M02606', 'FR*********************2606'],
  ])('%s', (text, masked) => {
    expect(maskPii(text)).toMatchObject({ text: masked, found: { iban: 1 } });
  });

  it('leaves a wrong check alone', () => {
    expect(maskText('GB82 WEST 1234 5698 7654 33')).toBe('GB82 WEST 1234 5698 7654 33');
  });
});

describe('phones in national formats (libphonenumber-js)', () => {
  it.each([
    ['call 07911 123456 please', 'en-GB', 'call ***** **3456 please'],
    ['tel 07700 900123', undefined, 'tel ***** **0123'],
    ['电话 010-6552 9988', 'zh-CN', '电话 ***-**** 9988'],
    ['手机 138 0013 8000', 'zh', '手机 *** **** 8000'],
    ['tel ０７９１１ １２３４５６', 'en-GB', 'tel ***** **３４５６'],
    ['call 0412 345 678', 'en-AU', 'call **** **5 678'],
  ])('%s (%s)', (text, locale, masked) => {
    const result = maskPii(text, { locale });
    expect(result.text).toBe(masked);
    expect(result.found.phone).toBe(1);
  });

  it('takes a bare national number only when it is a mobile: order numbers stay', () => {
    for (const text of ['ref 2026122500', 'order 20261223001', 'qty 1234567']) expect(maskText(text)).toBe(text);
    expect(maskText('13912345678')).toBe('*******5678');
  });

  it('reads a region from the locale', () => {
    expect(regionsForLocale('en-AU')).toEqual(['AU']);
    expect(regionsForLocale('zh-Hant-TW')).toEqual(['TW']);
    expect(regionsForLocale('zh')).toEqual(['CN']);
    expect(regionsForLocale('en')).toEqual(['US', 'GB']);
    expect(regionsForLocale(undefined)).toEqual([]);
  });
});

describe('e-mails in full width', () => {
  it('masks ｊａｎｅ＠ｓｈｏｐ．ｅｘａｍｐｌｅ', () => {
    expect(maskText('邮箱ｊａｎｅ＠ｓｈｏｐ．ｅｘａｍｐｌｅ谢谢')).toBe('邮箱ｊ***＠ｓｈｏｐ．ｅｘａｍｐｌｅ谢谢');
  });

  it('keeps a first character outside the BMP whole (a mathematical digit is two UTF-16 units)', () => {
    expect(maskText('mail 𝟕𝟐john@example.com')).toBe('mail 𝟕***@example.com');
    expect(maskText('mail 𝟕@example.com')).toBe('mail 𝟕***@example.com');
  });
});

// A Luhn-valid number of 13-19 digits, written as people write cards.
const luhnCard = fc
  .tuple(fc.integer({ min: 13, max: 19 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 19, maxLength: 19 }))
  .map(([length, digits]) => {
    const body = [4, ...digits].slice(0, length - 1).join('');
    for (let check = 0; check <= 9; check++) if (passesLuhn(body + check)) return body + check;
    throw new Error('unreachable: one check digit always fits');
  });
const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const written = fc.tuple(luhnCard, fc.constantFrom(' ', '-', '.', '\u3000', '－'), fc.boolean(), fc.boolean()).map(([digits, sep, grouped, wide]) => {
  const shaped = grouped ? (digits.match(/.{1,4}/g) ?? []).join(sep) : digits;
  return { digits, text: wide ? toFullWidth(shaped) : shaped };
});
const context = fc.constantFrom('', 'card ', '卡号', 'my card is ', '(', 'pay with: ', '，');
const after = fc.constantFrom('', ' thanks', '。', ', ok?', ')', '\n');

describe('masking properties', () => {
  it('never leaves a Luhn-valid card visible, in any separator or width', () => {
    fc.assert(
      fc.property(context, written, after, (before, card, tail) => {
        const masked = maskText(before + card.text + tail);
        const visible = masked.normalize('NFKC').replace(/[^0-9]/g, '');
        return !visible.includes(card.digits.slice(0, -4)) && masked.endsWith(tail);
      }),
      { numRuns: 400 },
    );
  });

  it('never leaves a Luhn-valid card visible in any decimal digit system (Arabic-Indic, Devanagari, Thai...)', () => {
    const system = fc.constantFrom(...DIGIT_ZEROS);
    fc.assert(
      fc.property(context, written, after, system, (before, card, tail, zero) => {
        const text = before + inDigitSystem(card.text.normalize('NFKC'), zero) + tail;
        const masked = maskText(text);
        // What is left of the card, read back as ASCII: its last four digits at most.
        const visible = [...masked].filter((c) => /\p{Nd}/u.test(c)).length;
        return visible <= 4 && masked.endsWith(tail) && maskText(masked) === masked;
      }),
      { numRuns: 400 },
    );
  });

  it('reads cards and phones typed in other digit systems by their values', () => {
    expect(maskPii('بطاقتي ٤١١١ ١١١١ ١١١١ ١١١١ شكرا')).toMatchObject({ text: 'بطاقتي **** **** **** ١١١١ شكرا', found: { card: 1 } });
    expect(maskPii('کارت ۴۱۱۱-۱۱۱۱-۱۱۱۱-۱۱۱۱')).toMatchObject({ text: 'کارت ****-****-****-۱۱۱۱', found: { card: 1 } });
    expect(maskPii('कार्ड ४१११११११११११११११')).toMatchObject({ text: 'कार्ड ************११११', found: { card: 1 } });
    // Mathematical bold digits lie outside the BMP: two UTF-16 units each, one digit each.
    expect(maskPii('card 𝟒𝟏𝟏𝟏 𝟏𝟏𝟏𝟏 𝟏𝟏𝟏𝟏 𝟏𝟏𝟏𝟏 ok')).toMatchObject({ text: 'card **** **** **** 𝟏𝟏𝟏𝟏 ok', found: { card: 1 } });
    expect(maskPii('اتصل +٨٦ ١٣٨ ٠٠١٣ ٨٠٠٠')).toMatchObject({ text: 'اتصل +** *** **** ٨٠٠٠', found: { phone: 1 } });
    expect(maskPii('फ़ोन +४४ २० ७९४६ ०९५८')).toMatchObject({ text: 'फ़ोन +** ** **** ०९५८', found: { phone: 1 } });
    // Digits of two systems in one number are still one number.
    expect(maskText('4111 ١١١١ 1111 ۱۱۱۱')).toBe('**** **** **** ۱۱۱۱');
  });

  const hostile = fc.constantFrom(
    '4111 1111 1111 1111',
    '４１１１ １１１１ １１１１ １１１１',
    '4111.1111.1111.1111',
    '11010519491231002X',
    'GB82 WEST 1234 5698 7654 32',
    '07911 123456',
    '+86 138 0013 8000',
    '1 1 1 1 1 1 1 1',
    '12 12 12 12 12 12 12 12 12 12 12 12',
    'a@b.co',
    'x@',
    '市市市路1号',
    '北京市朝阳区望京花园3栋1202室',
    '#1 b Street',
  );
  const texts = fc
    .array(fc.tuple(fc.oneof(hostile, fc.string({ maxLength: 6 })), fc.constantFrom('', ' ', ', ', '。', '\n')), { maxLength: 10 })
    .map((parts) => parts.map(([a, b]) => a + b).join(''));

  it('is idempotent on hostile mixtures', () => {
    fc.assert(
      fc.property(texts, (text) => maskText(maskText(text)) === maskText(text)),
      { numRuns: 300 },
    );
  });
});

describe('linear work on hostile input (counted steps, not time)', () => {
  const shapes: Record<string, (n: number) => string> = {
    'digit groups': (n) => '1 '.repeat(n / 2),
    'full-width groups': (n) => '１ '.repeat(n / 2),
    'Arabic-Indic card groups': (n) => '٤١١١ '.repeat(n / 5),
    'astral digit groups': (n) => '𝟒𝟏 '.repeat(n / 5),
    'dotted groups': (n) => '1.'.repeat(n / 2),
    'two-digit groups': (n) => '12 '.repeat(n / 3),
    'card groups': (n) => '4111 '.repeat(n / 5),
    'one long number': (n) => '4'.repeat(n),
    'local parts without a domain': (n) => 'a'.repeat(n - 1) + '@',
    'at signs': (n) => 'a@'.repeat(n / 2),
    'place suffixes': (n) => '市'.repeat(n),
    'house numbers': (n) => '#1 b '.repeat(n / 5),
    'iban heads': (n) => 'GB82 '.repeat(n / 5),
    'resident id heads': (n) => '110105 '.repeat(n / 7),
  };

  it.each(Object.entries(shapes))('%s: steps grow linearly with the input', (_name, shape) => {
    const stepsFor = (n: number) => {
      const text = shape(n);
      workMeter.steps = 0;
      findPii(text);
      return workMeter.steps / text.length;
    };
    const small = stepsFor(10_000);
    const large = stepsFor(80_000);
    expect(small).toBeLessThan(20);
    // Eight times the input costs at most about eight times the steps (a cubic finder: 512 times).
    expect(large).toBeLessThan(small * 1.1 + 0.5);
  });

  it('masks 6,400 and 64,000 digit groups (the old finder took 14 s for 6,400)', () => {
    for (const groups of [6_400, 64_000]) {
      const text = '1 '.repeat(groups);
      expect(maskText(text)).toBe(text);
    }
  });
});
