/**
 * A same-length ASCII view of a text for the detectors: full-width forms (U+FF01–FF5E, typed on
 * Chinese and Japanese keyboards: "４１１１ １１１１", "＠"), the ideographic space and Unicode
 * dashes and spaces become their ASCII twins. Every mapping is one UTF-16 unit to one, so an index
 * into the view is the same index into the original, and a match is cut from the original text.
 */

/** The ASCII twin of one UTF-16 unit, or the unit itself. */
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

/**
 * The ASCII view of `text`, the same length; returns `text` itself when nothing needs mapping.
 * @example normalizeWidth('４１１１－１１１１') // '4111-1111'
 */
export function normalizeWidth(text: string): string {
  let firstWide = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 && asciiOf(code) !== code) {
      firstWide = i;
      break;
    }
  }
  if (firstWide < 0) return text;
  const parts: string[] = [text.slice(0, firstWide)];
  // Chunks keep String.fromCharCode's argument list short on long texts.
  const chunk: number[] = [];
  for (let i = firstWide; i < text.length; i++) {
    chunk.push(asciiOf(text.charCodeAt(i)));
    if (chunk.length === 4096) parts.push(String.fromCharCode(...chunk.splice(0)));
  }
  parts.push(String.fromCharCode(...chunk));
  return parts.join('');
}

/** Whether a UTF-16 unit of the normalized view is an ASCII digit. */
export const isDigit = (code: number): boolean => code >= 48 && code <= 57;
/** Whether a UTF-16 unit is an ASCII letter. */
export const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
/** `\w` of a JS regex: ASCII letters, digits and '_'. */
export const isWordChar = (code: number): boolean => isDigit(code) || isLetter(code) || code === 95;
