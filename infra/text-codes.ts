/**
 * Codes, links and addresses cut out of a customer's text before its language or words are read: what
 * the global regexes `[#\w-]*\d[#\w-]*`, `[A-Za-z#]*\d[\w-]*` and `(https?:\/\/\S+|\S+@\S+|[#\w-]*\d[#\w-]*)`
 * did, with the same result on every text (property tests hold them to it), in one pass. The regexes
 * retried from every character of a long word without a digit (or a long token without '@'): quadratic,
 * so one 4,000-character word cost tens of milliseconds a call.
 */

const isAsciiDigit = (code: number) => code >= 48 && code <= 57;
const isAsciiLetter = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
/** `\w` (ASCII letters, digits, '_') or '-'. */
const isWordOrDash = (code: number) => isAsciiLetter(code) || isAsciiDigit(code) || code === 95 || code === 45;
/** `[#\w-]`. */
const isCodeChar = (code: number) => isWordOrDash(code) || code === 35;
/** `[A-Za-z#]`. */
const isLetterOrHash = (code: number) => isAsciiLetter(code) || code === 35;

/** JavaScript's `\s` (the same with and without the `u` flag). */
function isRegexSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * `text` with every run of `[#\w-]` that holds an ASCII digit replaced by `replacement`: order numbers,
 * amounts and codes ("A1001", "#12-34", "2026-12-25").
 * @example replaceCodes('order #A1001 now', ' 0 ') // 'order  0  now'
 */
export function replaceCodes(text: string, replacement: string): string {
  const parts: string[] = [];
  let kept = 0;
  let at = 0;
  while (at < text.length) {
    if (!isCodeChar(text.charCodeAt(at))) {
      at++;
      continue;
    }
    const start = at;
    let digit = false;
    for (; at < text.length && isCodeChar(text.charCodeAt(at)); at++) {
      if (isAsciiDigit(text.charCodeAt(at))) digit = true;
    }
    if (digit) {
      parts.push(text.slice(kept, start), replacement);
      kept = at;
    }
  }
  if (kept === 0) return text;
  parts.push(text.slice(kept));
  return parts.join('');
}

/**
 * `text` without the codes the global regex `[A-Za-z#]*\d[\w-]*` finds: letters (or '#') directly before a digit, the
 * digit and the word characters after it ("A1001", "#12-34", "RMA-77"). What is left tells whether the
 * message has words of its own.
 * @example withoutLetterCodes('A1001 where') // ' where'
 */
export function withoutLetterCodes(text: string): string {
  const parts: string[] = [];
  let kept = 0;
  let at = 0;
  while (at < text.length) {
    // Every start inside a run of letters reaches the same end of it: one look decides for the whole run.
    let end = at;
    while (end < text.length && isLetterOrHash(text.charCodeAt(end))) end++;
    if (end < text.length && isAsciiDigit(text.charCodeAt(end))) {
      let after = end + 1;
      while (after < text.length && isWordOrDash(text.charCodeAt(after))) after++;
      parts.push(text.slice(kept, at));
      kept = after;
      at = after;
    } else {
      at = end > at ? end : at + 1;
    }
  }
  if (kept === 0) return text;
  parts.push(text.slice(kept));
  return parts.join('');
}

/**
 * `text` with links (`http://…`, `https://…`), anything with an '@' inside it, and codes (see
 * `replaceCodes`) replaced by `replacement`, as the global regex `(https?:\/\/\S+|\S+@\S+|[#\w-]*\d[#\w-]*)`
 * replaces them: none of them says which language the customer writes in.
 * @example replaceNoise('mail a@b.example re A1001', ' ') // 'mail   re  '
 */
export function replaceNoise(text: string, replacement: string): string {
  const parts: string[] = [];
  let kept = 0;
  let at = 0;
  const n = text.length;
  while (at < n) {
    if (isRegexSpace(text.charCodeAt(at))) {
      at++;
      continue;
    }
    // One run of non-space characters: its end, and its last '@' with a character after it.
    let end = at;
    let lastAt = -1;
    while (end < n && !isRegexSpace(text.charCodeAt(end))) {
      if (text.charCodeAt(end) === 64) lastAt = end;
      end++;
    }
    if (lastAt === end - 1) {
      lastAt = -1;
      for (let k = end - 2; k > at; k--) {
        if (text.charCodeAt(k) === 64) {
          lastAt = k;
          break;
        }
      }
    }
    // Positions of the run, left to right, each trying the three alternatives in order.
    let codeRunEnd = -1;
    let codeRunLastDigit = -1;
    while (at < end) {
      const link = linkLength(text, at);
      if ((link > 0 && at + link < end) || lastAt > at) {
        parts.push(text.slice(kept, at), replacement);
        kept = end;
        at = end;
        break;
      }
      if (isCodeChar(text.charCodeAt(at))) {
        if (at >= codeRunEnd) {
          codeRunEnd = at;
          codeRunLastDigit = -1;
          while (codeRunEnd < end && isCodeChar(text.charCodeAt(codeRunEnd))) {
            if (isAsciiDigit(text.charCodeAt(codeRunEnd))) codeRunLastDigit = codeRunEnd;
            codeRunEnd++;
          }
        }
        if (codeRunLastDigit >= at) {
          parts.push(text.slice(kept, at), replacement);
          kept = codeRunEnd;
          at = codeRunEnd;
          continue;
        }
      }
      at++;
    }
  }
  if (kept === 0) return text;
  parts.push(text.slice(kept));
  return parts.join('');
}

/** 7 or 8 when `text` has 'http://' or 'https://' at `at`, else 0. */
function linkLength(text: string, at: number): number {
  if (!text.startsWith('http', at)) return 0;
  if (text.startsWith('://', at + 4)) return 7;
  if (text.startsWith('s://', at + 4)) return 8;
  return 0;
}
