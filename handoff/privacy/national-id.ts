/**
 * Chinese resident identity numbers (居民身份证号码, GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence and a check character from ISO 7064 MOD 11-2 ('X' stands for 10). Written
 * unbroken or as 6-8-4 with spaces or dashes; cross-border customs ask for it, so customers paste it.
 */
import { isDigit, isWordChar } from './normalize.js';
import type { Span } from './cards.js';
import { countSteps } from './work-meter.js';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = '10X98765432';

/**
 * Whether 18 characters (17 digits and a digit or 'X') carry a valid check character, a region code
 * starting 1–8 and a plausible birth date: random 18-digit numbers pass 1 time in 11 on the check
 * alone, the date cuts that tenfold again.
 */
export function isResidentId(id: string): boolean {
  if (id.length !== 18 || !/^[1-8]\d{16}[\dXx]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * weights[i];
  return checkChars[sum % 11] === id[17].toUpperCase();
}

/** Resident id spans in the normalized `text`: one pass over its digit groups. */
export function findResidentIdSpans(text: string): Span[] {
  const found: Span[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    countSteps(end - i);
    const span = unbroken(text, i, end) ?? grouped(text, i, end);
    if (span) found.push(span);
    i = span ? span.end : end;
  }
  return found;
}

/** '11010119900307123X' in one group. */
function unbroken(text: string, start: number, end: number): Span | undefined {
  if (end - start === 18) return checked(text, start, end);
  if (end - start === 17 && (text[end] === 'X' || text[end] === 'x')) return checked(text, start, end + 1);
  return undefined;
}

/** '110101 19900307 123X', or with dashes. */
function grouped(text: string, start: number, end: number): Span | undefined {
  if (end - start !== 6) return undefined;
  const sep = text[end];
  if ((sep !== ' ' && sep !== '-') || text[end + 9] !== sep) return undefined;
  if (!/^\d{8}$/.test(text.slice(end + 1, end + 9)) || !/^\d{3}[\dXx]$/.test(text.slice(end + 10, end + 14))) return undefined;
  return checked(text, start, end + 14);
}

function checked(text: string, start: number, end: number): Span | undefined {
  const before = start > 0 ? text.charCodeAt(start - 1) : -1;
  const after = end < text.length ? text.charCodeAt(end) : -1;
  if ((before >= 0 && (isWordChar(before) || before === 42 || before === 43)) || (after >= 0 && (isWordChar(after) || after === 42))) return undefined;
  const id = text.slice(start, end).replace(/[ -]/g, '');
  return isResidentId(id) ? { start, end } : undefined;
}
