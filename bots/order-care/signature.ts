/**
 * The order-events API's authentication: the shop signs the raw request body with its secret.
 *
 *   X-Baton-Timestamp: <unix seconds>
 *   X-Baton-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is inside the signature, and a request older (or newer) than the replay window
 * (default 5 minutes) is refused, so a captured request cannot be sent again later. The comparison is
 * constant-time. The same scheme as Stripe's and Slack's webhooks, so shops know how to write it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-baton-timestamp';
export const SIGNATURE_HEADER = 'x-baton-signature';

/** Why a request was refused; each maps to a clear answer. */
export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'missing_signature' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature'; readonly message: string };

/** The signature header value for `body` at `timestamp` (seconds). Shops compute the same. */
export function signOrderEvent(secret: string, timestamp: number | string, body: string | Buffer): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** Checks one request's headers against its raw body. */
export function verifyOrderSignature({
  secret,
  body,
  timestamp,
  signature,
  now,
  windowSeconds = 300,
}: {
  secret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  now: number;
  windowSeconds?: number;
}): SignatureCheck {
  if (!timestamp || !signature) {
    return { ok: false, code: 'missing_signature', message: `Sign the request: send ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} (docs/order-events.md).` };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, code: 'bad_timestamp', message: `${TIMESTAMP_HEADER} must be the Unix time in whole seconds, e.g. 1796000000.` };
  }
  if (Math.abs(now / 1000 - Number(timestamp)) > windowSeconds) {
    return {
      ok: false,
      code: 'stale_timestamp',
      message: `${TIMESTAMP_HEADER} is more than ${windowSeconds} s away from the server's clock: sign each request when you send it (and keep the clock in sync).`,
    };
  }
  const expected = Buffer.from(signOrderEvent(secret, timestamp, body));
  const given = Buffer.from(signature.slice(0, 200));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      ok: false,
      code: 'bad_signature',
      message: `${SIGNATURE_HEADER} does not match: HMAC-SHA256 of "<timestamp>.<raw body>" with the shop secret, hex, prefixed v1=.`,
    };
  }
  return { ok: true };
}
