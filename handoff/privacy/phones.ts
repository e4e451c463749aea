/**
 * Phone numbers, validated by libphonenumber-js (Google's metadata, "max" set: real number ranges per
 * country, so an order number or a date of the right length is not taken for a phone). National
 * formats ("07911 123456", "010-6552 9988", "13912345678") need a default region: the conversation's
 * locale gives one (see `regionsForLocale`), and the shop's usual regions are always tried too.
 *
 * libphonenumber's own matcher is linear but slow on digit soup (about 16 µs a character on
 * "1 1 1 …"), so it only ever sees short slices: runs of digit groups joined by at most four of
 * " -.()/+", cut where two one-digit groups meet (no phone is written digit by digit) and where a
 * group is longer than any phone; a run longer than `WINDOW_GROUPS` groups is handed in overlapping
 * windows, which still contain every phone of up to eight groups. Even so, digit soup ("12 12 12 …")
 * costs libphonenumber about 25 µs a character, so one masking of a text (every round and both phone
 * searches together, see `ScanBudget`) hands it at most `LIBPHONENUMBER_BUDGET` characters (counted once
 * per region); a real message never comes near it. Past the budget each remaining run of 7 or more
 * digits is masked whole, as a phone: hostile input is over-masked, never left visible, and the cost
 * stays linear and bounded.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Span } from './cards.js';
import { isDigit } from './normalize.js';
import { countLibphonenumberChars, countSteps } from './work-meter.js';

/** Regions tried for national formats whatever the locale: a cross-border shop's usual customers. */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'CN'];

const MIN_DIGITS = 7;
const MAX_GROUP_DIGITS = 17;
const MAX_GAP = 4;
const WINDOW_GROUPS = 10;
const WINDOW_STEP = 3;
/**
 * Characters (times regions) one masking may hand libphonenumber: about 40 ms on the worst digit soup. A
 * message with twenty phones in three regions uses about 1,000.
 */
export const LIBPHONENUMBER_BUDGET = 1500;

/** What is left of `LIBPHONENUMBER_BUDGET` for one masking; shared by its rounds and phone searches. */
export interface ScanBudget {
  libphonenumber: number;
}

/** A fresh budget for one masking. */
export function scanBudget(): ScanBudget {
  return { libphonenumber: LIBPHONENUMBER_BUDGET };
}

const languageRegions: Readonly<Record<string, readonly CountryCode[]>> = { en: ['US', 'GB'], zh: ['CN'] };

/**
 * The default regions a locale suggests: its region subtag ('en-AU' → AU, 'zh-Hant-TW' → TW), else
 * the language's usual ones (en → US, GB; zh → CN).
 * @example regionsForLocale('zh-CN') // ['CN']
 */
export function regionsForLocale(locale: string | undefined): CountryCode[] {
  if (!locale) return [];
  const parts = locale.split(/[-_]/);
  const region = parts.slice(1).find((part) => /^[A-Za-z]{2}$/.test(part));
  if (region) return [region.toUpperCase() as CountryCode];
  return [...(languageRegions[parts[0].toLowerCase()] ?? [])];
}

/**
 * The region of a customer's own number when the conversation id is one (WhatsApp: '61412345678',
 * whatsapp-web.js: '61412345678@c.us'), so their national formats are read as their country writes them.
 * @example regionOfPhoneId('61412345678@c.us') // 'AU'
 */
export function regionOfPhoneId(id: string | undefined): CountryCode | undefined {
  const digits = /^\+?(\d{8,15})(?:@c\.us)?$/.exec(id ?? '')?.[1];
  return digits ? parsePhoneNumberFromString(`+${digits}`)?.country : undefined;
}

interface Group {
  start: number;
  end: number;
}

const isPhonePunctuation = (code: number) => code === 32 || code === 45 || code === 46 || code === 40 || code === 41 || code === 47 || code === 43;

/** Runs of digit groups that could hold a phone, as lists of groups (see the file comment). */
function phoneRuns(text: string): Group[][] {
  const runs: Group[][] = [];
  let run: Group[] = [];
  const close = () => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    const group = { start: i, end };
    const previous = run.at(-1);
    if (end - i > MAX_GROUP_DIGITS) close();
    else {
      const joined = previous !== undefined && gapIsPunctuation(text, previous.end, i) && !(previous.end - previous.start === 1 && end - i === 1);
      if (!joined) close();
      run.push(group);
    }
    countSteps(end - i);
    i = end;
  }
  close();
  return runs;
}

function gapIsPunctuation(text: string, from: number, to: number): boolean {
  if (to - from > MAX_GAP) return false;
  for (let k = from; k < to; k++) if (!isPhonePunctuation(text.charCodeAt(k))) return false;
  return true;
}

/** The slices of `text` libphonenumber reads: each run, or overlapping windows of a long one. */
function slicesOf(text: string, runs: readonly Group[][]): Span[] {
  const slices: Span[] = [];
  for (const run of runs) {
    let digits = 0;
    for (const group of run) digits += group.end - group.start;
    if (digits < MIN_DIGITS) continue;
    for (let first = 0; ; first += WINDOW_STEP) {
      const last = Math.min(run.length, first + WINDOW_GROUPS) - 1;
      // A run's slice starts three characters early ('+', '(' and the character libphonenumber checks for a
      // letter) and ends one late; a later window starts at its group, so no phone begins mid-group.
      const start = first === 0 ? Math.max(0, run[0].start - 3) : run[first].start;
      slices.push({ start, end: Math.min(text.length, run[last].end + 1) });
      if (last === run.length - 1) break;
    }
  }
  return slices;
}

/**
 * Phone spans in the normalized `text`, for the given default regions (each tried; overlapping
 * finds keep the earliest, then the longest). `budget` is spent as libphonenumber reads; pass one
 * shared budget to every search of one masking.
 */
export function findPhoneSpans(text: string, regions: readonly CountryCode[], budget: ScanBudget = scanBudget()): Span[] {
  const found: Span[] = [];
  for (const slice of slicesOf(text, phoneRuns(text))) {
    if (budget.libphonenumber < (slice.end - slice.start) * regions.length) {
      found.push(wholeRun(text, slice));
      continue;
    }
    const part = text.slice(slice.start, slice.end);
    // An international number ('+44 …') reads the same in every region: one pass is enough.
    const passes = /^[^0-9]*\+/.test(part) ? regions.slice(0, 1) : regions;
    budget.libphonenumber -= part.length * passes.length;
    const before = found.length;
    for (const region of passes) {
      countSteps(part.length);
      countLibphonenumberChars(part.length);
      for (const match of findPhoneNumbersInText(part, { defaultCountry: region })) {
        const value = part.slice(match.startsAt, match.endsAt);
        if (isBareLandline(value, match.number.getType())) continue;
        found.push({ start: slice.start + match.startsAt, end: slice.start + match.endsAt });
      }
    }
    // '+44 7700 900123' is written as a phone but sits in a range kept for fiction, so libphonenumber
    // finds nothing; a '+' and 8 to 15 digits is a phone however the ranges read: mask it.
    if (found.length === before) {
      const international = internationalNumber(text, slice);
      if (international) found.push(international);
    }
  }
  return nonOverlapping(found);
}

/**
 * A national number written as bare digits (no '+', no trunk '0', no separators) counts only when it
 * is a mobile number: "13912345678" is a Chinese mobile, "2026122500" is more likely an order number.
 */
function isBareLandline(value: string, type: string | undefined): boolean {
  return /^[1-9]\d*$/.test(value) && type !== 'MOBILE';
}

/** The span from '+' to the run's last digit when the slice is one '+' number of 8 to 15 digits. */
function internationalNumber(text: string, slice: Span): Span | undefined {
  const plus = text.indexOf('+', slice.start);
  if (plus < 0 || plus >= slice.end) return undefined;
  const { end } = wholeRun(text, slice);
  let digits = 0;
  for (let k = plus + 1; k < end; k++) if (isDigit(text.charCodeAt(k))) digits++;
  if (digits < 8 || digits > 15 || !isDigit(text.charCodeAt(plus + 1))) return undefined;
  return { start: plus + 1, end };
}

/** A slice's digits from its first to its last, for a run past the budget. */
function wholeRun(text: string, slice: Span): Span {
  let start = slice.start;
  while (!isDigit(text.charCodeAt(start))) start++;
  let end = slice.end;
  while (!isDigit(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

function nonOverlapping(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of spans) {
    const last = kept.at(-1);
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}
