/**
 * The door in front of bolt's HTTP receiver at /slack/events. Bolt answers a forged or unreadable
 * request with an empty 401 or 400, and a request no listener acknowledges (a body whose type it cannot
 * tell, an interaction the desk has no listener for) only after 3 seconds, with an empty 404. This guard
 * checks the signature and the shape first and answers every refusal at once as JSON
 * `{ error: { code, message } }`, like Baton's other endpoints; what it lets through is a request the
 * desk handles, which bolt verifies again (it reads the same raw bytes from `req.rawBody`).
 */
import { createHmac } from 'node:crypto';
import { secretsEqual } from '../../infra/secrets.js';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { channelErrorHandler, sendRefusal } from '../../adapters/kit/http-errors.js';
import { ACTION, SEND_SHORTCUT, SLASH_COMMAND } from './desk-context.js';
import { isObject, NOT_JSON, parseJson } from './request-body.js';

/** Slack refuses to sign requests older than this; a replayed one is refused too. */
const MAX_AGE_SECONDS = 5 * 60;
const KNOWN_ACTIONS: ReadonlySet<string> = new Set(Object.values(ACTION));

export interface SlackRequestGuardOptions {
  readonly signingSecret: string;
  /** Largest body read (Slack's payloads are a few kilobytes). */
  readonly maxBody?: string;
  /** Seconds since the epoch; tests move it. */
  readonly now?: () => number;
  /** Where a request that fails unexpectedly is logged. */
  readonly logger?: Logger;
}

type Verdict =
  | { readonly pass: true }
  | { readonly status: number; readonly code: string; readonly message: string }
  | { readonly ack: Record<string, unknown> };

const refuse = (status: number, code: string, message: string): Verdict => ({ status, code, message });

/** Whether a signed body is something the desk handles, something to acknowledge and drop, or bad input. */
function classify(raw: string, contentType: string): Verdict {
  if (contentType.includes('application/json')) {
    const body = parseJson(raw);
    if (body === NOT_JSON) return refuse(400, 'bad_json', 'The body is not valid JSON.');
    if (!isObject(body)) return refuse(400, 'bad_request', 'The body must be an Events API object.');
    if (body.type === 'url_verification')
      return typeof body.challenge === 'string' ? { pass: true } : refuse(400, 'bad_request', 'url_verification needs a string "challenge".');
    if (body.type === 'event_callback' && isObject(body.event) && typeof body.event.type === 'string') return { pass: true };
    return refuse(400, 'bad_request', 'Not an Events API callback: expected "type":"event_callback" with an "event" object, or "url_verification".');
  }
  const form = new URLSearchParams(raw);
  const payloadText = form.get('payload');
  if (payloadText !== null) {
    const payload = parseJson(payloadText);
    if (payload === NOT_JSON) return refuse(400, 'bad_json', 'The "payload" field is not valid JSON.');
    if (isObject(payload) && payload.type === 'message_action') {
      // The "Send to customer" message shortcut; any other shortcut is not the desk's: acknowledged.
      if (payload.callback_id !== SEND_SHORTCUT) return { ack: {} };
      const ok = typeof (payload.user as Record<string, unknown> | undefined)?.id === 'string' && isObject(payload.message) && isObject(payload.channel);
      return ok ? { pass: true } : refuse(400, 'bad_request', 'message_action needs "user.id", "channel" and "message".');
    }
    if (!isObject(payload) || payload.type !== 'block_actions')
      return refuse(400, 'not_handled', 'The desk handles only block_actions interactions and its message shortcut.');
    const actions = payload.actions;
    if (!Array.isArray(actions) || !actions.every((action) => isObject(action) && typeof action.action_id === 'string')) {
      return refuse(400, 'bad_request', 'block_actions needs an "actions" array of objects with an "action_id".');
    }
    // A button of no desk listener (a link button, an old card's control): acknowledged, nothing to do.
    if (!actions.some((action) => KNOWN_ACTIONS.has(String((action as Record<string, unknown>).action_id)))) return { ack: {} };
    return typeof (payload.user as Record<string, unknown> | undefined)?.id === 'string'
      ? { pass: true }
      : refuse(400, 'bad_request', 'block_actions needs "user.id".');
  }
  const command = form.get('command');
  if (command === null) return refuse(400, 'bad_request', 'Expected a JSON event, a form with "payload", or a slash command.');
  if (command !== SLASH_COMMAND) return { ack: { response_type: 'ephemeral', text: `This app answers ${SLASH_COMMAND} only.` } };
  if (!form.get('user_id') || form.get('text') === null) return refuse(400, 'bad_request', `${SLASH_COMMAND} needs "user_id" and "text".`);
  return { pass: true };
}

/**
 * Middleware for POST /slack/events, mounted before bolt's own: refuses unsigned, forged, stale,
 * oversized and unreadable requests with JSON, acknowledges interactions the desk does not handle.
 */
export function slackRequestGuard({ signingSecret, maxBody = '1mb', now = () => Date.now() / 1000, logger }: SlackRequestGuardOptions): Router {
  const router = express.Router();

  router.post('/', express.raw({ type: () => true, limit: maxBody }), (req: Request, res: Response, next: NextFunction) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const timestamp = Number(req.get('x-slack-request-timestamp'));
    const signature = req.get('x-slack-signature') ?? '';
    if (!Number.isInteger(timestamp) || Math.abs(now() - timestamp) > MAX_AGE_SECONDS) {
      return sendRefusal(
        res,
        401,
        'invalid_signature',
        'X-Slack-Request-Timestamp is missing or more than 5 minutes off; Slack signs every request with the current time.',
      );
    }
    const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`;
    if (!secretsEqual(signature, expected))
      return sendRefusal(
        res,
        401,
        'invalid_signature',
        'X-Slack-Signature does not match the body; check SLACK_SIGNING_SECRET (Basic Information > Signing Secret).',
      );
    const verdict = classify(raw.toString('utf8'), req.get('content-type') ?? '');
    if ('ack' in verdict) return res.status(200).json(verdict.ack);
    if ('status' in verdict) return sendRefusal(res, verdict.status, verdict.code, verdict.message);
    // Bolt reads the body again from here (its receiver takes a pre-read `rawBody`).
    Object.assign(req, { rawBody: raw });
    next();
  });

  // The channel kit's mapping: a body over the limit is 413, any other unreadable body 400 (Slack's own words below).
  router.use(
    channelErrorHandler({
      channel: 'slack desk',
      words: {
        tooLarge: { code: 'too_large', message: `The body is larger than ${maxBody}.` },
        unreadable: { code: 'bad_request', message: 'The request body could not be read.' },
        unavailable: { code: 'unavailable', message: 'The desk could not take this request now; Slack will retry it.' },
        internal: { code: 'internal', message: 'The desk could not take this request; Slack will retry it.' },
      },
      ...(logger ? { logger } : {}),
    }),
  );
  return router;
}
