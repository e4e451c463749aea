/**
 * The demo bot's WhatsApp Cloud API channel, built from settings: off unless the four WHATSAPP_
 * credentials are set (infra/config.ts checks they come together), on the stores the rest of the bot
 * uses (bots/stores.ts), memory or Redis, so Redis lets any instance take Meta's webhooks.
 */
import type { TurnPipeline } from '../../adapters/channel.js';
import { createWhatsAppCloudChannel, type OptionStore, type ServiceWindowStore, type WhatsAppCloudChannel } from '../../adapters/whatsapp/index.js';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import type { Config } from '../../infra/config.js';
import type { MediaKit } from '../../adapters/media-intake.js';
import type { Logger } from '../../infra/logger.js';

/** Where the demo bot mounts the webhook; the Callback URL in Meta's dashboard is PUBLIC_URL + this. */
export const WHATSAPP_WEBHOOK_PATH = '/whatsapp/webhook';

/** What the channel shares with the rest of the bot. */
export interface WhatsAppWiring {
  pipeline: TurnPipeline;
  dedupe: DedupeStore;
  /** When each customer last wrote (the 24-hour window). */
  windowStore: ServiceWindowStore;
  /** Numbered options offered to each customer. */
  optionStore: OptionStore;
  logger?: Logger;
  /** The clock, in epoch ms; tests move it past the 24-hour window. */
  now?: () => number;
  /** Photos and files both ways (bots/media-setup.ts). */
  media?: MediaKit;
}

/**
 * The WhatsApp channel when configured, else undefined. Without WHATSAPP_TEMPLATE_LANGUAGE the template
 * is sent as 'en_US'.
 */
export function whatsAppChannelFromConfig(
  config: Config,
  { pipeline, dedupe, windowStore, optionStore, logger, now, media }: WhatsAppWiring,
): WhatsAppCloudChannel | undefined {
  const {
    WHATSAPP_ACCESS_TOKEN: accessToken,
    WHATSAPP_APP_SECRET: appSecret,
    WHATSAPP_VERIFY_TOKEN: verifyToken,
    WHATSAPP_PHONE_NUMBER_ID: phoneNumberId,
  } = config;
  if (!accessToken || !appSecret || !verifyToken || !phoneNumberId) return undefined;
  const channel = createWhatsAppCloudChannel({
    pipeline,
    accessToken,
    appSecret,
    verifyToken,
    phoneNumberId,
    graphApiBase: config.WHATSAPP_GRAPH_API_BASE,
    apiVersion: config.WHATSAPP_GRAPH_API_VERSION,
    template: config.WHATSAPP_TEMPLATE_NAME ? { name: config.WHATSAPP_TEMPLATE_NAME, language: config.WHATSAPP_TEMPLATE_LANGUAGE ?? 'en_US' } : undefined,
    dedupe,
    windowStore,
    optionStore,
    mountPath: WHATSAPP_WEBHOOK_PATH,
    defaultLocale: config.DEFAULT_LOCALE,
    now,
    ...(media ? { media } : {}),
    logger,
  });
  if (!config.WHATSAPP_TEMPLATE_NAME) {
    logger?.warn('whatsapp: WHATSAPP_TEMPLATE_NAME is not set; messages to customers silent for more than 24 hours will fail');
  }
  return channel;
}
