/** The hotel desk's own pieces: reading guests' input, the content check, the demo reservations, and its imports. */
import { readdirSync, readFileSync } from 'node:fs';
import { ConfigError } from 'baton';
import { describe, expect, it } from 'vitest';
import { readBookingNumber, readStayDates } from './booking-input.js';
import { HOTEL_CONTENT, phrase, readYesNo, validateContent, wordsFor } from './content.js';
import { createDemoReservations } from './demo-reservations.js';

describe('reading guests input', () => {
  it('finds a booking number in what guests type, and calls other numbers malformed', () => {
    for (const text of ['R10482', 'r10482', 'booking R 10482 please', '预订号R10482', '10482', 'R-10482']) {
      expect(readBookingNumber(text), text).toEqual({ kind: 'number', number: 'R10482' });
    }
    for (const text of ['R1048', '1234567', 'R104829']) expect(readBookingNumber(text).kind, text).toBe('malformed');
    for (const text of ['Smith', 'no idea', '']) expect(readBookingNumber(text).kind, text).toBe('none');
  });

  it('reads a stay in ISO or Chinese dates, in order, from today, up to 30 nights', () => {
    const today = '2027-01-10';
    expect(readStayDates('2027-03-20 to 2027-03-23', today)).toEqual({ kind: 'dates', dates: { checkIn: '2027-03-20', checkOut: '2027-03-23' }, nights: 3 });
    expect(readStayDates('2027年3月20日到3月23日', today)).toMatchObject({ kind: 'dates', dates: { checkIn: '2027-03-20', checkOut: '2027-03-23' } });
    expect(readStayDates('2027/3/20 - 2027/3/21', today)).toMatchObject({ kind: 'dates', nights: 1 });
    expect(readStayDates('next friday', today).kind).toBe('unreadable');
    expect(readStayDates('2027-02-30 to 2027-03-02', today).kind).toBe('unreadable');
    expect(readStayDates('2027-03-23 to 2027-03-20', today).kind).toBe('out_of_order');
    expect(readStayDates('2026-12-20 to 2026-12-23', today).kind).toBe('in_the_past');
    expect(readStayDates('2027-03-01 to 2027-04-15', today)).toEqual({ kind: 'too_long', maxNights: 30 });
  });

  it('reads yes and no per locale', () => {
    expect(readYesNo(wordsFor(HOTEL_CONTENT, 'en'), 'Yes!')).toBe('yes');
    expect(readYesNo(wordsFor(HOTEL_CONTENT, 'en-GB'), 'no thanks')).toBe('no');
    expect(readYesNo(wordsFor(HOTEL_CONTENT, 'zh-CN'), '好的。')).toBe('yes');
    expect(readYesNo(wordsFor(HOTEL_CONTENT, 'zh'), '明天')).toBeUndefined();
  });
});

describe('hotel content', () => {
  it('ships English and Chinese, complete', () => {
    expect(validateContent(HOTEL_CONTENT)).toBe(HOTEL_CONTENT);
    expect(phrase(wordsFor(HOTEL_CONTENT, 'fr'), 'stopped')).toMatch(/stopped/);
  });

  it('says which file and key to fix', () => {
    const en = HOTEL_CONTENT.en!;
    const { wifi: _wifi, ...answers } = en.answers;
    expect(() => validateContent({ ...HOTEL_CONTENT, de: { ...en, answers } })).toThrow(ConfigError);
    expect(() => validateContent({ ...HOTEL_CONTENT, de: { ...en, answers } })).toThrow('add "answers.wifi" to content/de.json');
    const phrases = { ...en.phrases, changed: 'Fertig: {number}.' };
    expect(() => validateContent({ en, de: { ...en, phrases } })).toThrow(
      /phrase "changed" has placeholders \{number\}; it needs \{checkIn\}, \{checkOut\}, \{nights\}, \{number\}/,
    );
  });
});

describe('demo reservations', () => {
  it('moves, refuses a sold-out night, cancels once', async () => {
    const reservations = createDemoReservations();
    expect(await reservations.changeDates('R40217', { checkIn: '2027-06-02', checkOut: '2027-06-03' })).toMatchObject({ kind: 'ok' });
    expect(await reservations.changeDates('R40217', { checkIn: '2027-12-30', checkOut: '2028-01-01' })).toEqual({
      kind: 'no_availability',
      night: '2027-12-31',
    });
    expect(await reservations.changeDates('R55120', { checkIn: '2027-06-02', checkOut: '2027-06-03' })).toEqual({ kind: 'cancelled' });
    expect(await reservations.changeDates('R99999', { checkIn: '2027-06-02', checkOut: '2027-06-03' })).toEqual({ kind: 'not_found' });
    expect((await reservations.cancel('R40217')).kind).toBe('ok');
    expect((await reservations.cancel('R40217')).kind).toBe('already_cancelled');
    expect((await createDemoReservations().lookup('R40217'))?.status).toBe('confirmed');
  });
});

describe('written against the public entry', () => {
  it("imports Baton only as 'baton', and otherwise only its own files and node:", () => {
    const folder = new URL('./', import.meta.url);
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|import)\s+'([^']+)'/g)) {
        const allowed = specifier === 'baton' || specifier === 'vitest' || specifier!.startsWith('node:') || /^\.\.?\/(?!\.\.\/)/.test(specifier!);
        const inside = !specifier!.startsWith('.') || !new URL(specifier!, new URL(file, folder)).pathname.replace(folder.pathname, '').startsWith('..');
        expect(allowed && inside, `${file} imports '${specifier}'`).toBe(true);
      }
    }
  });
});
