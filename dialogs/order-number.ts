/**
 * Order numbers as customers type them: "#A1001", "a1001", "A-1001", "订单号A1001", "my order is A1001".
 * The canonical form is upper case without '#' or '-' ("A1001"); shops with another scheme pass their own
 * pattern to `extractOrderNumber`.
 */

/**
 * One or two letters then 4 to 10 digits, not glued to other latin letters or digits. CJK characters around
 * it are fine ("订单号A1001查一下"), which is why this is not a `\b` boundary: `\b` treats CJK as non-word
 * but also splits "A1001x".
 */
export const DEFAULT_ORDER_PATTERN = /(?<![A-Za-z0-9])#?([A-Za-z]{1,2})[-\s]?(\d{4,10})(?![A-Za-z0-9])/;

/** The canonical form of an order number, or undefined when `input` holds none. */
export function normalizeOrderNumber(input: string, pattern: RegExp = DEFAULT_ORDER_PATTERN): string | undefined {
  return extractOrderNumber(input, pattern);
}

/**
 * Finds the first order number in free text, in any language.
 *
 * @example extractOrderNumber('where is 订单号 #a1001?') // 'A1001'
 */
export function extractOrderNumber(text: string, pattern: RegExp = DEFAULT_ORDER_PATTERN): string | undefined {
  // Full-width letters and digits (Ａ１００１) come from Chinese IMEs; fold them to ASCII first.
  const folded = text.normalize('NFKC');
  const match = pattern.exec(folded);
  if (!match) return undefined;
  const groups = match.slice(1).filter((g): g is string => g !== undefined);
  return groups.join('').toUpperCase();
}
