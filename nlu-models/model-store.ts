/**
 * The on-disk layout of a trained model directory: `manifest.json` (locales, thresholds, provenance),
 * and per locale `intent-<locale>.json` (plain JSON, so most of a model can be read and diffed) and
 * `linear-<locale>.bin` (the linear model's quantized weights, which JSON would make four times larger),
 * and for a model with a word-vector network `dense-<locale>.bin` (its float32 weights).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NluInputError } from './errors.js';
import { IntentModel, type IntentModelJson } from './intent-model.js';

/** When a locale's classification counts as out of scope; chosen on validation data by `thresholds.ts`. */
export interface RejectThresholds {
  /** Reject when the top intent's score is below this. */
  readonly minScore: number;
  /** Reject when the message's similarity to the closest training utterance is below this. */
  readonly minSimilarity: number;
  /** Reject when the top intent's lead over the second is below this (absent = 0). */
  readonly minMargin?: number;
  /** Per intent, a `minScore` that replaces the global one (chosen on validation rows; absent = the global one). */
  readonly perIntent?: Readonly<Record<string, number>>;
}

/**
 * `manifest.json`: what the directory holds. Format 2: every locale mixes its views' probabilities.
 * Format 3: some locale multiplies them (`EnsembleSettings.product`); code that knows only format 2
 * refuses it rather than score a product model as a mixture against thresholds chosen for the product
 * (retrained models travel between instances through Redis, so a rolling deploy or a rollback meets them).
 */
export interface ModelManifest {
  readonly format: 2 | 3;
  /** The locales, the first being the fallback for language detection. */
  readonly locales: readonly string[];
  readonly thresholds: Readonly<Record<string, RejectThresholds>>;
  readonly trainedAt: string;
  /** Training rows per locale and where the thresholds came from, for people reading the model. */
  readonly notes: Readonly<Record<string, string>>;
}

/** A loaded model directory. */
export interface StoredModel {
  readonly manifest: ModelManifest;
  readonly models: ReadonlyMap<string, IntentModel>;
}

/** The manifest format `models` need: 3 when some locale uses the product of the views, else 2. */
export function manifestFormat(models: readonly IntentModel[]): 2 | 3 {
  return models.some((m) => m.toJSON().ensemble.product === true) ? 3 : 2;
}

/** Writes `manifest.json` (its format from `manifestFormat`) and the per-locale files into `dir` (created if missing). */
export function saveModel(dir: string, manifest: Omit<ModelManifest, 'format'>, models: readonly IntentModel[]): void {
  mkdirSync(dir, { recursive: true });
  for (const model of models) {
    writeFileSync(join(dir, `intent-${model.locale}.json`), JSON.stringify(model.toJSON()));
    writeFileSync(join(dir, `linear-${model.locale}.bin`), model.linearBytes());
    const dense = model.denseBytes();
    if (dense) writeFileSync(join(dir, `dense-${model.locale}.bin`), dense);
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ format: manifestFormat(models), ...manifest }, null, 2)}\n`);
}

function read(file: string, as: 'json' | 'bytes' = 'json'): unknown {
  try {
    const bytes = readFileSync(file);
    return as === 'bytes' ? bytes : JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new NluInputError(`Cannot read model file '${file}'. Retrain it with \`npm run nlu -- train\`.`, { cause: error });
  }
}

/** Reads a model directory written by `saveModel`; throws NluInputError saying how to create it. */
export function loadModel(dir: string): StoredModel {
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new NluInputError(`No model in '${dir}' (manifest.json missing). Train one with \`npm run nlu -- train --out ${dir}\`.`);
  }
  const manifest = read(manifestFile) as ModelManifest;
  if ((manifest.format !== 2 && manifest.format !== 3) || !Array.isArray(manifest.locales) || manifest.locales.length === 0) {
    throw new NluInputError(
      `'${manifestFile}' is not a Baton NLU manifest of format 2 or 3 (models trained before the ensemble are format 1; a later format needs a newer Baton). Retrain with \`npm run nlu -- train\` or upgrade Baton.`,
    );
  }
  const models = new Map<string, IntentModel>();
  for (const locale of manifest.locales) {
    const json = read(join(dir, `intent-${locale}.json`)) as IntentModelJson;
    const dense = json.dense ? (read(join(dir, `dense-${locale}.bin`), 'bytes') as Uint8Array) : undefined;
    models.set(locale, IntentModel.fromJSON(json, read(join(dir, `linear-${locale}.bin`), 'bytes') as Uint8Array, dense));
  }
  if (manifest.format < manifestFormat([...models.values()])) {
    throw new NluInputError(`'${manifestFile}' says format 2 but a locale uses the product of the views (format 3). Retrain with \`npm run nlu -- train\`.`);
  }
  return { manifest, models };
}
