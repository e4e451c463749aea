/**
 * The order-events API, signed with the shop secret (signature.ts):
 *
 * - `POST /api/orders/events`: one order event; 202 with `{ eventId, accepted, notices }`, the same
 *   answer for a repeated event id (header `Idempotent-Replayed: true`), nothing scheduled twice.
 * - `POST /api/orders/subscriptions`: the shop opts a customer in at checkout with their channel
 *   address; 204.
 *
 * Bodies are JSON of at most 8 KB, validated with zod; refusals say what to fix: 401 for a missing or
 * wrong signature or a timestamp outside the replay window, 400 for a bad body, 413 too large, 415 not
 * JSON, 429 over the request rate, 503 while ORDER_EVENTS_SECRET is unset.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { maskForRecord } from '../../handoff/privacy/index.js';
import type { Logger } from '../../infra/logger.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import type { OrderCare } from './order-care.js';
import { isTimeZone } from './quiet-hours.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyOrderSignature } from './signature.js';

/** The largest body the API reads. */
export const ORDER_BODY_LIMIT = 8 * 1024;

const orderNumber = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1 to 40 letters, digits, _ or -, e.g. A1001');
/**
 * Every free-text field of an event (carrier, reason): the shop's own words go to everyone following
 * the order (following takes only its number) and wait in the schedule until sent, so each is capped,
 * rid of control characters and masked as a transcript is. Add a new free-text field only through this.
 */
const freeText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => maskForRecord(withoutControls(value).trim()));

/** Control characters (line breaks, escapes) become spaces: the text goes into a chat message. */
const withoutControls = (value: string) => [...value].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('');

export const eventSchema = z
  .object({
    id: z.string().regex(/^[\w.:-]{1,100}$/, 'must be 1 to 100 letters, digits and . : _ -, unique per event (retries reuse it)'),
    kind: z.enum(['shipped', 'delayed', 'out_for_delivery', 'delivered', 'refund_paid'], {
      error: 'must be one of shipped, delayed, out_for_delivery, delivered, refund_paid',
    }),
    orderNumber,
    carrier: freeText(60).optional(),
    eta: z.iso.date({ error: 'must be a date like 2026-12-24' }).optional(),
    reason: freeText(200).optional(),
    amount: z.number().min(0).max(1e9).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD')
      .optional(),
  })
  .strict();

export const optInSchema = z
  .object({
    orderNumber,
    channel: z.enum(['telegram', 'whatsapp'], { error: 'must be telegram or whatsapp' }),
    address: z.string().regex(/^-?\d{1,20}$/, "must be the customer's Telegram chat id or WhatsApp number (digits, no +)"),
    locale: z.enum(['en', 'zh']).default('en'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin').optional(),
  })
  .strict();

export interface OrderEventsRouterOptions {
  /** ORDER_EVENTS_SECRET; unset: the API answers 503. */
  readonly secret: string | undefined;
  readonly orderCare: OrderCare;
  /** Requests per client address and minute (shared on Redis). */
  readonly limiter: RateLimiter;
  readonly now?: () => number;
  readonly logger?: Logger;
}

const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

export function createOrderEventsRouter({ secret, orderCare, limiter, now = () => Date.now(), logger }: OrderEventsRouterOptions): Router {
  const router = express.Router();
  const raw = express.raw({ type: () => true, limit: ORDER_BODY_LIMIT });

  /** Verifies and parses a signed JSON body, or answers the refusal and resolves undefined. */
  async function signedBody(req: Request, res: Response): Promise<unknown> {
    if (!secret) {
      fail(res, 503, 'not_configured', 'Order events are off: set ORDER_EVENTS_SECRET (32+ random characters) and share it with the shop.');
      return undefined;
    }
    const rate = await limiter.consume(req.ip ?? 'unknown');
    if (!rate.allowed) {
      res.setHeader('retry-after', String(rate.retryAfterSeconds));
      fail(res, 429, 'rate_limited', `Too many requests; retry in ${rate.retryAfterSeconds} s.`);
      return undefined;
    }
    if (!req.is('application/json')) {
      fail(res, 415, 'unsupported_media_type', 'Send the event as JSON with Content-Type: application/json.');
      return undefined;
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifyOrderSignature({ secret, body, timestamp: req.get(TIMESTAMP_HEADER), signature: req.get(SIGNATURE_HEADER), now: now() });
    if (!check.ok) {
      logger?.warn({ code: check.code }, 'order events: request refused');
      fail(res, 401, check.code, check.message);
      return undefined;
    }
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      fail(res, 400, 'invalid_json', 'The body is not valid JSON.');
      return undefined;
    }
  }

  const invalid = (res: Response, error: z.ZodError) =>
    fail(res, 400, 'invalid', error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`).join('; '));

  router.post('/api/orders/events', raw, async (req, res, next) => {
    try {
      const body = await signedBody(req, res);
      if (body === undefined) return;
      const parsed = eventSchema.safeParse(body);
      if (!parsed.success) return void invalid(res, parsed.error);
      const { replayed, status, body: answer } = await orderCare.acceptEvent(parsed.data);
      if (replayed) res.setHeader('idempotent-replayed', 'true');
      res.status(status).json(answer);
    } catch (error) {
      next(error);
    }
  });

  router.post('/api/orders/subscriptions', raw, async (req, res, next) => {
    try {
      const body = await signedBody(req, res);
      if (body === undefined) return;
      const parsed = optInSchema.safeParse(body);
      if (!parsed.success) return void invalid(res, parsed.error);
      await orderCare.optInAtCheckout(parsed.data);
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  // Too large (413) and other body errors from express.raw, answered as JSON like the rest.
  router.use('/api/orders', (error: { status?: number; type?: string }, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (error?.type === 'entity.too.large') return void fail(res, 413, 'too_large', `The body is over ${ORDER_BODY_LIMIT} bytes; send one event per request.`);
    if (typeof error?.status === 'number' && error.status < 500) return void fail(res, error.status, 'bad_request', 'The request could not be read.');
    next(error);
  });
  return router;
}
