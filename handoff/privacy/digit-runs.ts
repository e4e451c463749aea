/**
 * Digit runs as people type long numbers: groups of digits joined by one space, dash or dot
 * ("4111 1111 1111 1111", "4111-1111-…", "4111.1111.…"), found in one pass over the normalized
 * text. A run glued to a word, a '+' or a mask ('*') at either end loses the glued group, so an
 * order id (A1001), a SKU (4111…X) or an already-masked number is never read as a fresh number.
 */
import { isDigit, isWordChar } from './normalize.js';
import { countSteps } from './work-meter.js';

/** One group of digits: `[start, end)` in the text. */
export interface DigitGroup {
  readonly start: number;
  readonly end: number;
}

const isSeparator = (code: number) => code === 32 || code === 45 || code === 46; // ' ' '-' '.'
// Before a run: a word character, '+' (a phone's country code), '*' (a mask) or '-' (a masked or negative number).
const gluedBefore = (code: number) => isWordChar(code) || code === 43 || code === 42 || code === 45;
// After a run: a word character, '*' or '-'.
const gluedAfter = (code: number) => isWordChar(code) || code === 42 || code === 45;

/**
 * Every run of digit groups in `text` (already normalized), each as its groups in order; a run's
 * glued first or last group is dropped (and the run with it unless a space parted that group).
 */
export function digitRuns(text: string): DigitGroup[][] {
  const runs: DigitGroup[][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const groups: DigitGroup[] = [];
    const separators: number[] = [];
    let at = i;
    for (;;) {
      let end = at;
      while (end < n && isDigit(text.charCodeAt(end))) end++;
      groups.push({ start: at, end });
      const sep = end < n ? text.charCodeAt(end) : -1;
      if (isSeparator(sep) && end + 1 < n && isDigit(text.charCodeAt(end + 1))) {
        separators.push(sep);
        at = end + 1;
        continue;
      }
      i = end;
      break;
    }
    countSteps(i - groups[0].start);
    const before = groups[0].start > 0 ? text.charCodeAt(groups[0].start - 1) : -1;
    const after = i < n ? text.charCodeAt(i) : -1;
    let first = 0;
    let last = groups.length - 1;
    if (before >= 0 && gluedBefore(before)) {
      if (separators[0] !== 32) continue;
      first = 1;
    }
    if (after >= 0 && gluedAfter(after)) {
      if (separators[last - 1] !== 32) continue;
      last -= 1;
    }
    if (first <= last) runs.push(groups.slice(first, last + 1));
  }
  return runs;
}
