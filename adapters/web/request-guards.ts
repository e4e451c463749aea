/**
 * HTTP edges of the Direct Line router: validating a posted activity, turning errors into Direct Line
 * error bodies (never a 5xx for bad input), and the URLs a client is handed back.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import type { ErrorRequestHandler, Request } from 'express';
import type { Logger } from 'pino';
import { serverMarkerIn, serverMarkerMessage } from '../../dialogs/server-markers.js';
import { RequestError } from '../../infra/errors.js';
import { channelErrorHandler, type ErrorWords, sendRefusal } from '../kit/http-errors.js';
import { assertActivityFieldLimits } from '../field-limits.js';
import { MAX_PAYLOAD_DEPTH, nestsDeeperThan } from '../webhook.js';

/**
 * Checks the shape Direct Line requires of a posted activity.
 * @throws RequestError 400 `BadArgument`/`MissingProperty` (also for a body nested too deep, or any
 * other field over its limit in `adapters/field-limits.ts`), 413 `MessageSizeTooBig` when `text` is too long.
 */
export function validatePostedActivity(body: unknown, maxTextLength: number): Partial<Activity> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'BadArgument', 'The body must be a JSON activity object, e.g. {"type":"message","text":"hi"}.');
  }
  if (nestsDeeperThan(body)) {
    throw new RequestError(400, 'BadArgument', `The activity nests deeper than ${MAX_PAYLOAD_DEPTH} levels; send a flatter channelData or value.`);
  }
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type.length === 0) {
    throw new RequestError(400, 'MissingProperty', 'The activity needs a "type", e.g. "message".');
  }
  if (activity.text !== undefined && activity.text !== null && typeof activity.text !== 'string') {
    throw new RequestError(400, 'BadArgument', 'Activity "text" must be a string.');
  }
  if (typeof activity.text === 'string' && activity.text.length > maxTextLength) {
    throw new RequestError(
      413,
      'MessageSizeTooBig',
      `Activity text is ${activity.text.length} characters; the limit is ${maxTextLength}. Send a shorter message.`,
    );
  }
  if (activity.from !== undefined && (typeof activity.from !== 'object' || activity.from === null)) {
    throw new RequestError(400, 'BadArgument', 'Activity "from" must be an object like {"id":"user1"}.');
  }
  if (activity.attachments !== undefined && !Array.isArray(activity.attachments)) {
    throw new RequestError(400, 'BadArgument', 'Activity "attachments" must be an array.');
  }
  assertActivityFieldLimits(activity);
  return activity as Partial<Activity>;
}

/**
 * Refuses an activity carrying a mark only the server writes (an agent's `channelData.baton`, a
 * `baton.*` event name), so a customer cannot pose as an agent or leave an internal note.
 * @throws RequestError 400 `BadArgument` naming the field.
 */
export function refuseServerMarkers(activity: Partial<Activity>): void {
  const field = serverMarkerIn(activity);
  if (field) throw new RequestError(400, 'BadArgument', serverMarkerMessage(field));
}

/** The 404 of a conversation never started, expired or erased. */
export function conversationNotFound(conversationId: string): RequestError {
  return new RequestError(404, 'NotFound', `Conversation '${conversationId}' does not exist or has expired. Start a new one with POST /conversations.`);
}

/** What a Direct Line client is told while the activity log cannot be reached. */
export const STORE_DOWN_MESSAGE = 'Messages cannot be stored right now, so nothing was sent or read. Try again in a moment.';

/** Sends a Direct Line error body. */
export function sendError(res: Parameters<ErrorRequestHandler>[2], status: number, code: string, message: string): void {
  sendRefusal(res, status, code, message);
}

/** Direct Line's words for the channel kit's error mapping (adapters/kit/http-errors.ts). */
export const DIRECT_LINE_ERROR_WORDS: ErrorWords = {
  badJson: { code: 'BadArgument', message: 'The body is not valid JSON.' },
  tooLarge: { code: 'MessageSizeTooBig', message: 'The activity is too large.' },
  unreadable: { code: 'BadArgument', message: 'The request could not be read.' },
  unavailable: { code: 'ServiceUnavailable', message: STORE_DOWN_MESSAGE },
  internal: { code: 'ServiceError', message: 'The service failed; try again shortly.' },
};

/**
 * The router's error handler: the kit's mapping in Direct Line's words. An unreachable activity log
 * (Redis away) is a 503 saying nothing was sent, so the client sends again.
 */
export function directLineErrorHandler(logger?: Logger): ErrorRequestHandler {
  return channelErrorHandler({
    channel: 'directline',
    words: DIRECT_LINE_ERROR_WORDS,
    logger,
    unavailableLine: 'directline: activity log unreachable; answered 503',
  });
}

/** The public base of the Direct Line API for this request, e.g. 'https://shop.example/v3/directline'. */
export function apiBase(req: Request, publicUrl: string | undefined, mountPath: string): string {
  if (publicUrl) return `${publicUrl.replace(/\/$/, '')}${mountPath}`;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl || mountPath}`;
}

/** The WebSocket stream URL for a conversation, carrying the token and the resume point. */
export function streamUrlFor(base: string, conversationId: string, token: string, watermark?: string): string {
  const url = new URL(`${base.replace(/^http/, 'ws')}/conversations/${encodeURIComponent(conversationId)}/stream`);
  if (watermark) url.searchParams.set('watermark', watermark);
  url.searchParams.set('t', token);
  return url.toString();
}
