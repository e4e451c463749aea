/**
 * The learned half of the emotion scorer: per language, a logistic regression over hashed words and
 * character n-grams, trained on the team-written messages in `corpora/emotion/` plus the large review and
 * tweet corpora (`online_shopping_zh`, `tweets_en`; never on the measure-only sets). The lexicon knows the
 * words; this model learns how complaints are put together ("送到都硬了", "物流信息一直不动": no word of
 * them is negative on its own). Its log-odds are added to the lexicon's total with a weight; the weight,
 * the lexicon's share and the threshold are chosen on a held-out dev split of the large corpora (or, for
 * a few hundred rows alone, by cross-validation), so no row judges a model that saw it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NluInputError } from '../errors.js';
import { hashedFeatures } from '../hashed-features.js';
import { LinearModel, type LinearTrainOptions } from '../linear-model.js';

/** Where the shipped emotion models live. */
export const defaultEmotionModelDir: string = fileURLToPath(new URL('../models/emotion', import.meta.url));

// 2^14 buckets: a few hundred short messages have a few thousand n-grams; the file is 32 KB per language.
const SMALL_BITS = 14;
// 2^19 buckets for tens of thousands of reviews (a million distinct n-grams): 1 MB per language, and the
// dev F1 still rose from 2^18 (0.934 to 0.936 on online_shopping_zh).
const LARGE_BITS = 19;
/** Rows from which a model gets the large table. */
const LARGE_FROM = 5000;
const CLASSES = ['calm', 'negative'];

/** How a model of `rows` rows is trained: few rows need strong regularization, many rows more buckets and passes. */
function trainingFor(rows: number): { bits: number; options: LinearTrainOptions } {
  if (rows < LARGE_FROM) return { bits: SMALL_BITS, options: { epochs: 30, learningRate: 0.5, dropout: 0.3, l2: 1e-4 } };
  return { bits: LARGE_BITS, options: { epochs: 15, learningRate: 0.5, dropout: 0.1, l2: 1e-7 } };
}

/** How one language's model joins the lexicon; stored in `manifest.json`. */
export interface EmotionSettings {
  /** Lexicon units per unit of log-odds added to the total (0 = the lexicon alone). */
  readonly weight: number;
  /** Share of the lexicon's total kept (1 = all of it, 0 = the model alone); absent in older manifests: 1. */
  readonly lexicon?: number;
  /** Hash buckets 2^bits of the model file; absent in older manifests: 14. */
  readonly bits?: number;
  /** Score at or below which a message is negative. */
  readonly threshold: number;
  /** Rows the model was trained on, and the F1 that chose the settings, for people reading it. */
  readonly rows: number;
  /** F1 of the chosen settings: on the dev split when there is one (`devRows`), else cross-validated. */
  readonly crossValidatedF1: number;
  /** Held-out dev rows the settings were chosen on (0: 5-fold cross-validation on the training rows). */
  readonly devRows?: number;
}

/** `manifest.json` of an emotion model directory. */
export interface EmotionManifest {
  readonly format: 1;
  readonly locales: Readonly<Record<string, EmotionSettings>>;
  readonly trainedAt: string;
}

/** One language's trained model. */
export class EmotionModel {
  readonly settings: EmotionSettings;
  readonly #linear: LinearModel;
  readonly #locale: string;

  constructor(locale: string, settings: EmotionSettings, linear: LinearModel) {
    this.#locale = locale;
    this.settings = settings;
    this.#linear = linear;
  }

  /** Log-odds that `text` is negative (above 0: more likely negative than not). */
  logOdds(text: string): number {
    const z = this.#linear.logits(hashedFeatures(text, this.#locale, this.#linear.bits));
    return (z[1] ?? 0) - (z[0] ?? 0);
  }

  /**
   * Trains on labelled texts of one language (no weight or threshold yet: see `emotion-train.ts`); `training`
   * may weigh the rows or change the seed (`scripts/measure-kind-weights.ts` compares such recipes).
   */
  static fit(
    locale: string,
    rows: ReadonlyArray<{ text: string; negative: boolean }>,
    settings: EmotionSettings,
    training: Pick<LinearTrainOptions, 'sampleWeights' | 'seed'> = {},
  ): EmotionModel {
    // Few rows: strong L2 and dropout keep it from memorizing the team's own phrasings.
    const { bits, options } = trainingFor(rows.length);
    const linear = LinearModel.train(
      CLASSES,
      bits,
      rows.map((r) => hashedFeatures(r.text, locale, bits)),
      rows.map((r) => Number(r.negative)),
      { ...options, ...training },
    );
    return new EmotionModel(locale, { ...settings, bits }, linear);
  }

  /** The same model with other settings (after they were chosen on held-out rows). */
  withSettings(settings: EmotionSettings): EmotionModel {
    return new EmotionModel(this.#locale, { ...settings, bits: this.#linear.bits }, this.#linear);
  }

  /** The weights as bytes (see `LinearModel.toBytes`). */
  toBytes(): Uint8Array {
    return this.#linear.toBytes();
  }
}

/** Writes `manifest.json` and `<locale>.bin` per model into `dir`. */
export function saveEmotionModels(dir: string, models: ReadonlyMap<string, EmotionModel>): void {
  mkdirSync(dir, { recursive: true });
  const locales: Record<string, EmotionSettings> = {};
  for (const [locale, model] of models) {
    locales[locale] = model.settings;
    writeFileSync(join(dir, `${locale}.bin`), model.toBytes());
  }
  const manifest: EmotionManifest = { format: 1, locales, trainedAt: new Date().toISOString() };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Reads the models of `dir` (synchronously: the scorer is a plain function, and the files are 1 MB at most).
 * Throws NluInputError saying how to train them when the directory holds none.
 */
export function loadEmotionModels(dir: string = defaultEmotionModelDir): Map<string, EmotionModel> {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new NluInputError(`No emotion model in '${dir}'. Train it with \`npm run nlu -- emotion-train\`.`);
  }
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as EmotionManifest;
    const models = new Map<string, EmotionModel>();
    for (const [locale, settings] of Object.entries(manifest.locales)) {
      const linear = LinearModel.fromBytes(CLASSES, settings.bits ?? SMALL_BITS, readFileSync(join(dir, `${locale}.bin`)));
      models.set(locale, new EmotionModel(locale, settings, linear));
    }
    return models;
  } catch (error) {
    throw new NluInputError(`Cannot read the emotion model in '${dir}'. Retrain it with \`npm run nlu -- emotion-train\`.`, { cause: error });
  }
}
