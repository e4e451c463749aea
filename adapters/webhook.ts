/**
 * Webhook checks every channel shares, written once: constant-time comparison of secrets, the
 * HMAC-SHA256 body signatures Meta (WhatsApp, Messenger) and others put in a header, and a bound on
 * how deep a payload may nest.
 */
import { createHmac } from 'node:crypto';
import { secretsEqual } from '../infra/secrets.js';

/** Compares two secrets or signatures in constant time (infra/secrets.ts); kept under the channels' name. */
export const safeEqual = secretsEqual;

/** The lowercase hex HMAC-SHA256 of `body` with `secret`. */
export function hmacSha256Hex(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Checks a `sha256=<hex>` signature header against the raw request body.
 * The body must be the exact bytes received: re-serialising parsed JSON changes them (key order,
 * escapes, whitespace) and every signature would fail.
 * @example verifySha256Signature(rawBody, req.get('x-hub-signature-256'), appSecret)
 */
export function verifySha256Signature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  return safeEqual(hmacSha256Hex(secret, rawBody), match[1].toLowerCase());
}

/** How deep a payload may nest. Real activities and updates nest fewer than 12 levels. */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * True when `value` nests deeper than `maxDepth` objects or arrays. JSON.parse reads any depth, but
 * JSON.stringify and structuredClone recurse and throw a RangeError past a few thousand levels, which
 * would fail a write long after the request was taken; checking at the door turns that into a 400.
 * Iterative, so the check itself cannot overflow the stack.
 */
export function nestsDeeperThan(value: unknown, maxDepth = MAX_PAYLOAD_DEPTH): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxDepth) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}
