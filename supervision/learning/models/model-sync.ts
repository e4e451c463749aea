/**
 * Keeps one instance on the promoted model version without a restart: on a promotion message, at start,
 * and every `checkMs` (so a missed message still converges), it compares the shared pointer with what it
 * serves; a new version is fetched, written to this instance's cache folder, loaded completely, then swapped
 * in (`LiveModel.use`). When loading fails the old version keeps serving, the failure is logged, and the
 * instance reports it (`ModelVersionStore.reportInstance`), as it reports every change.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../infra/logger.js';
import { loadRecognizer } from '../../../nlu-models/nlp-recognizer.js';
import type { Recognizer } from '../../../nlu-models/recognizer.js';
import { LiveModel, type LoadedModel } from './live-model.js';
import { writeModelDir } from './model-files.js';
import { BASE_VERSION, VERSION_ID, type InstanceModelStatus, type ModelVersionStore } from './model-versions.js';

export interface ModelSyncOptions {
  readonly store: ModelVersionStore;
  /** The base model, already loaded (the instance started with it). */
  readonly base: Recognizer;
  /** Where fetched versions are written before loading (a folder per load, removed once loaded; instances may share it). */
  readonly cacheDir: string;
  /** How often the pointer is checked besides the messages. */
  readonly checkMs: number;
  readonly instanceId?: string;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Loads a model folder; default: the NLU's loader. */
  readonly load?: (dir: string) => Promise<Recognizer>;
}

export class ModelSync {
  readonly live: LiveModel;
  readonly instanceId: string;
  readonly #options: ModelSyncOptions;
  readonly #baseModel: LoadedModel;
  #status: InstanceModelStatus;
  #queue: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(options: ModelSyncOptions) {
    this.#options = options;
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`;
    this.#baseModel = { version: BASE_VERSION, recognizer: options.base, answers: {} };
    this.live = new LiveModel(this.#baseModel);
    this.#status = { instanceId: this.instanceId, loaded: BASE_VERSION, wanted: BASE_VERSION, state: 'ok', updatedAt: this.#now() };
  }

  /** This instance's status as last reported. */
  get status(): InstanceModelStatus {
    return this.#status;
  }

  /** Subscribes, converges once, then checks every `checkMs`. A store that cannot be reached is logged; the base keeps serving. */
  async start(): Promise<void> {
    const { store, checkMs, logger } = this.#options;
    this.#unsubscribe = await store
      .onPromoted(() => void this.check())
      .catch((error: unknown) => {
        logger?.warn({ err: error }, 'model sync: not subscribed to promotions; the periodic check still converges');
        return undefined;
      });
    await this.check();
    this.#timer = setInterval(() => void this.check(), checkMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#unsubscribe?.();
    await this.#queue;
  }

  /** Loads the promoted version if it is not the one served; checks run one after another, never two at once. */
  check(): Promise<void> {
    this.#queue = this.#queue.then(() => this.#converge()).catch((error: unknown) => this.#options.logger?.warn({ err: error }, 'model sync: check failed'));
    return this.#queue;
  }

  async #converge(): Promise<void> {
    const { store, logger } = this.#options;
    const wanted = await store.readCurrent();
    if (wanted === this.live.version) {
      if (this.#status.state !== 'ok' || this.#status.wanted !== wanted) await this.#report({ wanted, state: 'ok' });
      else await this.#report({});
      return;
    }
    await this.#report({ wanted, state: 'loading' });
    try {
      const loaded = wanted === BASE_VERSION ? this.#baseModel : await this.#load(wanted);
      this.live.use(loaded);
      logger?.info({ version: wanted, instance: this.instanceId }, 'model version loaded');
      await this.#report({ wanted, state: 'ok' });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      logger?.error({ err: error, version: wanted, serving: this.live.version }, 'model version could not be loaded; the previous one keeps serving');
      await this.#report({ wanted, state: 'failed', error: message });
    }
  }

  async #load(versionId: string): Promise<LoadedModel> {
    const { store, cacheDir, load = (dir: string) => loadRecognizer({ modelDir: dir }) } = this.#options;
    if (!VERSION_ID.test(versionId)) throw new Error(`the promoted pointer holds '${versionId.slice(0, 60)}', not a version id`);
    const [version, files] = await Promise.all([store.readVersion(versionId), store.readFiles(versionId)]);
    if (!version || !files) throw new Error(`version ${versionId} has no stored ${version ? 'files' : 'record'}`);
    // A folder of this load's own: instances of one host share the cache folder, and each removes its folder
    // once loaded, so a shared one could vanish under another instance loading the same version.
    const dir = join(cacheDir, `${versionId}-${randomUUID().slice(0, 8)}`);
    try {
      writeModelDir(files, dir);
      return { version: versionId, recognizer: await load(dir), answers: version.answers };
    } finally {
      // The loaded model lives in memory; the folder is only the loader's way in (a rollback fetches again).
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // Nothing was written there (the cache folder is unusable): the load's own error says so.
      }
    }
  }

  async #report(change: Partial<Pick<InstanceModelStatus, 'wanted' | 'state' | 'error'>>): Promise<void> {
    const { error: _previous, ...rest } = this.#status;
    const state = change.state ?? rest.state;
    this.#status = {
      ...rest,
      ...change,
      loaded: this.live.version,
      state,
      updatedAt: this.#now(),
      ...(state === 'failed' ? { error: change.error ?? this.#status.error ?? '' } : {}),
    };
    await this.#options.store
      .reportInstance(this.#status)
      .catch((error: unknown) => this.#options.logger?.warn({ err: error }, 'model sync: status not reported'));
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
