/**
 * Reading a customer's text from its end, one character at a time: what a `…[chars]*$` regex does, without
 * its retries from every character of a long run (quadratic in the run).
 */

/** The index where `text[..end)` ends once every character `drop` says yes to is cut from its end. */
export function endBefore(text: string, end: number, drop: (c: string) => boolean): number {
  let at = end;
  while (at > 0 && drop(text[at - 1] as string)) at--;
  return at;
}

/**
 * `text` without the slashes it ends with (a base URL or path set by the operator), read from the end once.
 * @example withoutTrailingSlashes('https://shop.example//') // 'https://shop.example'
 */
export function withoutTrailingSlashes(text: string): string {
  return text.slice(
    0,
    endBefore(text, text.length, (c) => c === '/'),
  );
}
