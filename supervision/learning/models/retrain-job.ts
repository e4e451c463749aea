/**
 * The retrain itself, run in a child process (`run-retrain.ts` forks it) so training and measuring, which
 * take the CPU for seconds to minutes, never stall the instance serving customers. It trains the candidate
 * into `outDir`, measures it and the current model on the dev sets and the held-out accepted rows, applies
 * the gate; `retrain-child.ts` is the child's entry and sends the report to the parent over IPC.
 */
import { readIntentRows, type IntentRow } from '../../../nlu-models/jsonl.js';
import { evaluateIntents } from '../../../nlu-models/metrics.js';
import { loadRecognizer } from '../../../nlu-models/nlp-recognizer.js';
import type { Recognizer } from '../../../nlu-models/recognizer.js';
import { trainModel } from '../../../nlu-models/train.js';
import { judge, type DevFigures, type GateReport, type GateSettings } from './evaluation-gate.js';

/** What the parent asks of the child. */
export interface RetrainJob {
  readonly trainFiles: readonly string[];
  /** Rows to fit the mixture and thresholds on; none: a tenth of the training rows is carved out. */
  readonly validationFiles: readonly string[];
  readonly devFiles: readonly string[];
  readonly heldOut: readonly (IntentRow & { readonly isNew: boolean })[];
  readonly currentModelDir: string;
  readonly outDir: string;
  readonly gate: GateSettings;
}

/** What the child answers. */
export type RetrainResult = { readonly ok: true; readonly gate: GateReport; readonly seconds: number } | { readonly ok: false; readonly error: string };

async function devFigures(recognizer: Recognizer, rows: readonly IntentRow[]): Promise<DevFigures> {
  const report = await evaluateIntents(recognizer, rows);
  return { rows: report.count, inScopeAccuracy: report.inScopeAccuracy, macroF1: report.macroF1, oosRecall: report.oosRecall };
}

async function correct(recognizer: Recognizer, rows: readonly IntentRow[]): Promise<number> {
  let right = 0;
  for (const row of rows) if ((await recognizer.recognize(row.text, { locale: row.locale })).intent === row.intent) right++;
  return right;
}

/** Trains, measures and judges; throws on unreadable input (the caller reports it). */
export async function runRetrainJob(job: RetrainJob): Promise<{ gate: GateReport; seconds: number }> {
  const { seconds } = trainModel({
    dataFiles: job.trainFiles,
    validationFiles: job.validationFiles,
    carveValidation: job.validationFiles.length === 0,
    outDir: job.outDir,
    // The shop model's operating point with its validation rows; without them, a rejection budget (as `nlu train --data`).
    ...(job.validationFiles.length === 0 ? { goal: { maxFalseRejection: 0.01 } } : {}),
  });
  const [current, candidate] = [await loadRecognizer({ modelDir: job.currentModelDir }), await loadRecognizer({ modelDir: job.outDir })];
  const devRows = job.devFiles.flatMap((file) => readIntentRows(file));
  const known = job.heldOut.filter((r) => !r.isNew);
  const fresh = job.heldOut.filter((r) => r.isNew);
  const gate = judge(
    {
      devSets: job.devFiles,
      dev: { current: await devFigures(current, devRows), candidate: await devFigures(candidate, devRows) },
      knownIntents: { rows: known.length, current: await correct(current, known), candidate: await correct(candidate, known) },
      newIntents: { rows: fresh.length, current: 0, candidate: await correct(candidate, fresh) },
    },
    job.gate,
  );
  return { gate, seconds };
}
