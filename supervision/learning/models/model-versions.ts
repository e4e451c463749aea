/**
 * Versioned NLU models shared by every instance: each retrained candidate (its model files, the answers of
 * its new FAQ intents and its gate figures), the pointer to the promoted one, the record of every promotion
 * and rollback, which version each instance has loaded, and the lock that lets one retrain run at a time.
 * Memory (`memory-model-versions.ts`) and Redis (`redis-model-versions.ts`) implement it; one contract
 * test runs against both (`model-versions.test.ts`).
 */
import type { GateReport } from './evaluation-gate.js';

/** The model the instances start with (NLU_MODEL_DIR, the shipped shop model): never stored, always there. */
export const BASE_VERSION = 'base';

/** One retrained candidate. `training` until the child process ends; `passed` or `failed` by the gate; `error` when training broke. */
export interface ModelVersion {
  readonly id: string;
  readonly createdAt: number;
  /** Who asked for the retrain (admin name as the page sent it, or 'cli'). */
  readonly createdBy: string;
  readonly status: 'training' | 'passed' | 'failed' | 'error';
  /** The version it was compared with (the promoted one when it was trained). */
  readonly comparedWith: string;
  /** Accepted items it learned from. */
  readonly acceptedItems: number;
  /** New FAQ intents and their answers per locale ('en', 'zh'...). */
  readonly answers: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly gate?: GateReport;
  /** Why training failed (status 'error'). */
  readonly error?: string;
}

/** One move of the pointer. */
export interface Promotion {
  readonly action: 'promote' | 'rollback';
  readonly at: number;
  readonly by: string;
  readonly from: string;
  readonly to: string;
  /** The gate figures of `to` (absent for the base model). */
  readonly gate?: GateReport;
}

/** What one instance serves. */
export interface InstanceModelStatus {
  readonly instanceId: string;
  /** The version its recognizer runs. */
  readonly loaded: string;
  /** The promoted version it last saw. */
  readonly wanted: string;
  /** 'failed': it could not load `wanted` and kept `loaded`. */
  readonly state: 'ok' | 'loading' | 'failed';
  readonly error?: string;
  readonly updatedAt: number;
}

/** Model files by name (`manifest.json`, `intent-en.json`, `linear-en.bin`...). */
export type ModelFiles = ReadonlyMap<string, Uint8Array>;

export interface ModelVersionStore {
  /** Creates or replaces a version's record. */
  writeVersion(version: ModelVersion): Promise<void>;
  readVersion(id: string): Promise<ModelVersion | undefined>;
  /** Newest first, at most `limit`. */
  listVersions(limit?: number): Promise<ModelVersion[]>;
  writeFiles(id: string, files: ModelFiles): Promise<void>;
  /** The version's files, undefined when none are stored (or they were pruned). */
  readFiles(id: string): Promise<ModelFiles | undefined>;
  /** The promoted version; BASE_VERSION before any promotion. */
  readCurrent(): Promise<string>;
  /**
   * Moves the pointer to `promotion.to`, records the promotion and tells every instance, in that order, only
   * while the pointer is still `promotion.from` (two admins acting at once: one wins). False when it moved.
   */
  promote(promotion: Promotion): Promise<boolean>;
  /** Newest first. */
  listPromotions(limit?: number): Promise<Promotion[]>;
  reportInstance(status: InstanceModelStatus): Promise<void>;
  /** Every instance that reported within `maxAgeMs` of `now`. */
  listInstances(now: number, maxAgeMs: number): Promise<InstanceModelStatus[]>;
  /** True when `owner` now holds the retrain lock (for `ttlMs`, so a crashed trainer frees it). */
  acquireRetrainLock(owner: string, ttlMs: number): Promise<boolean>;
  /** Frees the lock if `owner` still holds it. */
  releaseRetrainLock(owner: string): Promise<void>;
  /** Calls `listener` with the promoted version id whenever any instance promotes; resolves an unsubscribe. */
  onPromoted(listener: (versionId: string) => void): Promise<() => Promise<void>>;
}

/** Version ids: what `newVersionId` makes; nothing a Redis key or a path reads specially. */
export const VERSION_ID = /^(base|v-[0-9a-z]{6,40})$/;

/** A sortable, unique version id. */
export function newVersionId(now: number): string {
  return `v-${now.toString(36)}${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}
