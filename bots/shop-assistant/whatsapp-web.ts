/**
 * The demo bot's whatsapp-web.js channel, built from settings: off unless WHATSAPP_WEB=true. With Redis
 * the session, the leader lock and the outbox are shared, so any number of instances run and one holds
 * the browser; without it, this process does, and the session stays on disk in WHATSAPP_WEB_DATA_PATH.
 */
import type { RedisClient } from '../../infra/redis.js';
import type { TurnPipeline } from '../../adapters/channel.js';
import {
  createRedisSessionStore,
  createWebClientFactory,
  createWhatsAppWebChannel,
  type WebClientFactory,
  type WhatsAppWebChannel,
} from '../../adapters/whatsapp/index.js';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import type { Config } from '../../infra/config.js';
import type { MediaKit } from '../../adapters/media-intake.js';
import type { Logger } from '../../infra/logger.js';

/** What the channel shares with the rest of the bot. */
export interface WhatsAppWebWiring {
  pipeline: TurnPipeline;
  dedupe: DedupeStore;
  redis?: RedisClient;
  logger?: Logger;
  /** Replaces the real client (tests drive a fake one; nothing checks for chromium then). */
  createClient?: WebClientFactory;
  /** Photos and files both ways (bots/media-setup.ts). */
  media?: MediaKit;
}

/**
 * The channel when WHATSAPP_WEB=true, else undefined.
 * @throws ConfigError when whatsapp-web.js is not installed, or chromium is missing at
 * WHATSAPP_WEB_CHROMIUM_PATH (default /usr/bin/chromium).
 */
export function whatsAppWebChannelFromConfig(
  config: Config,
  { pipeline, dedupe, redis, logger, createClient, media }: WhatsAppWebWiring,
): WhatsAppWebChannel | undefined {
  if (!config.WHATSAPP_WEB) return undefined;
  const clientId = config.WHATSAPP_WEB_CLIENT_ID ?? 'baton';
  const dataPath = config.WHATSAPP_WEB_DATA_PATH ?? './.wwebjs_auth';
  const keyPrefix = config.REDIS_KEY_PREFIX;
  logger?.warn(
    'whatsapp-web: whatsapp-web.js is unofficial; WhatsApp may ban a number it sees as automated. Prefer the Cloud API (WHATSAPP_ACCESS_TOKEN...) for production.',
  );
  if (!config.ADMIN_TOKEN) logger?.warn('whatsapp-web: ADMIN_TOKEN is not set, so the QR page /whatsapp/qr is off; scan the code printed in this terminal.');
  return createWhatsAppWebChannel({
    pipeline,
    createClient:
      createClient ??
      createWebClientFactory({
        clientId,
        dataPath,
        executablePath: config.WHATSAPP_WEB_CHROMIUM_PATH,
        sessionStore: redis ? createRedisSessionStore({ redis, keyPrefix, dataPath }) : undefined,
      }),
    clientId,
    redis,
    keyPrefix,
    dedupe,
    adminToken: config.ADMIN_TOKEN,
    // LOG_LEVEL=silent asks for a quiet process: the code is then only on the QR page.
    qrInTerminal: config.LOG_LEVEL !== 'silent',
    defaultLocale: config.DEFAULT_LOCALE,
    ...(media ? { media } : {}),
    logger,
  });
}
