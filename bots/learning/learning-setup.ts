/**
 * The learning loop's collect-and-review half, wired from settings (docs/learning-loop.md): the miss
 * and accepted-item stores (Redis when the bot has one, memory otherwise), the capture the turn
 * pipeline feeds, and the review the admin page drives. Retraining reads `accepted` through
 * `AcceptedItemsSource.listAccepted()`.
 */
import { SUPPORT_INTENTS } from '../../dialogs/intents.js';
import type { Logger } from '../../infra/logger.js';
import { createRateLimiter } from '../../infra/rate-limit.js';
import type { RedisClient } from '../../infra/redis.js';
import { createMemoryAcceptedStore, createRedisAcceptedStore, type AcceptedItemStore } from '../../supervision/learning/accepted-store.js';
import { parseMissSettings, type MissSettings } from '../../supervision/learning/miss-settings.js';
import { MissCapture } from '../../supervision/learning/miss-capture.js';
import { MissReview } from '../../supervision/learning/miss-review.js';
import { createMemoryMissStore, type MissStore } from '../../supervision/learning/miss-store.js';
import { createRedisMissStore } from '../../supervision/learning/redis-miss-store.js';

export interface MissLearning {
  readonly settings: MissSettings;
  readonly store: MissStore;
  readonly accepted: AcceptedItemStore;
  readonly capture: MissCapture;
  readonly review: MissReview;
}

export interface MissLearningOptions {
  /** MISSES_SETTINGS as the environment gives it. */
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

/** @throws ConfigError when MISSES_SETTINGS is not valid. */
export function setupMissLearning({
  settings: raw,
  redis,
  keyPrefix,
  locales,
  intents = () => SUPPORT_INTENTS,
  now,
  logger,
}: MissLearningOptions): MissLearning {
  const settings = parseMissSettings(raw);
  const bounds = { perDay: settings.perDay, retentionDays: settings.retentionDays, ...(now ? { now } : {}) };
  const store = redis ? createRedisMissStore({ redis, keyPrefix, ...bounds }) : createMemoryMissStore(bounds);
  const accepted = redis ? createRedisAcceptedStore({ redis, keyPrefix }) : createMemoryAcceptedStore();
  const capture = new MissCapture({ store, settings, ...(now ? { now } : {}), ...(logger ? { logger } : {}) });
  // Grouping at the cap costs about half a second of CPU: listings that regroup share one budget across instances.
  const regroupLimit = createRateLimiter({ name: 'learning-regroup', points: settings.regroupsPerHour, windowSeconds: 3600, redis, keyPrefix });
  const review = new MissReview({ misses: store, accepted, intents, locales, regroupLimit, ...(now ? { now } : {}) });
  return { settings, store, accepted, capture, review };
}
