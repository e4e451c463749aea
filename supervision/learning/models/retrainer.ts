/**
 * Retraining from the corpus plus what supervisors accepted: one at a time across instances (the store's
 * lock), in a child process, into a new version that the gate marks `passed` or `failed`. A failed one stays
 * listed with its figures and can never be promoted (`promotion.ts` refuses it).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../infra/logger.js';
import { readIntentRows } from '../../../nlu-models/jsonl.js';
import { jsonlFilesIn } from '../../../nlu-models/train.js';
import type { AcceptedItemsSource } from '../learning-items.js';
import type { GateSettings } from './evaluation-gate.js';
import { forkRetrain } from './fork-retrain.js';
import { readModelDir, writeModelDir } from './model-files.js';
import { BASE_VERSION, newVersionId, type ModelVersion, type ModelVersionStore } from './model-versions.js';
import type { RetrainJob, RetrainResult } from './retrain-job.js';
import { acceptedTrainingSet } from './training-set.js';

/** Where a retrain reads from and how it judges. */
export interface RetrainSettings {
  /** Every *.jsonl of it trains (read at each retrain, so a corpus can change without a restart). */
  readonly corpusDir: string;
  /** Rows the mixture and thresholds are fitted on; null: a tenth of the corpus is carved out. */
  readonly validationDir: string | null;
  /** The gate's dev sets. */
  readonly devDir: string;
  /** The model instances start with (NLU_MODEL_DIR): the "current" one before any promotion. */
  readonly baseModelDir: string;
  /** Scratch space for training (a folder per retrain, removed after). */
  readonly workDir: string;
  readonly heldOutShare: number;
  readonly gate: GateSettings;
  /** The lock's life: longer than the slowest retrain, short enough that a crashed trainer frees it. */
  readonly lockTtlMs: number;
}

export interface RetrainerOptions {
  readonly store: ModelVersionStore;
  readonly accepted: AcceptedItemsSource;
  readonly settings: RetrainSettings;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Runs a job; default: in a child process. */
  readonly run?: (job: RetrainJob) => Promise<RetrainResult>;
}

interface RetrainFiles {
  readonly trainFiles: readonly string[];
  readonly validationFiles: readonly string[];
  readonly devFiles: readonly string[];
}

/** `start`'s answer: the version being trained and when it is done, or that another retrain runs. */
export type RetrainStart =
  | { readonly started: true; readonly version: ModelVersion; readonly done: Promise<ModelVersion> }
  | { readonly started: false; readonly code: 'retrain_running' };

export class Retrainer {
  readonly #options: RetrainerOptions;

  constructor(options: RetrainerOptions) {
    this.#options = options;
  }

  /**
   * Starts a retrain unless one runs on any instance; `done` resolves the judged (or failed) version, never rejects.
   * Throws NluInputError when a corpus folder cannot be read (nothing is recorded then).
   */
  async start(by: string): Promise<RetrainStart> {
    const { store, accepted, settings, now = Date.now } = this.#options;
    const id = newVersionId(now());
    if (!(await store.acquireRetrainLock(id, settings.lockTtlMs))) return { started: false, code: 'retrain_running' };
    try {
      const files = {
        trainFiles: jsonlFilesIn(settings.corpusDir),
        validationFiles: settings.validationDir === null ? [] : jsonlFilesIn(settings.validationDir),
        devFiles: jsonlFilesIn(settings.devDir),
      };
      await this.#closeInterrupted();
      const items = await accepted.listAccepted();
      const corpus = files.trainFiles.flatMap((file) => readIntentRows(file));
      const set = acceptedTrainingSet(items, [...new Set(corpus.map((r) => r.locale))], settings.heldOutShare);
      const version: ModelVersion = {
        id,
        createdAt: now(),
        createdBy: by,
        status: 'training',
        comparedWith: await store.readCurrent(),
        acceptedItems: items.length,
        answers: set.answers,
      };
      await store.writeVersion(version);
      // Never rejects: a lock that cannot be freed (Redis away) expires by its TTL, and is logged.
      const done = this.#train(version, set, files).finally(() =>
        store
          .releaseRetrainLock(id)
          .catch((error: unknown) => this.#options.logger?.warn({ err: error, version: id }, 'retrain lock not freed; it expires by itself')),
      );
      return { started: true, version, done };
    } catch (error) {
      await store.releaseRetrainLock(id);
      throw error;
    }
  }

  /** Versions still 'training' while this retrain holds the lock were cut short (their instance stopped): say so. */
  async #closeInterrupted(): Promise<void> {
    const { store } = this.#options;
    for (const stale of (await store.listVersions(50)).filter((v) => v.status === 'training')) {
      await store.writeVersion({ ...stale, status: 'error', error: 'interrupted: the instance training it stopped before the end' });
    }
  }

  async #train(version: ModelVersion, set: ReturnType<typeof acceptedTrainingSet>, files: RetrainFiles): Promise<ModelVersion> {
    const { store, settings, logger, run = (job: RetrainJob) => forkRetrain(job, { timeoutMs: settings.lockTtlMs }) } = this.#options;
    mkdirSync(settings.workDir, { recursive: true });
    const dir = mkdtempSync(join(settings.workDir, `retrain-${version.id}-`));
    let finished: ModelVersion;
    try {
      let currentModelDir = settings.baseModelDir;
      if (version.comparedWith !== BASE_VERSION) {
        const current = await store.readFiles(version.comparedWith);
        if (!current) throw new Error(`the promoted version ${version.comparedWith} has no stored files to compare with`);
        currentModelDir = join(dir, 'current');
        writeModelDir(current, currentModelDir);
      }
      const acceptedFile = join(dir, 'accepted.jsonl');
      writeFileSync(acceptedFile, set.train.map((row) => JSON.stringify(row)).join('\n'));
      const result = await run({
        trainFiles: [...files.trainFiles, ...(set.train.length > 0 ? [acceptedFile] : [])],
        validationFiles: files.validationFiles,
        devFiles: files.devFiles,
        heldOut: set.heldOut,
        currentModelDir,
        outDir: join(dir, 'candidate'),
        gate: settings.gate,
      });
      if (!result.ok) throw new Error(result.error);
      await store.writeFiles(version.id, readModelDir(join(dir, 'candidate')));
      finished = { ...version, status: result.gate.passed ? 'passed' : 'failed', gate: result.gate };
      logger?.info({ version: version.id, passed: result.gate.passed, failures: result.gate.failures, seconds: result.seconds }, 'model retrained');
    } catch (error) {
      finished = { ...version, status: 'error', error: (error instanceof Error ? error.message : String(error)).slice(0, 1000) };
      logger?.error({ err: error, version: version.id }, 'model retrain failed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await store.writeVersion(finished).catch((error: unknown) => logger?.error({ err: error, version: version.id }, 'retrained version not recorded'));
    return finished;
  }
}
