/**
 * LEARNING_SETTINGS (a JSON object, any subset; zod-checked, a bad value stops the start naming the field):
 * what retraining reads, how the gate judges, where versions are written on each instance, and how often an
 * instance checks the promoted pointer. The app's model directory itself is NLU_MODEL_DIR.
 */
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../../infra/errors.js';
import { shopCorpusDir, shopValidationDir } from '../../../nlu-models/train.js';
import { DEFAULT_GATE } from './evaluation-gate.js';
import { DEFAULT_HELD_OUT_SHARE } from './training-set.js';
import type { RetrainSettings } from './retrainer.js';

const dir = z.string().min(1).max(500);

const schema = z
  .object({
    /** Training corpus: every *.jsonl of it (default nlu-models/corpora/shop). */
    corpusDir: dir.optional(),
    /** Rows to fit the mixture and thresholds on (default nlu-models/corpora/shop-validation); null: carve a tenth of the corpus. */
    validationDir: dir.nullable().optional(),
    /** Dev sets of the gate (default nlu-models/corpora/shop-validation). */
    devDir: dir.optional(),
    /** Scratch folder of retrains (default <tmp>/baton-retrain). */
    workDir: dir.optional(),
    /** Where each instance writes the versions it loads (default <tmp>/baton-models). */
    cacheDir: dir.optional(),
    /** Seconds between checks of the promoted pointer (besides pub/sub). */
    checkSeconds: z.number().min(1).max(3600).default(30),
    heldOutShare: z.number().min(0).max(0.5).default(DEFAULT_HELD_OUT_SHARE),
    gate: z
      .object({
        maxDevDrop: z.number().min(0).max(1).default(DEFAULT_GATE.maxDevDrop),
        minNewIntentAccuracy: z.number().min(0).max(1).default(DEFAULT_GATE.minNewIntentAccuracy),
      })
      .strict()
      .default(DEFAULT_GATE),
    /** A retrain's lock lasts this long at most (a crashed trainer frees it then). */
    lockMinutes: z
      .number()
      .min(1)
      .max(24 * 60)
      .default(60),
    /** Retrain requests per hour, shared by every instance on Redis (a retrain costs minutes of CPU); beyond it a 429. */
    retrainsPerHour: z.number().int().min(1).max(60).default(6),
  })
  .strict();

export interface LearningSettings {
  readonly retrain: Omit<RetrainSettings, 'baseModelDir'>;
  readonly cacheDir: string;
  readonly checkMs: number;
  readonly retrainsPerHour: number;
}

/** Parses LEARNING_SETTINGS; throws ConfigError naming the field and the fix. */
export function parseLearningSettings(value: string | undefined): LearningSettings {
  let raw: unknown = {};
  if (value !== undefined) {
    try {
      raw = JSON.parse(value);
    } catch {
      throw new ConfigError('LEARNING_SETTINGS is not valid JSON. Write it as one JSON object, see docs/learning-models.md.');
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`LEARNING_SETTINGS.${issue?.path.join('.') || '(root)'} ${issue?.message}. See docs/learning-models.md.`);
  }
  const s = parsed.data;
  const path = (p: string) => (isAbsolute(p) ? p : resolve(p));
  return {
    retrain: {
      corpusDir: path(s.corpusDir ?? shopCorpusDir),
      validationDir: s.validationDir === null ? null : path(s.validationDir ?? shopValidationDir),
      devDir: path(s.devDir ?? shopValidationDir),
      workDir: path(s.workDir ?? join(tmpdir(), 'baton-retrain')),
      heldOutShare: s.heldOutShare,
      gate: s.gate,
      lockTtlMs: s.lockMinutes * 60_000,
    },
    cacheDir: path(s.cacheDir ?? join(tmpdir(), 'baton-models')),
    checkMs: s.checkSeconds * 1000,
    retrainsPerHour: s.retrainsPerHour,
  };
}
