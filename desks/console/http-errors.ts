/**
 * HTTP edges of the agent API: one JSON error shape `{ error: { code, message } }`, the status each
 * `DeskErrorCode` maps to, and the error handler that keeps bad input from ever becoming a 5xx.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { isStoreUnavailable, RequestError } from '../../infra/errors.js';
import type { ActionResult, DeskErrorCode } from '../../handoff/desk-api.js';

/** The body of every error answer of the agent API. */
export interface AgentApiErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/**
 * HTTP status of each refusal. Agent state refusals (`agent_unavailable`, `at_capacity`) are 409, not
 * 403: the agent is allowed to act, the current state forbids it, and changing it (presence, closing a
 * ticket) fixes it, which is what 409 means.
 */
export const STATUS_OF_CODE: Readonly<Record<DeskErrorCode, number>> = {
  not_found: 404,
  already_claimed: 409,
  not_queued: 409,
  not_holder: 409,
  agent_unavailable: 409,
  at_capacity: 409,
  empty_queue: 404,
  invalid: 400,
  delivery_failed: 502,
};

/** Sends `{ error: { code, message } }` with `status`. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: AgentApiErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

/** Answers an `ActionResult`: 200 `{ ticket }`, or the mapped status and `{ error }`. */
export function sendResult(res: Response, result: ActionResult): void {
  if (result.ok) {
    res.json({ ticket: result.ticket, ...(result.notices ? { notices: result.notices } : {}) });
    return;
  }
  sendError(res, STATUS_OF_CODE[result.code] ?? 400, result.code, result.message);
}

/**
 * The API's error handler: RequestError keeps its status; body-parser's malformed JSON is a 400 and
 * its size refusal a 413; other 4xx from express stay 4xx; the handoff store out of reach (Redis away)
 * is a 503 to retry; anything else is logged and answered 500 without internals (a desk failure,
 * never the caller's input).
 */
export function agentApiErrorHandler(logger?: Logger): ErrorRequestHandler {
  return function agentApiError(error: unknown, _req, res, _next) {
    if (res.headersSent) return;
    if (error instanceof RequestError) return sendError(res, error.status, error.code, error.message);
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed')
      return sendError(res, 400, 'invalid', 'The body is not valid JSON. Send e.g. {"text":"Hello"} with Content-Type: application/json.');
    if (type === 'entity.too.large') return sendError(res, 413, 'too_large', 'The body is too large; texts are limited to 4000 characters.');
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, status, 'invalid', 'The request could not be read; send JSON with Content-Type: application/json.');
    }
    if (isStoreUnavailable(error))
      return sendError(res, 503, 'unavailable', 'The handoff store cannot be reached right now; nothing was changed. Try again in a moment.');
    logger?.error({ err: error }, 'console desk: request failed');
    sendError(res, 500, 'internal', 'The desk failed; try again shortly.');
  };
}
