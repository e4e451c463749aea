/**
 * The web channel (Direct Line 3.0 and the widget), built from settings: always on. Its stores are the
 * shared ones, so with Redis any instance answers any conversation.
 */
import { createRateLimiter } from '../../infra/rate-limit.js';
import type { ChannelFactory } from '../channel-factory.js';
import { createWebChannel, type WebChannel } from './web-channel.js';

/** The Direct Line channel's name (`activity.channelId`). */
export const WEB_CHANNEL_NAME = 'directline';

/** The web channel; never undefined. */
export const webChannelFactory: ChannelFactory<WebChannel> = {
  name: WEB_CHANNEL_NAME,
  fromConfig({ config, pipeline, stores, redis, logger, limits, media }) {
    return createWebChannel({
      pipeline,
      activityLog: stores.activityLog,
      dedupe: stores.reposts,
      secret: config.DIRECTLINE_SECRET,
      tokenSecret: stores.tokenKey,
      botId: config.BOT_ID,
      botName: config.BOT_NAME,
      publicUrl: config.PUBLIC_URL,
      allowedOrigins: config.ALLOWED_ORIGINS,
      // Shared in Redis, so a client cannot multiply its budget by the number of instances.
      originTokenLimiter: createRateLimiter({
        name: 'dl-origin-tokens',
        points: config.ORIGIN_TOKENS_PER_MINUTE,
        windowSeconds: 60,
        redis,
        keyPrefix: config.REDIS_KEY_PREFIX,
      }),
      logger: logger.child({ module: 'web' }),
      ...(limits ? { limiters: limits } : {}),
      ...(media ? { media } : {}),
    });
  },
};
