/**
 * Training a model directory from intent JSONL files: one neural model per locale, thresholds
 * chosen on validation rows, everything saved as JSON by `model-store.ts`.
 */
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { NluInputError } from './errors.js';
import { IntentModel } from './intent-model.js';
import { readIntentRows, type IntentRow } from './jsonl.js';
import { saveModel, type RejectThresholds } from './model-store.js';
import { DEFAULT_THRESHOLDS, chooseThresholds } from './thresholds.js';

/** The shop bot's training corpora, one JSONL file per source. */
export const shopCorpusDir: string = fileURLToPath(new URL('./corpora/shop', import.meta.url));
/** The shop bot's validation rows, used only to choose the out-of-scope thresholds. */
export const shopValidationDir: string = fileURLToPath(new URL('./corpora/shop-validation', import.meta.url));

/** Progress events, for a progress bar. */
export type TrainProgress =
  | { kind: 'locale'; locale: string; index: number; total: number; rows: number }
  | { kind: 'epoch'; locale: string; epoch: number; loss: number }
  | { kind: 'thresholds'; locale: string; thresholds: RejectThresholds };

/** Options of `trainModel`. */
export interface TrainOptions {
  readonly dataFiles: readonly string[];
  readonly outDir: string;
  /** Rows to choose out-of-scope thresholds on (may include intent 'None'); defaults are used without. */
  readonly validationFiles?: readonly string[];
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
    names = readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
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
export function trainModel({ dataFiles, outDir, validationFiles = [], onProgress }: TrainOptions): TrainSummary {
  const started = Date.now();
  const groups = byLocale(dataFiles.flatMap((f) => readIntentRows(f)));
  const validation = byLocale(validationFiles.flatMap((f) => readIntentRows(f).map((r) => ({ ...r, group: basename(f) }))));
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
    const model = IntentModel.train(locale, examples, (epoch, loss) => onProgress?.({ kind: 'epoch', locale, epoch, loss }));
    models.push(model);
    const val = validation.get(locale) ?? [];
    thresholds[locale] = val.length > 0
      ? chooseThresholds(val.map((r) => ({ intent: r.intent, group: r.group, classification: model.classify(r.text) })))
      : DEFAULT_THRESHOLDS;
    notes[locale] = `${examples.length} training rows; thresholds ${val.length > 0 ? `chosen on ${val.length} validation rows` : 'default (no validation rows)'}`;
    onProgress?.({ kind: 'thresholds', locale, thresholds: thresholds[locale] });
  });
  saveModel(outDir, { format: 1, locales, thresholds, trainedAt: new Date().toISOString(), notes }, models);
  return { locales, rows, thresholds, seconds: (Date.now() - started) / 1000 };
}
