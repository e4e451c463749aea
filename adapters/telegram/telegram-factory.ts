/**
 * The Telegram channel, built from settings: on when TELEGRAM_BOT_TOKEN is set, in webhook or polling
 * mode (`telegramMode`, infra/config.ts), else off.
 */
import { telegramMode } from '../../infra/config.js';
import { type ChannelFactory, inboxSettings } from '../channel-factory.js';
import { TELEGRAM_CHANNEL_ID } from './payload-types.js';
import { createTelegramChannel, type TelegramChannel } from './telegram-channel.js';

/** The channel when TELEGRAM_BOT_TOKEN is set, else undefined. */
export const telegramChannelFactory: ChannelFactory<TelegramChannel> = {
  name: TELEGRAM_CHANNEL_ID,
  fromConfig({ config, pipeline, stores, media, logger, inboxMetrics }) {
    const mode = telegramMode(config);
    if (!config.TELEGRAM_BOT_TOKEN || !mode) return undefined;
    return createTelegramChannel({
      pipeline,
      token: config.TELEGRAM_BOT_TOKEN,
      mode,
      secretToken: config.TELEGRAM_WEBHOOK_SECRET,
      publicUrl: config.PUBLIC_URL,
      apiRoot: config.TELEGRAM_API_ROOT,
      dedupe: stores.dedupe,
      ...(stores.journal ? { journal: stores.journal } : {}),
      inbox: inboxSettings(config),
      ...(inboxMetrics ? { inboxMetrics } : {}),
      callbackStore: stores.telegramCallbacks,
      ...(media ? { media } : {}),
      logger: logger.child({ module: 'telegram' }),
    });
  },
};
