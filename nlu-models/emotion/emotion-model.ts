/**
 * The learned half of the emotion scorer: per language, a logistic regression over hashed words and
 * character n-grams, trained on the team-written messages in `corpora/emotion/` (never on the measure-only
 * sets). The lexicon knows the words; this model learns how complaints are put together ("送到都硬了",
 * "物流信息一直不动": no word of them is negative on its own). Its log-odds are added to the lexicon's
 * total with a weight, and the weight and the threshold are chosen by cross-validation on the same team
 * rows, so no row judges a model that saw it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NluInputError } from '../errors.js';
import { hashedFeatures } from '../hashed-features.js';
import { LinearModel } from '../linear-model.js';

/** Where the shipped emotion models live. */
export const defaultEmotionModelDir: string = fileURLToPath(new URL('../models/emotion', import.meta.url));

// 2^14 buckets: a few hundred short messages have a few thousand n-grams; the file is 32 KB per language.
const BITS = 14;
const CLASSES = ['calm', 'negative'];

/** How one language's model joins the lexicon; stored in `manifest.json`. */
export interface EmotionSettings {
  /** Lexicon units per unit of log-odds added to the total (0 = the lexicon alone). */
  readonly weight: number;
  /** Score at or below which a message is negative. */
  readonly threshold: number;
  /** Team rows the model was trained on, and the F1 they gave in cross-validation, for people reading it. */
  readonly rows: number;
  readonly crossValidatedF1: number;
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
    const z = this.#linear.logits(hashedFeatures(text, this.#locale, BITS));
    return (z[1] ?? 0) - (z[0] ?? 0);
  }

  /** Trains on labelled texts of one language (no weight or threshold yet: see `emotion-train.ts`). */
  static fit(locale: string, rows: ReadonlyArray<{ text: string; negative: boolean }>, settings: EmotionSettings): EmotionModel {
    // Few rows: strong L2 and dropout keep it from memorizing the team's own phrasings.
    const linear = LinearModel.train(
      CLASSES,
      BITS,
      rows.map((r) => hashedFeatures(r.text, locale, BITS)),
      rows.map((r) => Number(r.negative)),
      {
        epochs: 30,
        learningRate: 0.5,
        dropout: 0.3,
        l2: 1e-4,
      },
    );
    return new EmotionModel(locale, settings, linear);
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
 * Reads the models of `dir` (synchronously: the scorer is a plain function, and the files are tens of KB).
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
      const linear = LinearModel.fromBytes(CLASSES, BITS, readFileSync(join(dir, `${locale}.bin`)));
      models.set(locale, new EmotionModel(locale, settings, linear));
    }
    return models;
  } catch (error) {
    throw new NluInputError(`Cannot read the emotion model in '${dir}'. Retrain it with \`npm run nlu -- emotion-train\`.`, { cause: error });
  }
}
