/**
 * Masking personal data before a text reaches an agent's desk, a transcript or a log line.
 * Agents keep just enough to talk about it ("the card ending 1111", "j***@example.com").
 */
import { createHash } from 'node:crypto';
import { detectors, PII_PRIORITY, ScanContext, type PiiKind, type PiiMatch } from './detectors.js';
import { type ScanBudget, scanBudget } from './phones.js';

/** How many of each kind were masked. */
export type PiiCounts = Record<PiiKind, number>;

/** A masked text and what was found in it. */
export interface MaskResult {
  readonly text: string;
  readonly found: PiiCounts;
}

export interface MaskOptions {
  /** The kinds to mask; all by default. */
  readonly kinds?: readonly PiiKind[];
  /**
   * The conversation's locale ('en-GB', 'zh-CN'): its region is tried first for phones written in
   * national format. The shop's usual regions (US, GB, CN) are always tried as well.
   */
  readonly locale?: string;
  /** Extra ISO 3166 regions for national phone formats, e.g. the region of the customer's own number. */
  readonly regions?: readonly string[];
}

const emptyCounts = (): PiiCounts => ({ card: 0, email: 0, phone: 0, address: 0, 'national-id': 0, iban: 0 });

/**
 * The personal data in `text`, in reading order, overlaps resolved (e-mail > resident id > IBAN >
 * card > phone > address: a phone inside an address is one address). Linear in the text's length.
 */
export function findPii(text: string, options: MaskOptions = {}): PiiMatch[] {
  return scan(text, options, scanBudget());
}

function scan(text: string, { kinds = PII_PRIORITY, locale, regions }: MaskOptions, budget: ScanBudget): PiiMatch[] {
  const context = new ScanContext(text, { locale, regions }, budget);
  let kept: PiiMatch[] = [];
  for (const kind of PII_PRIORITY) {
    if (kinds.includes(kind)) kept = mergeWithoutOverlap(kept, detectors[kind](context));
  }
  return kept;
}

/**
 * `kept` (sorted, disjoint) plus those of `added` (sorted, disjoint) that overlap none of `kept`, in
 * one merge pass: comparing every pair would be quadratic in the number of matches.
 */
function mergeWithoutOverlap(kept: readonly PiiMatch[], added: readonly PiiMatch[]): PiiMatch[] {
  const out: PiiMatch[] = [];
  let k = 0;
  for (const match of added) {
    while (k < kept.length && kept[k].end <= match.start) out.push(kept[k++]);
    const clashes = (k < kept.length && kept[k].start < match.end) || (out.length > 0 && out[out.length - 1].end > match.start);
    if (!clashes) out.push(match);
  }
  while (k < kept.length) out.push(kept[k++]);
  return out;
}

/**
 * Masks cards (last 4 digits kept), e-mails (first character and domain kept), phones (last 4 digits
 * kept), resident ids (last 4 kept), IBANs (country and last 4 kept) and street addresses (replaced
 * by `[address]`). Idempotent: masking twice changes nothing.
 * @example maskPii('card 4111 1111 1111 1111').text // 'card **** **** **** 1111'
 */
export function maskPii(text: string, options: MaskOptions = {}): MaskResult {
  // Only a text of 7 digits or more can cost libphonenumber anything (a shorter one is no phone): the rest is cheap.
  const key = text.length >= MEMO_MIN_LENGTH && hasSevenDigits(text) ? memoKey(text, options) : undefined;
  const recent = key === undefined ? undefined : recentMasks.get(key);
  if (key !== undefined && recent !== undefined) {
    recentMasks.delete(key);
    recentMasks.set(key, recent);
    return { text: recent.text, found: { ...recent.found } };
  }
  const found = emptyCounts();
  let current = text;
  // Every round shares one libphonenumber budget (and every string of a structure, inside `withScanBudget`):
  // hostile digit soup costs one bounded masking, not one per round or per string.
  const budget = sharedBudget ?? scanBudget();
  // A masked number can uncover another in the digits around it (a card glued to a masked one, a
  // phone that read as part of a longer number): mask again until nothing new shows, so a second
  // call finds nothing. A round past the first runs only when the previous one found something.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const matches = scan(current, options, budget);
    if (matches.length === 0) break;
    current = applyMasks(current, matches, found);
  }
  if (key !== undefined) {
    // Kept even when the budget ran out (runs of digits then masked whole): over-masked hostile text, never less.
    recentMasks.set(key, { text: current, found: { ...found } });
    memoChars += current.length;
    while (recentMasks.size > MEMO_ENTRIES || memoChars > MEMO_CHARS) {
      const oldest = recentMasks.keys().next().value as string;
      memoChars -= (recentMasks.get(oldest) as MaskResult).text.length;
      recentMasks.delete(oldest);
    }
  }
  return { text: current, found };
}

/** The budget `withScanBudget` shares; undefined outside it. */
let sharedBudget: ScanBudget | undefined;

/**
 * Runs `mask` (synchronous: the masking of every string of one structure, an activity or a state) with one
 * libphonenumber budget for all of its strings, so a structure of many short strings of digits costs one
 * bounded masking, as one long text does. Nested calls share the outer budget.
 * @example const masked = withScanBudget(() => maskStrings(activity, maskSensitive));
 */
export function withScanBudget<T>(mask: () => T): T {
  if (sharedBudget) return mask();
  sharedBudget = scanBudget();
  try {
    return mask();
  } finally {
    sharedBudget = undefined;
  }
}

/** Whether `text` holds 7 digits of any script (the fewest a phone has), read until the seventh. */
function hasSevenDigits(text: string): boolean {
  let digits = 0;
  for (const _ of text.matchAll(/\p{Nd}/gu)) if (++digits >= 7) return true;
  return false;
}

/**
 * The results of the last texts of 7 digits or more masked: a customer's message (and its channelData) is
 * masked at rest by the activity log, the transcript, the desk's copy, the learning loop and the turn watch,
 * five or six times a turn, and a text of digit groups costs libphonenumber up to tens of milliseconds each time. Keyed by a digest of the text and the
 * options; holds masked texts only, never the text it was given.
 */
const recentMasks = new Map<string, MaskResult>();
let memoChars = 0;
const MEMO_MIN_LENGTH = 7;
/** Enough for every string of a structure at the field limits (8 KB of short strings) in both option sets a turn uses. */
const MEMO_ENTRIES = 2048;
/** About 2 MB of masked text at most. */
const MEMO_CHARS = 1_000_000;

function memoKey(text: string, { kinds = PII_PRIORITY, locale = '', regions = [] }: MaskOptions): string {
  // UTF-16 code units as they are: two texts differing only in a lone surrogate get different keys.
  return createHash('sha256')
    .update(`${kinds.join(',')}\u0000${locale}\u0000${regions.join(',')}\u0000`)
    .update(text, 'utf16le')
    .digest('base64');
}

/** Rounds of masking; a third finds something only on contrived digit soup. */
const MAX_ROUNDS = 4;

function applyMasks(text: string, matches: readonly PiiMatch[], found: PiiCounts): string {
  const out: string[] = [];
  let at = 0;
  for (const match of matches) {
    out.push(text.slice(at, match.start), maskOne(match));
    at = match.end;
    found[match.kind]++;
  }
  out.push(text.slice(at));
  return out.join('');
}

/** `maskPii(text).text`, for callers that only want the string. */
export function maskText(text: string, options?: MaskOptions): string {
  return maskPii(text, options).text;
}

function maskOne({ kind, value }: PiiMatch): string {
  switch (kind) {
    case 'email': {
      const at = value.search(/[@＠]/);
      // The first code point, not unit: a local part may start with a digit outside the BMP (𝟕).
      return `${String.fromCodePoint(value.codePointAt(0) as number)}***${value.slice(at)}`;
    }
    case 'card':
    case 'phone':
      return keepLast(value, 4, isDigitChar);
    case 'national-id':
      return keepLast(value, 4, (c) => isDigitChar(c) || /[XxＸｘ]/.test(c));
    case 'iban':
      return value.slice(0, 2) + keepLast(value.slice(2), 4, (c) => /[0-9A-Za-z]/.test(c) || isDigitChar(c));
    case 'address':
      return '[address]';
  }
}

const DECIMAL_DIGIT = /\p{Nd}/u;
/** A decimal digit of any script (ASCII, full-width, Arabic-Indic, Devanagari...), as the detectors read them. */
const isDigitChar = (c: string) => (c >= '0' && c <= '9') || DECIMAL_DIGIT.test(c);

/** Replaces every character `counts` but the last `keep` with '*', leaving separators in place. */
function keepLast(value: string, keep: number, counts: (c: string) => boolean): string {
  let left = 0;
  for (const c of value) if (counts(c)) left++;
  let out = '';
  for (const c of value) out += counts(c) && left-- > keep ? '*' : c;
  return out;
}
