/**
 * E-mail addresses, found from each '@' outwards (a regex starting at every letter would rescan the
 * local part from each start: quadratic on a long word without '@'). Each character is read at most
 * twice: once leftwards from the next '@', once rightwards from the previous one.
 */
import type { Span } from './cards.js';
import { isDigit, isLetter } from './normalize.js';
import { countSteps } from './work-meter.js';

// The local part: letters, digits and . _ % + -
const isLocal = (code: number) => isDigit(code) || isLetter(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45;
// A domain label: letters, digits and '-'.
const isLabel = (code: number) => isDigit(code) || isLetter(code) || code === 45;

/**
 * E-mail spans in the normalized `text`: a local part, '@', labels joined by dots, the last label
 * starting with two or more letters (the top-level domain; a trailing digit or dot stays outside).
 */
export function findEmailSpans(text: string): Span[] {
  const found: Span[] = [];
  let floor = 0; // no match starts before the end of the previous one, nor before the previous '@'
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > floor && isLocal(text.charCodeAt(start - 1))) start--;
    countSteps(at - start + 1);
    const end = start < at ? domainEnd(text, at + 1) : -1;
    if (end > 0) {
      found.push({ start, end });
      floor = end;
    } else floor = at + 1;
  }
  return found;
}

/** Where the domain starting at `from` ends, or -1 without a top-level domain. */
function domainEnd(text: string, from: number): number {
  let end = -1;
  let at = from;
  let labels = 0;
  for (;;) {
    const labelStart = at;
    while (at < text.length && isLabel(text.charCodeAt(at))) at++;
    countSteps(at - labelStart + 1);
    if (at === labelStart) break;
    if (labels > 0) {
      let letters = labelStart;
      while (letters < at && isLetter(text.charCodeAt(letters))) letters++;
      if (letters - labelStart >= 2) end = letters;
    }
    labels++;
    if (text.charCodeAt(at) !== 46) break;
    at++;
  }
  return end;
}
