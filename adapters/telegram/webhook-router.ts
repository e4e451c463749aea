/**
 * The webhook endpoint as an express Router: `POST <mountPath>/webhook`.
 *
 * Acknowledge, then work: the secret header is checked before the body is even parsed, the update's
 * id is claimed in the dedupe store, and the 200 goes out before the turn runs. Telegram redelivers
 * anything not answered 2xx, so a failure to store the claim answers 500 (delivered again later), a
 * stopping instance answers 503 (another instance gets it), and bad input answers 4xx.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { isStoreUnavailable, RequestError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { BotLogic } from '../channel.js';
import type { TelegramWebhookErrorBody } from './payload-types.js';
import type { TelegramAdapter } from './telegram-adapter.js';
import { parseUpdate, SECRET_HEADER, verifySecretToken } from './verification.js';

/** The webhook's path inside the channel's mount path. */
export const WEBHOOK_PATH = '/webhook';

/** Options of `createWebhookRouter`. */
export interface WebhookRouterOptions {
  adapter: TelegramAdapter;
  logic: BotLogic;
  /** The `secret_token` registered with setWebhook; every call must carry it. */
  secretToken: string;
  /** False once the channel stops: updates are refused with 503 so Telegram retries elsewhere. */
  isAccepting: () => boolean;
  /** Body size limit; Telegram updates are a few kB (default '1mb'). */
  maxBodySize?: string;
  logger?: Logger;
}

/** Builds the webhook router; errors answer `{ error: { code, message } }`. */
export function createWebhookRouter({ adapter, logic, secretToken, isAccepting, maxBodySize = '1mb', logger }: WebhookRouterOptions): Router {
  const router = express.Router();

  const checkSecret: RequestHandler = (req, _res, next) => {
    verifySecretToken(req.get(SECRET_HEADER), secretToken);
    next();
  };

  router.post(WEBHOOK_PATH, checkSecret, express.json({ limit: maxBodySize, type: () => true }), async (req, res) => {
    if (!isAccepting()) throw new RequestError(503, 'unavailable', 'This instance is shutting down; Telegram will deliver the update again.');
    const update = parseUpdate(req.body);
    const result = await adapter.processUpdate(update, logic);
    if (result.outcome === 'ignored') logger?.debug({ updateId: update.update_id, reason: result.reason }, 'telegram: webhook update ignored');
    res.status(200).json({ ok: true });
  });

  router.use(webhookErrorHandler(logger));
  return router;
}

function send(res: Parameters<ErrorRequestHandler>[2], status: number, code: TelegramWebhookErrorBody['error']['code'], message: string): void {
  const body: TelegramWebhookErrorBody = { error: { code, message } };
  res.status(status).json(body);
}

/** RequestError keeps its status; body-parser's refusals are 400/413; anything else is logged and 500. */
function webhookErrorHandler(logger?: Logger): ErrorRequestHandler {
  return function telegramWebhookError(error: unknown, _req, res, _next) {
    if (res.headersSent) return;
    if (error instanceof RequestError) return send(res, error.status, error.code as TelegramWebhookErrorBody['error']['code'], error.message);
    const type = (error as { type?: unknown } | null)?.type;
    if (type === 'entity.parse.failed') return send(res, 400, 'bad_request', 'The body is not valid JSON; Telegram posts an Update as JSON.');
    if (type === 'entity.too.large') return send(res, 413, 'bad_request', 'The body is too large for a Telegram update.');
    if (isStoreUnavailable(error))
      return send(res, 503, 'unavailable', 'The update could not be recorded now (store unreachable); Telegram will deliver it again.');
    logger?.error({ err: error }, 'telegram: webhook call failed; Telegram will deliver it again');
    send(res, 500, 'internal', 'The update could not be accepted; it will be delivered again.');
  };
}
