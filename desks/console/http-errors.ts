/**
 * HTTP edges of the agent API: one JSON error shape `{ error: { code, message } }`, the status each
 * `DeskErrorCode` maps to, and the error handler that keeps bad input from ever becoming a 5xx.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { channelErrorHandler, type ErrorWords, sendRefusal } from '../../adapters/kit/http-errors.js';
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
  in_progress: 409,
  key_reused: 422,
};

/** Sends `{ error: { code, message } }` with `status` (the channel kit's `sendRefusal`). */
export const sendError: (res: Response, status: number, code: string, message: string) => void = sendRefusal;

/**
 * Answers an `ActionResult`: 200 `{ ticket }` (with `notices`, `messageId` and `repeated` when set), or the
 * mapped status and `{ error }`.
 */
export function sendResult(res: Response, result: ActionResult): void {
  if (result.ok) {
    const { ticket, notices, messageId, repeated } = result;
    res.json({ ticket, ...(notices ? { notices } : {}), ...(messageId ? { messageId } : {}), ...(repeated ? { repeated } : {}) });
    return;
  }
  sendError(res, STATUS_OF_CODE[result.code] ?? 400, result.code, result.message);
}

/** The agent API's words for the channel kit's error mapping (adapters/kit/http-errors.ts). */
export const AGENT_API_ERROR_WORDS: ErrorWords = {
  badJson: { code: 'invalid', message: 'The body is not valid JSON. Send e.g. {"text":"Hello"} with Content-Type: application/json.' },
  tooLarge: { code: 'too_large', message: 'The body is too large; texts are limited to 4000 characters.' },
  unreadable: { code: 'invalid', message: 'The request could not be read; send JSON with Content-Type: application/json.' },
  unavailable: { code: 'unavailable', message: 'The handoff store cannot be reached right now; nothing was changed. Try again in a moment.' },
  internal: { code: 'internal', message: 'The desk failed; try again shortly.' },
};

/**
 * The API's error handler, the channel kit's mapping in the agent API's words: RequestError keeps its
 * status; body-parser's malformed JSON is a 400 and its size refusal a 413; other 4xx from express stay
 * 4xx; the handoff store out of reach (Redis away) is a 503 to retry; anything else is logged and
 * answered 500 without internals (a desk failure, never the caller's input).
 */
export function agentApiErrorHandler(logger?: Logger): ErrorRequestHandler {
  return channelErrorHandler({
    channel: 'console desk',
    words: AGENT_API_ERROR_WORDS,
    failedLine: 'console desk: request failed',
    ...(logger ? { logger } : {}),
  });
}
