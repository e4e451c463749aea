/** The hotel desk's own pieces: reading guests' input, the content check, the demo reservations, and its imports. */
import { readdirSync, readFileSync } from 'node:fs';
import { ConfigError, humanIntentsOf, parseBotContent, parseRating } from 'baton';
import { describe, expect, it } from 'vitest';
import { readBookingNumber, readStayDates } from './booking-input.js';
import { HOTEL_CONTENT, HOTEL_DIALOGS, HOTEL_MODEL_DIR, isAnswered, modelIntentsOf } from './content.js';
import { createDemoReservations } from './demo-reservations.js';
import { medicalEmergencyRule } from './escalation-rules.js';
import { HOTEL_PHRASES, phrase, readYesNo, validatePhrases, wordsFor } from './phrases.js';

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
    expect(readYesNo(wordsFor(HOTEL_PHRASES, 'en'), 'Yes!')).toBe('yes');
    expect(readYesNo(wordsFor(HOTEL_PHRASES, 'en-GB'), 'no thanks')).toBe('no');
    expect(readYesNo(wordsFor(HOTEL_PHRASES, 'zh-CN'), '好的。')).toBe('yes');
    expect(readYesNo(wordsFor(HOTEL_PHRASES, 'zh'), '明天')).toBeUndefined();
  });

  it('reads yes and no after 4,000 characters of punctuation runs, in one pass from the end', () => {
    const en = wordsFor(HOTEL_PHRASES, 'en');
    // Runs of punctuation each followed by another character: the shape a `[...]+$` regex retries from every start.
    const runs = `${'!?。，'.repeat(199)}!!!x`.repeat(5);
    expect(runs).toHaveLength(4_000);
    expect(readYesNo(en, runs)).toBeUndefined();
    expect(readYesNo(en, `yes${runs.replaceAll('x', '!').slice(3)}`)).toBe('yes');
    expect(readYesNo(wordsFor(HOTEL_PHRASES, 'zh'), `好的${'。！？，'.repeat(999)}`)).toBe('yes');
    expect(readYesNo(en, `No${',!'.repeat(1_999)}`)).toBe('no');
  });

  it('reads yes and no as the regex it replaced did', () => {
    const words = wordsFor(HOTEL_PHRASES, 'en');
    const before = (text: string) => {
      const said = text
        .trim()
        .toLowerCase()
        .replace(/[.!?。！？,，]+$/u, '');
      return words.yesWords.includes(said) ? 'yes' : words.noWords.includes(said) ? 'no' : undefined;
    };
    // Every text of up to four of these pieces.
    const pieces = ['yes', 'No', 'yes please', ' ', '.', '!', '?', '。', '！', ',', '，', 'x'];
    let level = [''];
    const texts = [''];
    for (let depth = 0; depth < 4; depth++) {
      level = level.flatMap((text) => pieces.map((piece) => text + piece));
      texts.push(...level);
    }
    for (const text of texts) expect(readYesNo(words, text), JSON.stringify(text)).toBe(before(text));
  });
});

describe('hotel content', () => {
  it('ships English and Chinese, complete, in the framework format', () => {
    expect(validatePhrases(HOTEL_PHRASES)).toBe(HOTEL_PHRASES);
    expect(phrase(wordsFor(HOTEL_PHRASES, 'fr'), 'stopped')).toMatch(/stopped/);
    for (const intent of ['check_in_time', 'check_out_time', 'breakfast', 'parking', 'wifi', 'pets', 'invoice', 'greeting']) {
      expect(isAnswered(HOTEL_CONTENT, intent), intent).toBe(true);
      expect(Object.keys(HOTEL_CONTENT.intents[intent]!.answers).sort(), intent).toEqual(['en', 'zh']);
    }
    expect(isAnswered(HOTEL_CONTENT, 'change_dates')).toBe(false);
    expect(humanIntentsOf(HOTEL_CONTENT)).toEqual(['talk_to_person']);
    expect(HOTEL_CONTENT.escalationPhrases.zh?.requestedHuman).toContain('经理');
    // Every intent of the content is one the trained model knows, and the other way round.
    expect([...modelIntentsOf(HOTEL_MODEL_DIR)].sort()).toEqual(Object.keys(HOTEL_CONTENT.intents).sort());
  });

  it('says which file and key to fix', () => {
    const check = (content: unknown) => () => parseBotContent(content, { dialogs: HOTEL_DIALOGS, modelIntents: modelIntentsOf(HOTEL_MODEL_DIR) });
    const { en: _en, ...wifi } = HOTEL_CONTENT.intents.wifi!.answers;
    const noWifi = { ...HOTEL_CONTENT, intents: { ...HOTEL_CONTENT.intents, wifi: { answers: wifi } } };
    expect(check(noWifi)).toThrow(ConfigError);
    expect(check(noWifi)).toThrow("content.intents.wifi.answers: no answer in 'en', the default locale; add one");
    expect(check({ ...HOTEL_CONTENT, routing: { ...HOTEL_CONTENT.routing, change_dates: 'changeDate' } })).toThrow(
      "content.routing.change_dates: unknown dialog 'changeDate'; known: bookingStatus, changeDates, cancelBooking, human, answer",
    );
    const spa = { ...HOTEL_CONTENT, intents: { ...HOTEL_CONTENT.intents, spa: { answers: { en: 'The spa opens at 9.' } } } };
    expect(check(spa)).toThrow('content.intents.spa: the NLU model does not know this intent; add it to the corpus and train');
    const en = HOTEL_PHRASES.en!;
    const phrases = { ...en.phrases, changed: 'Fertig: {number}.' };
    expect(() => validatePhrases({ en, de: { ...en, phrases } })).toThrow(
      /phrase "changed" has placeholders \{number\}; it needs \{checkIn\}, \{checkOut\}, \{nights\}, \{number\}/,
    );
    const { stopped: _stopped, ...missing } = en.phrases;
    expect(() => validatePhrases({ en, de: { ...en, phrases: missing } })).toThrow('add "phrases.stopped" to phrases/de.json');
  });
});

describe('the hotel escalation rule and CSAT', () => {
  const rule = (text: string) =>
    medicalEmergencyRule({
      input: { recognition: { text, intent: 'None', score: 0, outOfScope: true } as never, history: [], customer: {} },
      signals: {} as never,
      settings: {} as never,
    });

  it('sends a medical emergency to a person at once, as a crisis, by its own name', () => {
    expect(medicalEmergencyRule.name).toBe('medical_emergency');
    expect(rule('My husband collapsed in room 204, call an ambulance!')).toEqual({
      reason: 'crisis',
      detail: 'Guest mentions a medical emergency: "collapsed"',
      matched: 'collapsed',
    });
    expect(rule('我朋友呼吸困难，快叫救护车')).toMatchObject({ reason: 'crisis', matched: '呼吸困难' });
    expect(rule('is there a pharmacy or a doctor near the hotel?')).toBeUndefined();
    expect(rule('what time is breakfast?')).toBeUndefined();
  });

  it('reads a rating of 1 to 5', () => {
    expect(parseRating('5')).toBe(5);
    expect(parseRating(' ３ ')).toBe(3);
    expect(parseRating('⭐⭐⭐⭐')).toBe(4);
    expect(parseRating('6')).toBeUndefined();
    expect(parseRating('5 nights')).toBeUndefined();
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
        const relative = specifier!.startsWith('.');
        const target = relative ? new URL(specifier!, new URL(file, folder)).pathname : '';
        const named = specifier === 'baton' || specifier === 'vitest' || specifier!.startsWith('node:');
        // A relative import stays in the bot's folder; tests may also use the repository's shared test
        // tooling (tests/support/), which is not Baton's code.
        const own = relative && target.startsWith(folder.pathname);
        const testTooling = relative && file.endsWith('.test.ts') && target.startsWith(new URL('../../tests/support/', import.meta.url).pathname);
        expect(named || own || testTooling, `${file} imports '${specifier}'`).toBe(true);
      }
    }
  });
});
