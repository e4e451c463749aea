/**
 * The webhook endpoint Meta calls: `GET` for the subscription handshake, `POST` for messages and
 * statuses. A POST is checked against `X-Hub-Signature-256` on the raw bytes before anything is parsed,
 * then acknowledged with 200 as soon as the adapter has taken it; the turns run after the answer.
 * Refusals are JSON `{ error: { code, message } }`; a 5xx makes Meta deliver the body again later.
 */
import express, { type Router } from 'express';
import type { Logger } from '../../infra/logger.js';
import type { BotLogic } from '../channel.js';
import { type ChannelErrorBody, channelErrorHandler, sendRefusal } from '../kit/http-errors.js';
import type { WhatsAppCloudAdapter } from './cloud-api-adapter.js';
import { verifySubscription, verifyWebhookSignature } from './verification.js';

/** Options of `createCloudApiRouter`. */
export interface CloudApiRouterOptions {
  adapter: WhatsAppCloudAdapter;
  logic: BotLogic;
  appSecret: string;
  verifyToken: string;
  /** False once the channel stops: POSTs get 503 so Meta retries them on another instance. */
  isAccepting?: () => boolean;
  /** Largest accepted body (default '1mb'; Meta's batches are a few kilobytes). */
  maxBody?: string;
  logger?: Logger;
}

/** The body of every refusal. */
export type WebhookErrorBody = ChannelErrorBody;

const refuse = sendRefusal;

/**
 * Builds the webhook router; mount it at the Callback URL path given in Meta's dashboard, before any
 * app-wide body parser (one that reads the body first leaves nothing to check the signature against).
 */
export function createCloudApiRouter({
  adapter,
  logic,
  appSecret,
  verifyToken,
  isAccepting = () => true,
  maxBody = '1mb',
  logger,
}: CloudApiRouterOptions): Router {
  const router = express.Router();

  router.get('/', (req, res) => {
    const challenge = verifySubscription(req.query as Record<string, unknown>, verifyToken);
    if (challenge === undefined) {
      logger?.warn('whatsapp: webhook verification refused (wrong hub.verify_token or hub.mode)');
      return refuse(res, 403, 'verification_failed', 'hub.mode must be "subscribe" and hub.verify_token must equal WHATSAPP_VERIFY_TOKEN.');
    }
    res.type('text/plain').send(challenge);
  });

  // Raw bytes for every content type: the signature covers the exact body, so nothing may parse it first.
  router.post('/', express.raw({ type: () => true, limit: maxBody }), async (req, res, next) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyWebhookSignature(raw, req.get('x-hub-signature-256'), appSecret)) {
        logger?.warn({ hasSignature: req.get('x-hub-signature-256') !== undefined }, 'whatsapp: webhook with a missing or wrong signature refused');
        return refuse(
          res,
          401,
          'invalid_signature',
          'X-Hub-Signature-256 is missing or does not match the body. Meta signs with the App Secret (App settings > Basic); check WHATSAPP_APP_SECRET.',
        );
      }
      if (!isAccepting()) return refuse(res, 503, 'stopping', 'This instance is shutting down; deliver again.');
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse(res, 400, 'bad_json', 'The body is not valid JSON.');
      }
      const accepted = await adapter.acceptWebhook(body, logic);
      logger?.debug(accepted, 'whatsapp: webhook accepted');
      res.sendStatus(200);
    } catch (error) {
      next(error);
    }
  });

  router.use(
    channelErrorHandler({
      channel: 'whatsapp',
      words: {
        tooLarge: { code: 'too_large', message: `The body is larger than ${maxBody}.` },
        unavailable: { code: 'unavailable', message: 'The webhook could not be recorded now (store unreachable); it will be retried.' },
        internal: { code: 'internal', message: 'The webhook could not be stored; it will be retried.' },
      },
      logger,
      failedLine: 'whatsapp: webhook could not be taken; Meta will deliver it again',
    }),
  );
  return router;
}
