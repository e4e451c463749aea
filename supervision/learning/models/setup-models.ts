/**
 * Model learning for one instance, from settings: the version store (Redis when the app has it, else this
 * process's memory), the retrainer, the sync that keeps the instance on the promoted version, and the admin
 * router. The composition root serves customers through `live` (a Recognizer) and answers new FAQ intents
 * with `live.answer`.
 */
import type { RequestHandler, Router } from 'express';
import express from 'express';
import type { Logger } from '../../../infra/logger.js';
import { createRateLimiter } from '../../../infra/rate-limit.js';
import type { RedisClient } from '../../../infra/redis.js';
import type { Recognizer } from '../../../nlu-models/recognizer.js';
import type { AcceptedItemsSource } from '../learning-items.js';
import type { LiveModel } from './live-model.js';
import { createMemoryModelVersionStore } from './memory-model-versions.js';
import { ModelSync } from './model-sync.js';
import { parseLearningSettings } from './model-settings.js';
import type { ModelVersionStore } from './model-versions.js';
import { createModelsRouter } from './models-router.js';
import { createRedisModelVersionStore } from './redis-model-versions.js';
import { Retrainer } from './retrainer.js';

export interface ModelLearningOptions {
  /** LEARNING_SETTINGS as set (see model-settings.ts). */
  readonly settings: string | undefined;
  /** The model the instance started with, and its folder (NLU_MODEL_DIR). */
  readonly base: Recognizer;
  readonly baseModelDir: string;
  readonly redis?: RedisClient;
  /** e.g. `baton:shop-assistant:`. */
  readonly keyPrefix: string;
  /** What supervisors accepted; none yet: retraining learns from the corpus alone. */
  readonly accepted?: AcceptedItemsSource;
  /** The admin token's guard. */
  readonly guard: RequestHandler;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export interface ModelLearning {
  readonly live: LiveModel;
  readonly store: ModelVersionStore;
  readonly retrainer: Retrainer;
  readonly sync: ModelSync;
  /** Mounts /api/admin/learning/models... */
  readonly router: Router;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const NO_ACCEPTED_ITEMS: AcceptedItemsSource = { listAccepted: async () => [] };

/** Builds model learning; throws ConfigError on bad LEARNING_SETTINGS. */
export function setupModelLearning(options: ModelLearningOptions): ModelLearning {
  const { base, baseModelDir, redis, keyPrefix, accepted = NO_ACCEPTED_ITEMS, guard, logger, now } = options;
  const settings = parseLearningSettings(options.settings);
  const store = redis ? createRedisModelVersionStore({ redis, keyPrefix }) : createMemoryModelVersionStore(now ? { now } : {});
  const retrainer = new Retrainer({ store, accepted, settings: { ...settings.retrain, baseModelDir }, ...(logger ? { logger } : {}), ...(now ? { now } : {}) });
  const sync = new ModelSync({ store, base, cacheDir: settings.cacheDir, checkMs: settings.checkMs, ...(logger ? { logger } : {}), ...(now ? { now } : {}) });
  const models = createModelsRouter({
    guard,
    store,
    retrainer,
    sync,
    instanceMaxAgeMs: settings.checkMs * 3,
    retrainLimit: createRateLimiter({ name: 'learning-retrain', points: settings.retrainsPerHour, windowSeconds: 3600, redis, keyPrefix }),
    ...(logger ? { logger } : {}),
    ...(now ? { now } : {}),
  });
  return {
    live: sync.live,
    store,
    retrainer,
    sync,
    router: express.Router().use('/api/admin/learning', models),
    start: () => sync.start(),
    stop: () => sync.stop(),
  };
}
