/** The model version store in one process's memory: for a single instance without Redis, and for tests. */
import { EventEmitter } from 'node:events';
import { BASE_VERSION, type InstanceModelStatus, type ModelFiles, type ModelVersion, type ModelVersionStore, type Promotion } from './model-versions.js';

/** Versions whose files are kept; older ones keep their record only (see `keptFileVersions`). */
export const KEPT_FILE_VERSIONS = 10;
/** Promotions whose versions keep their files, so a rollback always finds what it returns to. */
export const KEPT_PROMOTION_FILES = 20;

/** Versions whose files stay: the newest, the promoted one, the one being written, and every version of the latest promotions. */
export function keptFileVersions(newest: readonly string[], current: string, written: string, promotions: readonly Promotion[]): Set<string> {
  return new Set([...newest.slice(0, KEPT_FILE_VERSIONS), current, written, ...promotions.slice(0, KEPT_PROMOTION_FILES).flatMap((p) => [p.from, p.to])]);
}

export function createMemoryModelVersionStore({ now = Date.now }: { now?: () => number } = {}): ModelVersionStore {
  const versions = new Map<string, ModelVersion>();
  const files = new Map<string, ModelFiles>();
  const promotions: Promotion[] = [];
  const instances = new Map<string, InstanceModelStatus>();
  const events = new EventEmitter();
  let current = BASE_VERSION;
  let lock: { owner: string; until: number } | undefined;

  const newestFirst = () => [...versions.values()].sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
  return {
    async writeVersion(version) {
      versions.set(version.id, version);
    },
    async readVersion(id) {
      return versions.get(id);
    },
    async listVersions(limit = 50) {
      return newestFirst().slice(0, limit);
    },
    async writeFiles(id, written) {
      files.set(id, new Map(written));
      const keep = keptFileVersions(
        newestFirst().map((v) => v.id),
        current,
        id,
        promotions,
      );
      for (const stored of [...files.keys()]) if (!keep.has(stored)) files.delete(stored);
    },
    async readFiles(id) {
      return files.get(id);
    },
    async readCurrent() {
      return current;
    },
    async promote(promotion) {
      if (current !== promotion.from) return false;
      current = promotion.to;
      promotions.unshift(promotion);
      events.emit('promoted', promotion.to);
      return true;
    },
    async listPromotions(limit = 50) {
      return promotions.slice(0, limit);
    },
    async reportInstance(status) {
      instances.set(status.instanceId, status);
    },
    async listInstances(at, maxAgeMs) {
      return [...instances.values()].filter((s) => at - s.updatedAt <= maxAgeMs).sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    },
    async acquireRetrainLock(owner, ttlMs) {
      if (lock && lock.until > now()) return false;
      lock = { owner, until: now() + ttlMs };
      return true;
    },
    async releaseRetrainLock(owner) {
      if (lock?.owner === owner) lock = undefined;
    },
    async onPromoted(listener) {
      events.on('promoted', listener);
      return async () => {
        events.off('promoted', listener);
      };
    },
  };
}
