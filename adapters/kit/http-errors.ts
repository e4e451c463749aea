/**
 * One mapping from a thrown error to an HTTP refusal, shared by every channel's router and the server:
 * `RequestError` keeps its status and code; body-parser's malformed JSON is a 400 and its size refusal a
 * 413; an unreachable store is a 503 (the platform or client sends again); anything else is logged and
 * answered 500 without internals. Every body is `{ error: { code, message } }`; a channel only chooses
 * its own codes and words (Direct Line's `BadArgument`, Telegram's `bad_request`...).
 */
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Response } from 'express';
import { isStoreUnavailable, RequestError } from '../../infra/errors.js';

/** A refusal's code and the sentence that tells the caller what to do. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
}

/** The body of every refusal, in every channel. */
export interface ChannelErrorBody {
  error: { code: string; message: string };
}

/** A channel's words for each branch of the mapping. */
export interface ErrorWords {
  /** The body is not JSON (400). Absent: treated as `unreadable`, or else as internal. */
  readonly badJson?: Refusal;
  /** The body is over the size limit (413). */
  readonly tooLarge: Refusal;
  /** Any other 4xx body-parser refusal; absent: it is answered as internal (500), so the platform retries. */
  readonly unreadable?: Refusal;
  /** A store cannot be reached (503). */
  readonly unavailable: Refusal;
  /** Anything else (500). */
  readonly internal: Refusal;
}

/** The logger the mapping writes to: pino's or infra's. */
interface ErrorLogger {
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Options of `channelErrorHandler`. */
export interface ChannelErrorOptions {
  /** Names the channel in log lines, e.g. 'telegram'. */
  readonly channel: string;
  readonly words: ErrorWords;
  readonly logger?: ErrorLogger;
  /** The log line for a 500 (default '<channel>: request failed'). */
  readonly failedLine?: string;
  /** Logs a 503 as a warning with this line; unset logs nothing. */
  readonly unavailableLine?: string;
}

/** Sends `{ error: { code, message } }` with `status`. */
export function sendRefusal(res: Response, status: number, code: string, message: string): void {
  const body: ChannelErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

/** `sendRefusal` on a bare node response (an SDK's receiver hands those to its error callbacks, e.g. bolt's). */
export function writeRefusal(response: ServerResponse, status: number, code: string, message: string): void {
  const body: ChannelErrorBody = { error: { code, message } };
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** What `error` maps to: the status and refusal to send. */
export function mapError(error: unknown, words: ErrorWords): { status: number; refusal: Refusal; kind: 'request' | 'unavailable' | 'internal' } {
  if (error instanceof RequestError) return { status: error.status, refusal: { code: error.code, message: error.message }, kind: 'request' };
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return { status: 413, refusal: words.tooLarge, kind: 'request' };
  const badJson = words.badJson ?? words.unreadable;
  if (type === 'entity.parse.failed' && badJson) return { status: 400, refusal: badJson, kind: 'request' };
  const status = (error as { status?: unknown } | null)?.status;
  if (words.unreadable && typeof status === 'number' && status >= 400 && status < 500) return { status, refusal: words.unreadable, kind: 'request' };
  if (isStoreUnavailable(error)) return { status: 503, refusal: words.unavailable, kind: 'unavailable' };
  return { status: 500, refusal: words.internal, kind: 'internal' };
}

/**
 * The express error handler of a channel's router (mount it last with `router.use`).
 * @example router.use(channelErrorHandler({ channel: 'telegram', words: TELEGRAM_ERROR_WORDS, logger }));
 */
export function channelErrorHandler({ channel, words, logger, failedLine, unavailableLine }: ChannelErrorOptions): ErrorRequestHandler {
  return function channelError(error: unknown, _req, res, _next) {
    if (res.headersSent) return;
    const { status, refusal, kind } = mapError(error, words);
    if (kind === 'internal') logger?.error({ err: error }, failedLine ?? `${channel}: request failed`);
    if (kind === 'unavailable' && unavailableLine) logger?.warn({ err: error }, unavailableLine);
    sendRefusal(res, status, refusal.code, refusal.message);
  };
}
