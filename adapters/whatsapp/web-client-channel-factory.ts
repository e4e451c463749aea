/**
 * The whatsapp-web.js channel, built from settings: off unless WHATSAPP_WEB=true. With Redis the session,
 * the leader lock and the outbox are shared, so any number of instances run and one holds the browser;
 * without it, this process does, and the session stays on disk in WHATSAPP_WEB_DATA_PATH.
 */
import type { ChannelFactory } from '../channel-factory.js';
import { createWebClientFactory } from './web-client-factory.js';
import { createWhatsAppWebChannel, type WhatsAppWebChannel } from './web-client-channel.js';
import { WHATSAPP_WEB_CHANNEL_ID } from './web-client-types.js';
import { createRedisSessionStore } from './web-client-session-store.js';

/**
 * The channel when WHATSAPP_WEB=true, else undefined. `deps.whatsAppWebClient` replaces the real client
 * (tests drive a fake one; nothing checks for chromium then).
 * @throws ConfigError when whatsapp-web.js is not installed, or chromium is missing at
 * WHATSAPP_WEB_CHROMIUM_PATH (default /usr/bin/chromium).
 */
export const whatsAppWebChannelFactory: ChannelFactory<WhatsAppWebChannel> = {
  name: WHATSAPP_WEB_CHANNEL_ID,
  fromConfig({ config, pipeline, stores, redis, logger: appLogger, whatsAppWebClient, media }) {
    if (!config.WHATSAPP_WEB) return undefined;
    const logger = appLogger.child({ module: 'whatsapp-web' });
    const clientId = config.WHATSAPP_WEB_CLIENT_ID ?? 'baton';
    const dataPath = config.WHATSAPP_WEB_DATA_PATH ?? './.wwebjs_auth';
    const keyPrefix = config.REDIS_KEY_PREFIX;
    logger.warn(
      'whatsapp-web: whatsapp-web.js is unofficial; WhatsApp may ban a number it sees as automated. Prefer the Cloud API (WHATSAPP_ACCESS_TOKEN...) for production.',
    );
    if (!config.ADMIN_TOKEN) logger.warn('whatsapp-web: ADMIN_TOKEN is not set, so the QR page /whatsapp/qr is off; scan the code printed in this terminal.');
    return createWhatsAppWebChannel({
      pipeline,
      createClient:
        whatsAppWebClient ??
        createWebClientFactory({
          clientId,
          dataPath,
          executablePath: config.WHATSAPP_WEB_CHROMIUM_PATH,
          sessionStore: redis ? createRedisSessionStore({ redis, keyPrefix, dataPath }) : undefined,
        }),
      clientId,
      redis,
      keyPrefix,
      dedupe: stores.dedupe,
      adminToken: config.ADMIN_TOKEN,
      // LOG_LEVEL=silent asks for a quiet process: the code is then only on the QR page.
      qrInTerminal: config.LOG_LEVEL !== 'silent',
      defaultLocale: config.DEFAULT_LOCALE,
      ...(media ? { media } : {}),
      logger,
    });
  },
};
