/**
 * The demo bot's Bot Framework channel, built from settings: on with MICROSOFT_APP_ID (an Azure Bot
 * registration; requests must carry Azure's token) or with BOTFRAMEWORK_ANONYMOUS=true (the Bot Framework
 * Emulator on this machine), else off. Its activities carry the Azure channel's id ('msteams',
 * 'webchat'...), so the handoff reaches them through it as the fallback for ids no other channel claims.
 */
import { createBotFrameworkChannel, type BotFrameworkChannel } from '../../adapters/botframework/index.js';
import type { TurnPipeline } from '../../adapters/channel.js';
import type { MediaKit } from '../../adapters/media-intake.js';
import { botFrameworkEnabled } from '../../infra/channel-settings.js';
import type { Config } from '../../infra/config.js';
import type { Logger } from '../../infra/logger.js';

/** Where the messaging endpoint is mounted; Azure's "Messaging endpoint" is PUBLIC_URL + this. */
export const BOT_FRAMEWORK_PATH = '/api/messages';

/** The channel when configured, else undefined. */
export function botFrameworkChannelFromConfig(
  config: Config,
  { pipeline, logger, media }: { pipeline: TurnPipeline; logger?: Logger; media?: MediaKit },
): BotFrameworkChannel | undefined {
  if (!botFrameworkEnabled(config)) return undefined;
  return createBotFrameworkChannel({
    pipeline,
    appId: config.MICROSOFT_APP_ID,
    appPassword: config.MICROSOFT_APP_PASSWORD,
    tenantId: config.MICROSOFT_APP_TENANT_ID,
    appType: config.MICROSOFT_APP_TYPE as 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI' | undefined,
    mountPath: BOT_FRAMEWORK_PATH,
    logger,
    ...(media ? { media } : {}),
  });
}
