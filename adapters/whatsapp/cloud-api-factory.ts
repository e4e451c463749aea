/**
 * The WhatsApp Cloud API channel, built from settings: off unless the four WHATSAPP_ credentials are set
 * (infra/config.ts checks they come together), on the shared stores (memory or Redis), so Redis lets any
 * instance take Meta's webhooks.
 */
import { type ChannelFactory, inboxSettings } from '../channel-factory.js';
import { type WhatsAppCloudChannel, createWhatsAppCloudChannel } from './cloud-api-channel.js';
import { WHATSAPP_CHANNEL_ID } from './cloud-api-webhook.js';

/** Where the webhook is mounted; the Callback URL in Meta's dashboard is PUBLIC_URL + this. */
export const WHATSAPP_WEBHOOK_PATH = '/whatsapp/webhook';

/**
 * The WhatsApp channel when configured, else undefined. Without WHATSAPP_TEMPLATE_LANGUAGE the template
 * is sent as 'en_US'.
 */
export const whatsAppCloudChannelFactory: ChannelFactory<WhatsAppCloudChannel> = {
  name: WHATSAPP_CHANNEL_ID,
  fromConfig({ config, pipeline, stores, logger: appLogger, now, media, inboxMetrics }) {
    const {
      WHATSAPP_ACCESS_TOKEN: accessToken,
      WHATSAPP_APP_SECRET: appSecret,
      WHATSAPP_VERIFY_TOKEN: verifyToken,
      WHATSAPP_PHONE_NUMBER_ID: phoneNumberId,
    } = config;
    if (!accessToken || !appSecret || !verifyToken || !phoneNumberId) return undefined;
    const logger = appLogger.child({ module: 'whatsapp' });
    const channel = createWhatsAppCloudChannel({
      pipeline,
      accessToken,
      appSecret,
      verifyToken,
      phoneNumberId,
      graphApiBase: config.WHATSAPP_GRAPH_API_BASE,
      apiVersion: config.WHATSAPP_GRAPH_API_VERSION,
      template: config.WHATSAPP_TEMPLATE_NAME ? { name: config.WHATSAPP_TEMPLATE_NAME, language: config.WHATSAPP_TEMPLATE_LANGUAGE ?? 'en_US' } : undefined,
      dedupe: stores.dedupe,
      ...(stores.journal ? { journal: stores.journal } : {}),
      inbox: inboxSettings(config),
      ...(inboxMetrics ? { inboxMetrics } : {}),
      windowStore: stores.whatsappWindows,
      optionStore: stores.whatsappOptions,
      mountPath: WHATSAPP_WEBHOOK_PATH,
      defaultLocale: config.DEFAULT_LOCALE,
      now,
      ...(media ? { media } : {}),
      logger,
    });
    if (!config.WHATSAPP_TEMPLATE_NAME) {
      logger.warn('whatsapp: WHATSAPP_TEMPLATE_NAME is not set; messages to customers silent for more than 24 hours will fail');
    }
    return channel;
  },
};
