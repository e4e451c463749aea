import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPii, maskForRecord, maskPii, maskSensitive, maskStrings, maskText, passesLuhn } from './index.js';
import { LIBPHONENUMBER_BUDGET } from './phones.js';
import { workMeter } from './work-meter.js';

describe('maskPii: cards', () => {
  it.each([
    ['My card is 4111 1111 1111 1111, please refund', 'My card is **** **** **** 1111, please refund'],
    ['5500-0000-0000-0004', '****-****-****-0004'],
    ['amex 378282246310005', 'amex ***********0005'],
    ['卡号6222021234567890128退款', '卡号***************0128退款'],
    ['visa 4012888888881881.', 'visa ************1881.'],
  ])('%s', (text, masked) => {
    expect(maskPii(text)).toEqual({ text: masked, found: { card: 1, email: 0, phone: 0, address: 0, 'national-id': 0, iban: 0 } });
  });

  it.each(['4111 1111 1111 1112', 'tracking 1234567890123456', 'order A1001 total $1,299.00', 'refund of 450.00 on 2026-12-25', 'SKU 4111111111111111X'])(
    'leaves %s alone',
    (text) => {
      expect(maskPii(text).found.card).toBe(0);
      expect(maskPii(text).text).toBe(text);
    },
  );

  it('checks Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('maskPii: e-mails', () => {
  it.each([
    ['write to john.doe@example.com today', 'write to j***@example.com today'],
    ['我的邮箱是wang.li+shop@mail.qq.com谢谢', '我的邮箱是w***@mail.qq.com谢谢'],
    ['a@b.co', 'a***@b.co'],
  ])('%s', (text, masked) => {
    expect(maskText(text)).toBe(masked);
  });

  it('leaves handles and versions alone', () => {
    expect(maskText('ping @support or v1.2.3')).toBe('ping @support or v1.2.3');
  });
});

describe('maskPii: phones', () => {
  it.each([
    ['call me on +86 138 0013 8000', 'call me on +** *** **** 8000'],
    ['+8613800138000', '+*********8000'],
    ['我的手机13912345678,快递到了打给我', '我的手机*******5678,快递到了打给我'],
    ['手机号:139-1234-5678', '手机号:***-****-5678'],
    ['(415) 555-2671 after 5pm', '(***) ***-2671 after 5pm'],
    ['my number is 415-555-2671', 'my number is ***-***-2671'],
    ['1-800-555-0199', '*-***-***-0199'],
    ['UK +44 20 7946 0958', 'UK +** ** **** 0958'],
    // Ranges kept for fiction and unassigned ones: written as international numbers, masked all the same.
    ['call +44 7700 900123 please', 'call +** **** **0123 please'],
    ['+15550100999', '+*******0999'],
  ])('%s', (text, masked) => {
    const result = maskPii(text);
    expect(result.text).toBe(masked);
    expect(result.found.phone).toBe(1);
  });

  it.each(['order A1001', 'on 2026-12-25 at 09:00', '共计¥1299.00元', '订单号 20261223001', 'version 10.15.7', 'qty 12 x 3'])('leaves %s alone', (text) => {
    expect(maskText(text)).toBe(text);
  });
});

describe('maskPii: addresses', () => {
  it.each([
    ['Ship it to 123 Main Street, Apt 4 please', 'Ship it to [address] please'],
    ['new address: 42 Oak Ave', 'new address: [address]'],
    ['1600 Pennsylvania Ave NW', '[address] NW'],
    ['77 sunset blvd, suite 300, LA', '[address], LA'],
    ['10 Downing St.', '[address].'],
    ['寄到上海市浦东新区张江路123号5栋1201室', '寄到[address]'],
    ['收货地址:广东省深圳市南山区科苑路15号,谢谢', '收货地址:[address],谢谢'],
    ['北京市朝阳区望京花园3栋1202室', '[address]'],
    ['浙江省杭州市西湖区文三路90号东部软件园2号楼', '[address]'],
  ])('%s', (text, masked) => {
    expect(maskPii(text)).toMatchObject({ text: masked, found: { address: 1 } });
  });

  it.each(['2 items on the way', 'I waited 3 days for the road test', 'we live in 上海市', '我在上海市', '订单号A1001', '3号楼在哪', 'Apt 4 is fine'])(
    'leaves %s alone',
    (text) => {
      expect(maskPii(text).found.address).toBe(0);
    },
  );
});

describe('maskPii: mixed messages', () => {
  it('counts every kind and keeps order numbers', () => {
    const text = 'Order A1001: card 4111 1111 1111 1111, mail jane@shop.example, phone +1 415-555-2671, ship to 9 Elm Road.';
    expect(maskPii(text)).toEqual({
      text: 'Order A1001: card **** **** **** 1111, mail j***@shop.example, phone +* ***-***-2671, ship to [address].',
      found: { card: 1, email: 1, phone: 1, address: 1, 'national-id': 0, iban: 0 },
    });
  });

  it('masks only the kinds asked for', () => {
    expect(maskText('jane@shop.example 13912345678', { kinds: ['phone'] })).toBe('jane@shop.example *******5678');
  });

  it('reports positions in reading order', () => {
    const found = findPii('电话13912345678,邮箱li@qq.com');
    expect(found.map((m) => [m.kind, m.value])).toEqual([
      ['phone', '13912345678'],
      ['email', 'li@qq.com'],
    ]);
  });
});

describe('maskPii: properties', () => {
  const pieces = fc.constantFrom(
    '4111 1111 1111 1111',
    'john@example.com',
    '+86 138 0013 8000',
    '13912345678',
    '(415) 555-2671',
    '123 Main Street',
    '上海市浦东新区张江路123号',
    'A1001',
    '2026-12-25',
    '$19.99',
    ' ',
    ', ',
    '我的订单',
    'hello',
  );
  // Pieces joined as people write them; random strings in between keep the detectors honest.
  const separators = fc.constantFrom(', ', '; ', ' and ', '，', '。', '\n');
  const texts = fc
    .array(fc.tuple(fc.oneof(pieces, fc.string({ maxLength: 8 })), separators), { maxLength: 8 })
    .map((parts) => parts.map(([piece, sep]) => piece + sep).join(''));

  it('is idempotent', () => {
    fc.assert(
      fc.property(texts, (text) => maskText(maskText(text)) === maskText(text)),
      { numRuns: 500 },
    );
  });

  it('never adds digits, and leaves no run of 5+ digits from a masked span', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const masked = maskText(text);
        const digits = (s: string) => s.replace(/\D/g, '').length;
        return digits(masked) <= digits(text) && findPii(masked).length === 0;
      }),
    );
  });
});

describe('maskPii: the cost of hostile digits', () => {
  const N = 4096;
  const fill = (unit: (i: number) => string) => {
    let text = '';
    for (let i = 0; text.length < N; i++) text += unit(i);
    return text.slice(0, N);
  };
  // Shapes that make several rounds and both phone searches (with and without the cards) run.
  const shapes: Record<string, string> = {
    'two-digit soup': fill(() => '12 '),
    'four-digit groups': fill((i) => `${1000 + (i % 9000)} `),
    'cards in groups': fill(() => '4111 1111 1111 1111, '),
    'a phone glued to a card': fill(() => '07911 123456 4111 1111 1111 1111 '),
    'Chinese mobiles': fill((i) => `139${String(10_000_000 + i * 7919).slice(-8)}，`),
  };

  it.each(Object.entries(shapes))('%s: one masking hands libphonenumber at most its budget, every round and search together', (_name, text) => {
    workMeter.libphonenumberChars = 0;
    const masked = maskText(
      `${Math.random()
        .toString(36)
        .replace(/[^a-z]/g, '')} ${text}`.slice(0, N),
      { locale: 'en-GB' },
    );
    expect(workMeter.libphonenumberChars).toBeGreaterThan(0);
    expect(workMeter.libphonenumberChars).toBeLessThanOrEqual(LIBPHONENUMBER_BUDGET);
    // Past the budget nothing that could be a phone or a card stays readable: runs of 7+ digits are masked whole.
    expect(masked).not.toMatch(/\d(?:[ -.]?\d){6}/);
  });

  it('masks a long text once however many stores mask it: later calls reuse the result', () => {
    const text = `call me on 07911 123456 ${'order 1234 5678 '.repeat(30)}`;
    workMeter.steps = 0;
    const first = maskPii(text, { locale: 'en-GB' });
    expect(workMeter.steps).toBeGreaterThan(0);
    workMeter.steps = 0;
    const again = maskPii(text, { locale: 'en-GB' });
    expect(workMeter.steps).toBe(0);
    expect(again).toEqual(first);
    expect(first.text.startsWith('call me on ***** **3456')).toBe(true);
    // Each caller gets counts of its own.
    again.found.phone = 99;
    expect(maskPii(text, { locale: 'en-GB' }).found.phone).toBe(first.found.phone);
    // Other options are another masking.
    workMeter.steps = 0;
    expect(maskPii(text, { kinds: ['card'] }).found.phone).toBe(0);
    expect(workMeter.steps).toBeGreaterThan(0);
  });

  it('tells apart long texts that differ only in a lone surrogate', () => {
    const base = `${'x'.repeat(300)} card 4111 1111 1111 1111`;
    const a = maskText(`\uD800${base}`);
    const b = maskText(`\uDC00${base}`);
    expect(a.startsWith('\uD800')).toBe(true);
    expect(b.startsWith('\uDC00')).toBe(true);
  });
});

describe('maskStrings: one budget for a structure of many short strings', () => {
  // 60 strings of 120 characters of digit groups: the channelData a web customer may send (8 KB).
  const soup = (i: number) =>
    Array.from({ length: 24 }, (_, k) => String(1000 + ((i * 37 + k) % 9000)))
      .join(' ')
      .slice(0, 120);
  const structure = (salt: string) => ({
    text: 'where is my order',
    channelData: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f${i}`, `${salt} ${soup(i)}`])),
  });

  it('hands libphonenumber at most one budget for the whole structure, and masks every run all the same', () => {
    workMeter.libphonenumberChars = 0;
    const masked = maskStrings(
      structure(
        Math.random()
          .toString(36)
          .replace(/[^a-z]/g, ''),
      ),
      // As a record (every kind, phones too): past the budget, runs of 7+ digits are masked whole.
      (text) => maskForRecord(text),
    );
    expect(workMeter.libphonenumberChars).toBeGreaterThan(0);
    expect(workMeter.libphonenumberChars).toBeLessThanOrEqual(LIBPHONENUMBER_BUDGET);
    for (const value of Object.values(masked.channelData)) expect(value).not.toMatch(/\d(?:[ -.]?\d){6}/);
  });

  it('masks the same structure again from the memo: the second store of a turn costs libphonenumber nothing', () => {
    const value = structure(
      Math.random()
        .toString(36)
        .replace(/[^a-z]/g, ''),
    );
    const first = maskStrings(value, maskSensitive);
    workMeter.libphonenumberChars = 0;
    expect(maskStrings(value, maskSensitive)).toEqual(first);
    expect(workMeter.libphonenumberChars).toBe(0);
  });
});
