/**
 * An ASCII view of a text for the detectors: full-width forms (U+FF01–FF5E, typed on Chinese and
 * Japanese keyboards: "４１１１ １１１１", "＠"), the ideographic space and Unicode dashes and spaces
 * become their ASCII twins, and every decimal digit of any script (\p{Nd}: Arabic-Indic "٤١١١",
 * Persian "۴۱۱۱", Devanagari "४१११", mathematical "𝟒𝟏𝟏𝟏"...) becomes the ASCII digit of its value.
 * Every mapping is one UTF-16 unit to one, except a digit outside the BMP (two units, one digit); the
 * view then carries `origin`, so a match found in the view is still cut from the original text.
 */

/** The ASCII twin of one UTF-16 unit, or the unit itself (digits are read by `digitValue`). */
function asciiOf(code: number): number {
  if (code < 0x80) return code;
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0;
  switch (code) {
    case 0x3000: // ideographic space
    case 0x00a0: // no-break space
    case 0x2007: // figure space
    case 0x202f: // narrow no-break space
      return 0x20;
    case 0x2010: // hyphen
    case 0x2011: // non-breaking hyphen
    case 0x2012: // figure dash
    case 0x2013: // en dash
    case 0x2212: // minus sign
      return 0x2d;
    default:
      return code;
  }
}

/** A decimal digit that is not ASCII; one native pass finds them all. */
const otherDigit = /(?![0-9])\p{Nd}/gu;
const isDecimalDigit = (codePoint: number) => /\p{Nd}/u.test(String.fromCodePoint(codePoint));

// The value of each decimal digit met so far: at most one entry per \p{Nd} code point (under a thousand).
const digitValues = new Map<number, number>();

/**
 * The value (0–9) of a \p{Nd} code point. Unicode encodes each digit system as ten code points in a
 * row, zero first, and adjacent systems (the mathematical digits) follow each other whole; so the
 * value is the distance from the start of the run of digits, modulo 10. Computed once per code point,
 * so any digit system, including one added to Unicode later, is read without a table to keep up.
 */
function digitValue(codePoint: number): number {
  let value = digitValues.get(codePoint);
  if (value === undefined) {
    let start = codePoint;
    while (isDecimalDigit(start - 1)) start--;
    value = (codePoint - start) % 10;
    digitValues.set(codePoint, value);
  }
  return value;
}

const otherDigits = /(?![0-9])\p{Nd}/gu;

/**
 * `text` with every decimal digit of another script written as the ASCII digit of its value; nothing else changes.
 * @example asciiDigits('ref ١٢٣ ok') // 'ref 123 ok'
 */
export function asciiDigits(text: string): string {
  return text.replace(otherDigits, (digit) => String(digitValue(digit.codePointAt(0) as number)));
}

/** The text the detectors read, and where its units come from. */
export interface AsciiView {
  readonly text: string;
  /**
   * The original index of each view index, and of the view's end at `text.length`; undefined when the
   * view has the original's length (index for index the same).
   */
  readonly origin?: readonly number[];
}

/**
 * The ASCII view of `text`, in one pass; returns `text` itself when nothing needs mapping.
 * @example asciiView('４１１１－١١١١').text // '4111-1111'
 */
export function asciiView(text: string): AsciiView {
  otherDigit.lastIndex = 0;
  let digit = otherDigit.exec(text);
  let first = digit ? digit.index : text.length;
  for (let i = 0; i < first; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 && asciiOf(code) !== code) {
      first = i;
      break;
    }
  }
  if (first === text.length) return { text };
  const parts: string[] = [text.slice(0, first)];
  // Chunks keep String.fromCharCode's argument list short on long texts.
  const chunk: number[] = [];
  let origin: number[] | undefined;
  let viewLength = first;
  const push = (unit: number, from: number) => {
    chunk.push(unit);
    origin?.push(from);
    viewLength++;
    if (chunk.length === 4096) parts.push(String.fromCharCode(...chunk.splice(0)));
  };
  for (let i = first; i < text.length; ) {
    if (digit?.index === i) {
      const found = digit[0];
      // The first digit of two units: from here on the view is shorter than the text.
      if (found.length === 2 && !origin) origin = Array.from({ length: viewLength }, (_, index) => index);
      push(48 + digitValue(found.codePointAt(0) as number), i);
      i += found.length;
      digit = otherDigit.exec(text);
      continue;
    }
    push(asciiOf(text.charCodeAt(i)), i);
    i++;
  }
  parts.push(String.fromCharCode(...chunk));
  origin?.push(text.length);
  return origin ? { text: parts.join(''), origin } : { text: parts.join('') };
}

/** Whether a UTF-16 unit of the ASCII view is an ASCII digit. */
export const isDigit = (code: number): boolean => code >= 48 && code <= 57;
/** Whether a UTF-16 unit is an ASCII letter. */
export const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
/** `\w` of a JS regex: ASCII letters, digits and '_'. */
export const isWordChar = (code: number): boolean => isDigit(code) || isLetter(code) || code === 95;
