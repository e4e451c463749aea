/**
 * The Bot Framework channel, built from settings: on with MICROSOFT_APP_ID (an Azure Bot registration;
 * requests must carry Azure's token) or with BOTFRAMEWORK_ANONYMOUS=true (the Bot Framework Emulator on
 * this machine), else off. Its activities carry the Azure channel's id ('msteams', 'webchat'...), so the
 * handoff reaches them through it as the fallback for ids no other channel claims.
 */
import { botFrameworkEnabled } from '../../infra/channel-settings.js';
import type { ChannelFactory } from '../channel-factory.js';
import { BOT_FRAMEWORK_CHANNEL_NAME, type BotFrameworkChannel, createBotFrameworkChannel } from './botframework-channel.js';

/** Where the messaging endpoint is mounted; Azure's "Messaging endpoint" is PUBLIC_URL + this. */
export const BOT_FRAMEWORK_PATH = '/api/messages';

/** The channel when configured, else undefined. */
export const botFrameworkChannelFactory: ChannelFactory<BotFrameworkChannel> = {
  name: BOT_FRAMEWORK_CHANNEL_NAME,
  fromConfig({ config, pipeline, stores, logger, media }) {
    if (!botFrameworkEnabled(config)) return undefined;
    return createBotFrameworkChannel({
      pipeline,
      appId: config.MICROSOFT_APP_ID,
      appPassword: config.MICROSOFT_APP_PASSWORD,
      tenantId: config.MICROSOFT_APP_TENANT_ID,
      appType: config.MICROSOFT_APP_TYPE as 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | undefined,
      mountPath: BOT_FRAMEWORK_PATH,
      dedupe: stores.dedupe,
      logger: logger.child({ module: 'botframework' }),
      ...(media ? { media } : {}),
    });
  },
};
