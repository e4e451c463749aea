/**
 * Promoting a version and rolling back: both move the shared pointer, record who, when, from, to and the
 * gate figures, and tell every instance (`ModelVersionStore.promote`). Only a version the gate passed against
 * the model promoted now can be promoted; a rollback returns to what the current version replaced.
 */
import { BASE_VERSION, type ModelVersionStore, type Promotion } from './model-versions.js';

export type PromotionResult =
  | { readonly ok: true; readonly promotion: Promotion }
  | {
      readonly ok: false;
      readonly code: 'not_found' | 'not_passed' | 'already_current' | 'gate_outdated' | 'nothing_to_roll_back' | 'current_changed';
      readonly message: string;
    };

/** Promotes `versionId` (it must have passed the gate against the promoted model, and have its files). */
export async function promoteVersion(store: ModelVersionStore, versionId: string, by: string, now = Date.now()): Promise<PromotionResult> {
  const version = await store.readVersion(versionId);
  if (!version) return { ok: false, code: 'not_found', message: `No model version ${versionId}. List them with GET /api/admin/learning/models.` };
  if (version.status !== 'passed') {
    return { ok: false, code: 'not_passed', message: `Version ${versionId} is '${version.status}': only a version that passed the gate can be promoted.` };
  }
  const current = await store.readCurrent();
  if (current === versionId) return { ok: false, code: 'already_current', message: `Version ${versionId} is already the promoted one.` };
  // The gate vouches only for "not worse than the model it was compared with": another one serves now.
  if (version.comparedWith !== current) {
    return {
      ok: false,
      code: 'gate_outdated',
      message: `Version ${versionId} was compared with ${version.comparedWith}, but ${current} is promoted now: retrain to judge a candidate against it.`,
    };
  }
  if (!(await store.readFiles(versionId))) {
    return { ok: false, code: 'not_found', message: `Version ${versionId} has no stored files any more (older versions are pruned). Retrain instead.` };
  }
  const promotion: Promotion = { action: 'promote', at: now, by, from: current, to: versionId, ...(version.gate ? { gate: version.gate } : {}) };
  if (!(await store.promote(promotion))) return currentChanged(current);
  return { ok: true, promotion };
}

/**
 * Returns to the version the current one replaced: the `from` of the latest promotion to it. Rolling back
 * again walks further back, as an undo stack would (a rollback record is not itself undone).
 */
export async function rollBack(store: ModelVersionStore, by: string, now = Date.now()): Promise<PromotionResult> {
  const current = await store.readCurrent();
  const history = await store.listPromotions(500);
  const replaced = history.find((p) => p.action === 'promote' && p.to === current);
  if (!replaced || current === BASE_VERSION) {
    return { ok: false, code: 'nothing_to_roll_back', message: `Version ${current} was not promoted over another one: there is nothing to roll back to.` };
  }
  // As a promotion does: a version without files would leave every instance failing to load it.
  if (replaced.from !== BASE_VERSION && !(await store.readFiles(replaced.from))) {
    return { ok: false, code: 'not_found', message: `Version ${replaced.from} has no stored files any more (older versions are pruned). Retrain instead.` };
  }
  const previous = replaced.from === BASE_VERSION ? undefined : await store.readVersion(replaced.from);
  const promotion: Promotion = { action: 'rollback', at: now, by, from: current, to: replaced.from, ...(previous?.gate ? { gate: previous.gate } : {}) };
  if (!(await store.promote(promotion))) return currentChanged(current);
  return { ok: true, promotion };
}

/** Another promotion or rollback moved the pointer between the checks above and the write. */
function currentChanged(seen: string): PromotionResult {
  return { ok: false, code: 'current_changed', message: `The promoted version changed from ${seen} while this was checked; reload and try again.` };
}
