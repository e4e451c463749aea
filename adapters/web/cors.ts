/**
 * CORS for the Direct Line API, so the widget and Microsoft's Web Chat work on the shop's own site (a
 * different origin from Baton's). The `cors` package writes the headers and answers preflights; this
 * file decides who gets them, and refuses a browser whose origin is not allowed with a JSON 403 (its
 * preflight too), so the call is never served, not merely hidden from the page.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';
import { sendError } from './request-guards.js';
import type { OriginPolicy } from './origins.js';

/**
 * The headers Direct Line clients send: botframework-directlinejs (inside Web Chat) adds
 * `x-ms-bot-agent`, and its RxJS ajax `X-Requested-With`; the widget sends the first two.
 */
export const DIRECT_LINE_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'x-ms-bot-agent', 'X-Requested-With'];

/** Options of `directLineCors`. */
export interface DirectLineCorsOptions {
  readonly policy: OriginPolicy;
  /** How long a browser may cache a preflight answer (default 600 s). */
  readonly maxAgeSeconds?: number;
}

/**
 * Middleware for the Direct Line router: CORS headers and preflight answers for allowed origins
 * (`Access-Control-Allow-Origin: *` in the open demo, the origin itself otherwise; no cookies are
 * used, so never credentials), 403 `Forbidden` for any other origin.
 */
export function directLineCors({ policy, maxAgeSeconds = 600 }: DirectLineCorsOptions): RequestHandler {
  const grant = cors({
    origin: policy.open ? '*' : true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: DIRECT_LINE_REQUEST_HEADERS,
    maxAge: maxAgeSeconds,
  });
  return function directLineCorsGuard(req, res, next) {
    const origin = req.get('origin');
    if (!policy.allows(origin, req.get('host'))) {
      res.vary('Origin');
      return sendError(
        res,
        403,
        'Forbidden',
        `Origin ${String(origin).slice(0, 200)} may not use this Direct Line API. Add it to ALLOWED_ORIGINS (comma-separated, e.g. https://shop.example) and restart Baton.`,
      );
    }
    grant(req, res, next);
  };
}
