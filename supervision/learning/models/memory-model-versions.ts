/** The model version store in one process's memory: for a single instance without Redis, and for tests. */
import { EventEmitter } from 'node:events';
import { BASE_VERSION, type InstanceModelStatus, type ModelFiles, type ModelVersion, type ModelVersionStore, type Promotion } from './model-versions.js';

/** Versions whose files are kept; older ones keep their record only (the promoted one is never pruned). */
export const KEPT_FILE_VERSIONS = 10;

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
      const keep = new Set([
        current,
        ...newestFirst()
          .slice(0, KEPT_FILE_VERSIONS)
          .map((v) => v.id),
        id,
      ]);
      for (const stored of [...files.keys()]) if (!keep.has(stored)) files.delete(stored);
    },
    async readFiles(id) {
      return files.get(id);
    },
    async readCurrent() {
      return current;
    },
    async promote(promotion) {
      current = promotion.to;
      promotions.unshift(promotion);
      events.emit('promoted', promotion.to);
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
