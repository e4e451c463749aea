/**
 * Every Unicode decimal digit system (\p{Nd}), found by scanning the code space rather than listed, so
 * a test covers the digits of whatever Unicode version Node carries. Each system is ten code points in a
 * row, zero first (a Unicode stability guarantee).
 */

const isDecimalDigit = (codePoint: number) => /\p{Nd}/u.test(String.fromCodePoint(codePoint));

function findDigitZeros(): number[] {
  const zeros: number[] = [];
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
    if (codePoint === 0xd800) codePoint = 0xe000; // surrogates are no characters
    // Runs of several systems (the mathematical digits) hold one zero every ten code points.
    if (isDecimalDigit(codePoint) && (zeros.length === 0 || codePoint >= zeros[zeros.length - 1]! + 10)) zeros.push(codePoint);
  }
  return zeros;
}

/** The zero of every decimal digit system, ASCII '0' first. */
export const DIGIT_ZEROS: readonly number[] = findDigitZeros();

/** `text` with its ASCII digits written in the system whose zero is `zero`. */
export function inDigitSystem(text: string, zero: number): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCodePoint(zero + Number(digit)));
}
