/**
 * Payment card numbers: 13–19 digits passing Luhn, unbroken or grouped as cards print them, in ASCII
 * or full-width digits, with spaces, dashes or dots. Linear: each group starts at most
 * `MAX_CARD_GROUPS` windows, each of at most 19 digits.
 */
import type { DigitGroup } from './digit-runs.js';
import { countSteps } from './work-meter.js';

/** The fewest digits a card number has (and the most). */
export const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/** The most groups a printed card has (4-4-4-4-3). */
const MAX_CARD_GROUPS = 5;

/** The Luhn checksum every payment card number satisfies (and 90 % of random numbers fail). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** A span of the text: `[start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Card spans inside digit runs of the normalized `text`. A run can hold more than a card ("4111 1111
 * 1111 1111 123 Main St", a phone then a card), so windows of whole groups are tried, longest first,
 * each starting at a 4-digit group as cards are written (or one unbroken group); a window counts when
 * it has 13–19 digits, passes Luhn and overlaps none of `taken` (phones found first, sorted by start:
 * a Luhn-valid window can straddle a phone and the card after it).
 */
export function findCardSpans(text: string, runs: readonly (readonly DigitGroup[])[], taken: readonly Span[]): Span[] {
  const found: Span[] = [];
  let takenAt = 0;
  for (const groups of runs) {
    for (let i = 0; i < groups.length; i++) {
      const lastJ = Math.min(groups.length - 1, i + MAX_CARD_GROUPS - 1);
      for (let j = lastJ; j >= i; j--) {
        countSteps(1);
        if (!isCardWindow(groups, i, j)) continue;
        const length = digitCount(groups, i, j);
        if (length < MIN_CARD_DIGITS || length > MAX_CARD_DIGITS || !passesLuhn(digitsOf(text, groups, i, j))) continue;
        const span = { start: groups[i].start, end: groups[j].end };
        while (takenAt < taken.length && taken[takenAt].end <= span.start) takenAt++;
        if (takenAt < taken.length && taken[takenAt].start < span.end) continue;
        found.push(span);
        i = j;
        break;
      }
    }
  }
  return found;
}

/**
 * One unbroken group, or groups as cards print them (4-4-4-4, 4-6-5, 4-4-4-4-3): a date's 2-digit
 * month is never inside one.
 */
function isCardWindow(groups: readonly DigitGroup[], i: number, j: number): boolean {
  if (i === j) return true;
  if (groups[i].end - groups[i].start !== 4) return false;
  for (let k = i; k <= j; k++) {
    const length = groups[k].end - groups[k].start;
    if (length > 6 || (k < j && length < 3)) return false;
  }
  return true;
}

function digitCount(groups: readonly DigitGroup[], i: number, j: number): number {
  let count = 0;
  for (let k = i; k <= j; k++) count += groups[k].end - groups[k].start;
  return count;
}

function digitsOf(text: string, groups: readonly DigitGroup[], i: number, j: number): string {
  let digits = '';
  for (let k = i; k <= j; k++) digits += text.slice(groups[k].start, groups[k].end);
  return digits;
}
