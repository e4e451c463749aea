/**
 * The learning loop's collect-and-review half, wired from settings (docs/learning-loop.md): the miss
 * and accepted-item stores (Redis when the bot has one, memory otherwise), the capture the turn
 * pipeline feeds, and the review the admin page drives. Retraining reads `accepted` through
 * `AcceptedItemsSource.listAccepted()`.
 */
import { SUPPORT_INTENTS } from '../../dialogs/intents.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import { createMemoryAcceptedStore, createRedisAcceptedStore, type AcceptedItemStore } from '../../supervision/learning/accepted-store.js';
import { parseLearningSettings, type LearningSettings } from '../../supervision/learning/learning-settings.js';
import { MissCapture } from '../../supervision/learning/miss-capture.js';
import { MissReview } from '../../supervision/learning/miss-review.js';
import { createMemoryMissStore, type MissStore } from '../../supervision/learning/miss-store.js';
import { createRedisMissStore } from '../../supervision/learning/redis-miss-store.js';

export interface LearningSetup {
  readonly settings: LearningSettings;
  readonly misses: MissStore;
  readonly accepted: AcceptedItemStore;
  readonly capture: MissCapture;
  readonly review: MissReview;
}

export interface LearningSetupOptions {
  /** LEARNING_SETTINGS as the environment gives it. */
  readonly settings: string | undefined;
  readonly redis?: RedisClient;
  /** e.g. `${REDIS_KEY_PREFIX}${BOT_ID}:` */
  readonly keyPrefix: string;
  /** The locales the bot answers in (a new intent's answers). */
  readonly locales: readonly string[];
  /** The intents the current model knows. Default: the 27 support intents. */
  readonly intents?: () => readonly string[];
  readonly now?: () => number;
  readonly logger?: Logger;
}

/** @throws ConfigError when LEARNING_SETTINGS is not valid. */
export function setupLearning({ settings: raw, redis, keyPrefix, locales, intents = () => SUPPORT_INTENTS, now, logger }: LearningSetupOptions): LearningSetup {
  const settings = parseLearningSettings(raw);
  const bounds = { perDay: settings.perDay, retentionDays: settings.retentionDays, ...(now ? { now } : {}) };
  const misses = redis ? createRedisMissStore({ redis, keyPrefix, ...bounds }) : createMemoryMissStore(bounds);
  const accepted = redis ? createRedisAcceptedStore({ redis, keyPrefix }) : createMemoryAcceptedStore();
  const capture = new MissCapture({ store: misses, settings, ...(now ? { now } : {}), ...(logger ? { logger } : {}) });
  const review = new MissReview({ misses, accepted, intents, locales, ...(now ? { now } : {}) });
  return { settings, misses, accepted, capture, review };
}
