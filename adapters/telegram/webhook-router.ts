/**
 * The webhook endpoint as an express Router: `POST <mountPath>/webhook`.
 *
 * Acknowledge, then work: the secret header is checked before the body is even parsed, the update's
 * id is claimed in the dedupe store, and the 200 goes out before the turn runs. Telegram redelivers
 * anything not answered 2xx, so a failure to store the claim answers 500 (delivered again later), a
 * stopping instance answers 503 (another instance gets it), and bad input answers 4xx.
 */
import express, { type RequestHandler, type Router } from 'express';
import { RequestError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { BotLogic } from '../channel.js';
import { channelErrorHandler, type ErrorWords } from '../kit/http-errors.js';
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

  router.use(
    channelErrorHandler({
      channel: 'telegram',
      words: TELEGRAM_ERROR_WORDS,
      logger,
      failedLine: 'telegram: webhook call failed; Telegram will deliver it again',
    }),
  );
  return router;
}

/** Telegram's words for the channel kit's error mapping (adapters/kit/http-errors.ts). */
export const TELEGRAM_ERROR_WORDS = {
  badJson: { code: 'bad_request', message: 'The body is not valid JSON; Telegram posts an Update as JSON.' },
  tooLarge: { code: 'bad_request', message: 'The body is too large for a Telegram update.' },
  unavailable: { code: 'unavailable', message: 'The update could not be recorded now (store unreachable); Telegram will deliver it again.' },
  internal: { code: 'internal', message: 'The update could not be accepted; it will be delivered again.' },
} as const satisfies ErrorWords & Record<string, { code: TelegramWebhookErrorBody['error']['code']; message: string }>;
