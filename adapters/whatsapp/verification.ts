/**
 * WhatsApp Cloud API webhook verification: the subscription handshake Meta does once when the webhook
 * URL is saved in the dashboard (a GET with the verify token), and the signature on every POST
 * (`X-Hub-Signature-256`, an HMAC-SHA256 of the raw body keyed with the app secret).
 */
import { safeEqual, verifySha256Signature } from '../webhook.js';

/** The query Meta sends when the webhook URL is saved: `hub.mode`, `hub.verify_token`, `hub.challenge`. */
export type SubscriptionQuery = Record<string, unknown>;

/**
 * The challenge to echo when the subscription request carries our verify token, else undefined (answer 403).
 * express parses `hub.mode=…` into the key 'hub.mode' (the dot is not nesting), which is what is read here.
 * @example
 * const challenge = verifySubscription(req.query, verifyToken);
 * challenge === undefined ? res.sendStatus(403) : res.type('text/plain').send(challenge);
 */
export function verifySubscription(query: SubscriptionQuery, verifyToken: string): string | undefined {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || challenge === '') return undefined;
  return safeEqual(token, verifyToken) ? challenge : undefined;
}

/**
 * True when `X-Hub-Signature-256` matches the raw body. Meta signs with the App Secret of the app the
 * webhook belongs to (App settings > Basic), not with the access token.
 */
export function verifyWebhookSignature(rawBody: Buffer, signatureHeader: string | undefined, appSecret: string): boolean {
  return verifySha256Signature(rawBody, signatureHeader, appSecret);
}
