/**
 * International bank account numbers (ISO 13616): country letters, two check digits and up to 30
 * letters or digits (either case), unbroken or in groups of four ("GB82 WEST 1234 5698 7654 32"), valid when the
 * rearranged number is 1 modulo 97. Refund requests carry them. Linear: each candidate start reads at
 * most 34 characters and each character starts at most one candidate.
 */
import type { Span } from './cards.js';
import { isDigit, isLetter, isWordChar } from './normalize.js';
import { countSteps } from './work-meter.js';

const MIN_LENGTH = 15; // Norway
const MAX_LENGTH = 34;

const isUpper = (code: number) => code >= 65 && code <= 90;
const isAlnum = (code: number) => isDigit(code) || isLetter(code);

/** Whether `iban` (letters and digits only) passes the mod-97 check. */
export function passesMod97(iban: string): boolean {
  if (iban.length < MIN_LENGTH || iban.length > MAX_LENGTH) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const char of rearranged.toUpperCase()) {
    const code = char.charCodeAt(0);
    if (isDigit(code)) rest = (rest * 10 + code - 48) % 97;
    else if (isUpper(code)) rest = (rest * 100 + code - 55) % 97;
    else return false;
  }
  return rest === 1;
}

/** IBAN spans in the normalized `text`. */
export function findIbanSpans(text: string): Span[] {
  const found: Span[] = [];
  for (let i = 0; i + MIN_LENGTH <= text.length; i++) {
    if (!startsIban(text, i)) continue;
    const span = ibanAt(text, i);
    if (span) {
      found.push(span);
      i = span.end - 1;
    }
  }
  return found;
}

function startsIban(text: string, i: number): boolean {
  if (i > 0 && isWordChar(text.charCodeAt(i - 1))) return false;
  return isLetter(text.charCodeAt(i)) && isLetter(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && isDigit(text.charCodeAt(i + 3));
}

/** The longest valid IBAN starting at `start`, spaces allowed only between groups of four. */
function ibanAt(text: string, start: number): Span | undefined {
  let chars = '';
  // Ends where an IBAN may stop: after a character followed by a non-word character.
  const ends: { length: number; end: number }[] = [];
  let at = start;
  while (at < text.length && chars.length < MAX_LENGTH) {
    const code = text.charCodeAt(at);
    if (isAlnum(code)) {
      chars += text[at];
      at++;
      if (at >= text.length || !isWordChar(text.charCodeAt(at))) ends.push({ length: chars.length, end: at });
    } else if (code === 32 && chars.length % 4 === 0 && at + 1 < text.length && isAlnum(text.charCodeAt(at + 1))) {
      at++;
    } else break;
  }
  countSteps(at - start);
  for (let k = ends.length - 1; k >= 0; k--) {
    if (passesMod97(chars.slice(0, ends[k].length))) return { start, end: ends[k].end };
  }
  return undefined;
}
