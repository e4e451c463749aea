/**
 * Training a model directory from intent JSONL files: per locale a linear model and nlp.js's network,
 * then, on validation rows, the ensemble's mixture and the out-of-scope thresholds; saved by `model-store.ts`.
 */
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NluInputError } from './errors.js';
import { IntentModel } from './intent-model.js';
import { readIntentRows, type IntentRow } from './jsonl.js';
import { saveModel, type RejectThresholds } from './model-store.js';
import { chooseEnsemble, type OperatingFigures } from './ensemble-choice.js';
import { DEFAULT_THRESHOLDS, type ThresholdGoal } from './thresholds.js';
import { stratifiedSplit } from './split.js';

/** Share of the training rows held out when no validation file is given (`carveValidation`). */
export const CARVED_SHARE = 0.1;

/** The shop bot's training corpora, one JSONL file per source. */
export const shopCorpusDir: string = fileURLToPath(new URL('./corpora/shop', import.meta.url));
/** The shop bot's validation rows, used only to choose the out-of-scope thresholds. */
export const shopValidationDir: string = fileURLToPath(new URL('./corpora/shop-validation', import.meta.url));

/** Progress events, for a progress bar. */
export type TrainProgress =
  | { kind: 'locale'; locale: string; index: number; total: number; rows: number }
  | { kind: 'epoch'; locale: string; model: 'neural' | 'linear'; epoch: number; loss: number }
  | { kind: 'thresholds'; locale: string; thresholds: RejectThresholds };

/** Options of `trainModel`. */
export interface TrainOptions {
  readonly dataFiles: readonly string[];
  readonly outDir: string;
  /** Rows to choose out-of-scope thresholds on (may include intent 'None'); see `carveValidation` without. */
  readonly validationFiles?: readonly string[];
  /**
   * Without validation files, hold out a seeded tenth of the training rows (stratified by intent) to fit
   * the mixture and choose the thresholds on, rather than use the defaults (the model trains on the rest).
   */
  readonly carveValidation?: boolean;
  /** The operating point: how much in-scope accuracy out-of-scope rejection may cost. */
  readonly goal?: ThresholdGoal;
  /** At most 2^maxBits hash buckets in the linear model (default `DEFAULT_MAX_BITS`); more is larger and a little more accurate. */
  readonly maxBits?: number;
  readonly onProgress?: (event: TrainProgress) => void;
}

/** What was trained. */
export interface TrainSummary {
  readonly locales: readonly string[];
  readonly rows: Readonly<Record<string, number>>;
  readonly thresholds: Readonly<Record<string, RejectThresholds>>;
  readonly seconds: number;
}

/** The `*.jsonl` files of a directory, sorted; throws NluInputError when there is none. */
export function jsonlFilesIn(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.jsonl'))
      .sort();
  } catch (error) {
    throw new NluInputError(`Cannot read directory '${dir}'. Create it and put intent JSONL files in it.`, { cause: error });
  }
  if (names.length === 0) throw new NluInputError(`No .jsonl files in '${dir}'. Add intent rows there or pass --data FILE.jsonl.`);
  return names.map((n) => join(dir, n));
}

function byLocale<T extends IntentRow>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(row.locale) ?? [];
    list.push(row);
    groups.set(row.locale, list);
  }
  return groups;
}

/** Trains and saves a model directory; throws NluInputError on unreadable input. */
export function trainModel({ dataFiles, outDir, validationFiles = [], carveValidation = false, goal, maxBits, onProgress }: TrainOptions): TrainSummary {
  const started = Date.now();
  let groups = byLocale(dataFiles.flatMap((f) => readIntentRows(f)));
  let validation = byLocale(validationFiles.flatMap((f) => readIntentRows(f).map((r) => ({ ...r, group: basename(f) }))));
  if (validationFiles.length === 0 && carveValidation) {
    // Thresholds chosen on rows the model never saw hold on new data; the defaults are a guess.
    const carved = [...groups.values()].map((rows) => stratifiedSplit(rows, (r) => r.intent, CARVED_SHARE));
    groups = byLocale(carved.flatMap((c) => c.train));
    validation = byLocale(carved.flatMap((c) => c.heldOut.map((r) => ({ ...r, group: 'carved' }))));
  }
  // English first: it is the fallback when language detection cannot decide.
  const locales = [...groups.keys()].sort((a, b) => Number(b === 'en') - Number(a === 'en'));
  const models: IntentModel[] = [];
  const thresholds: Record<string, RejectThresholds> = {};
  const rows: Record<string, number> = {};
  const notes: Record<string, string> = {};
  locales.forEach((locale, index) => {
    const examples = groups.get(locale) ?? [];
    rows[locale] = examples.length;
    onProgress?.({ kind: 'locale', locale, index, total: locales.length, rows: examples.length });
    const onEpoch = (m: 'neural' | 'linear', epoch: number, loss: number) => onProgress?.({ kind: 'epoch', locale, model: m, epoch, loss });
    const model = IntentModel.train(locale, examples, { onEpoch, maxBits });
    models.push(model);
    const val = validation.get(locale) ?? [];
    let compared = '';
    if (val.length > 0) {
      // The ensemble and its thresholds together: the product is kept only where it does better at its operating point.
      const choice = chooseEnsemble(model, val, goal);
      thresholds[locale] = choice.thresholds;
      const figures = (f: OperatingFigures) => `${f.correct}/${f.inScope} in scope right, ${f.rejectedOutOfScope}/${f.outOfScope} None rejected`;
      if (choice.product) compared = `; at their operating points there, mixture ${figures(choice.mixture)}, product ${figures(choice.product)}`;
      if ((model.toJSON().ensemble.weights.dense ?? 0) === 0) model.dropWordVectors();
    } else thresholds[locale] = DEFAULT_THRESHOLDS;
    const { weights, temperature, product } = model.toJSON().ensemble;
    notes[locale] =
      `${examples.length} training rows; ` +
      (val.length > 0
        ? `${product ? 'product' : 'mixture'} (linear ${weights.linear}, neural ${weights.neural}, similarity ${weights.similarity}${weights.dense ? `, word vectors ${weights.dense}` : ''}, temperature ${temperature}) and thresholds chosen on ${val.length} ${validationFiles.length === 0 ? 'held-out training' : 'validation'} rows${compared}`
        : 'default mixture and thresholds (no validation rows)');
    onProgress?.({ kind: 'thresholds', locale, thresholds: thresholds[locale] });
  });
  saveModel(outDir, { locales, thresholds, trainedAt: new Date().toISOString(), notes }, models);
  return { locales, rows, thresholds, seconds: (Date.now() - started) / 1000 };
}
