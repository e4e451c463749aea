/**
 * Choosing the out-of-scope thresholds on validation data: the triple (minScore, minSimilarity, minMargin)
 * that rejects the most out-of-scope rows while keeping in-scope accuracy at or above a floor, then
 * per-intent score thresholds around it where the validation rows show an intent needs its own.
 */
import type { Classification } from './intent-model.js';
import type { RejectThresholds } from './model-store.js';

/** A validation row already classified, with its true intent ('None' = out of scope). */
export interface ScoredRow {
  readonly intent: string;
  /** Where the row comes from (a file name); the accuracy floor holds for each group on its own. */
  readonly group?: string;
  readonly classification: Classification;
}

/** True when a classification is rejected as out of scope under `t`. */
export function isRejected(c: Classification, t: RejectThresholds): boolean {
  const top = c.ranked[0];
  if (!top || top.intent === 'None') return true;
  const margin = top.score - (c.ranked[1]?.score ?? 0);
  return top.score < (t.perIntent?.[top.intent] ?? t.minScore) || c.similarity < t.minSimilarity || margin < (t.minMargin ?? 0);
}

/** How far the accuracy may fall for out-of-scope rejection; see `chooseThresholds`. */
export interface ThresholdGoal {
  /** Every group keeps this in-scope accuracy when it reaches it without rejection (default 0.985). */
  readonly accuracyFloor?: number;
  /** A group below the floor without rejection may lose this much accuracy (default 0.02). */
  readonly maxAccuracyDrop?: number;
  /**
   * A false-rejection budget instead of the accuracy floor: at most this share of the in-scope rows may be
   * rejected (0.02: 2 in 100). Rejecting a row the model got wrong costs accuracy nothing but annoys the
   * customer all the same, so a budget on rejections holds on new data where a floor on accuracy, met to
   * the tenth of a point on one split, does not. Per-intent thresholds are not fitted under a budget: with
   * a few dozen validation rows per intent they follow that split's noise.
   */
  readonly maxFalseRejection?: number;
}

/** Used when a locale has no validation rows: lenient, so in-scope answers are rarely lost. */
export const DEFAULT_THRESHOLDS: RejectThresholds = { minScore: 0.3, minSimilarity: 0.2 };

/** Accuracy floor per group: the wanted floor, or two points under what the group reaches with no rejection. */
function floors(inScope: readonly ScoredRow[], accuracyFloor: number, maxDrop: number): Map<string, { rows: ScoredRow[]; floor: number }> {
  const groups = new Map<string, { rows: ScoredRow[]; floor: number }>();
  for (const row of inScope) {
    const key = row.group ?? '';
    const group = groups.get(key) ?? { rows: [], floor: 0 };
    group.rows.push(row);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const baseline = accuracy(group.rows, { minScore: 0, minSimilarity: 0 });
    group.floor = baseline >= accuracyFloor ? accuracyFloor : baseline - maxDrop;
  }
  return groups;
}

function accuracy(rows: readonly ScoredRow[], t: RejectThresholds): number {
  const correct = rows.filter((r) => !isRejected(r.classification, t) && r.classification.ranked[0]?.intent === r.intent).length;
  return correct / rows.length;
}

/**
 * Grid search for the triple that rejects the most out-of-scope rows while every group keeps its accuracy
 * floor, then `perIntentThresholds`. Ties go to the more lenient triple: validation phrasing is tidier
 * than real customers'.
 */
export function chooseThresholds(
  rows: readonly ScoredRow[],
  { accuracyFloor = 0.985, maxAccuracyDrop = 0.02, maxFalseRejection }: ThresholdGoal = {},
): RejectThresholds {
  const inScope = rows.filter((r) => r.intent !== 'None');
  const outOfScope = rows.filter((r) => r.intent === 'None');
  if (inScope.length === 0) return DEFAULT_THRESHOLDS;
  const budget = maxFalseRejection;
  const groups = budget === undefined ? [...floors(inScope, accuracyFloor, maxAccuracyDrop).values()] : [];
  // Without out-of-scope rows, the in-scope rows the model gets wrong stand in for them: they are what
  // a threshold should catch (an unsure guess), and catching them costs no right answer.
  const targets = outOfScope.length > 0 ? outOfScope : inScope.filter((r) => r.classification.ranked[0]?.intent !== r.intent);
  const recallOf = (t: RejectThresholds) => targets.filter((r) => isRejected(r.classification, t)).length / Math.max(1, targets.length);
  const withinBudget = (t: RejectThresholds) =>
    budget === undefined || inScope.filter((r) => isRejected(r.classification, t)).length <= budget * inScope.length;
  const leniency = (t: RejectThresholds) => t.minScore + t.minSimilarity + (t.minMargin ?? 0);
  let best: { t: RejectThresholds; recall: number } = { t: { minScore: 0, minSimilarity: 0, minMargin: 0 }, recall: -1 };
  for (let s = 0; s <= 0.9001; s += 0.02) {
    for (let m = 0; m <= 0.7001; m += 0.025) {
      for (const margin of [0, 0.05, 0.1, 0.15, 0.2, 0.3]) {
        const t = { minScore: round(s), minSimilarity: round(m), minMargin: margin };
        if (groups.some((g) => accuracy(g.rows, t) < g.floor) || !withinBudget(t)) continue;
        const recall = recallOf(t);
        if (recall > best.recall || (recall === best.recall && leniency(t) < leniency(best.t))) best = { t, recall };
      }
    }
  }
  if (budget !== undefined) return best.t;
  const perIntent = perIntentThresholds(rows, best.t);
  const refined = { ...best.t, perIntent };
  // Keep the per-intent thresholds only when they hold every floor and lose no out-of-scope recall.
  const holds = groups.every((g) => accuracy(g.rows, refined) >= g.floor) && recallOf(refined) >= best.recall;
  return holds && Object.keys(perIntent).length > 0 ? refined : best.t;
}

/** Fewest validation rows predicted as an intent before it may get its own threshold. */
const MIN_ROWS_PER_INTENT = 10;

/**
 * Per intent, a score threshold within 0.1 of the global one that gains the most on its validation rows:
 * a correct in-scope answer kept is worth 1 / (in-scope rows), an out-of-scope row let through costs
 * 1 / (out-of-scope rows), so both sides weigh what they weigh in the figures. Confusable intents
 * ("get_invoice" / "check_invoice") get a lower one, intents that attract stray questions a higher one.
 */
export function perIntentThresholds(rows: readonly ScoredRow[], global: RejectThresholds): Record<string, number> {
  const inScope = rows.filter((r) => r.intent !== 'None').length;
  const outOfScope = rows.length - inScope;
  const byIntent = new Map<string, ScoredRow[]>();
  for (const row of rows) {
    const top = row.classification.ranked[0]?.intent;
    if (!top || top === 'None') continue;
    byIntent.set(top, [...(byIntent.get(top) ?? []), row]);
  }
  const chosen: Record<string, number> = {};
  for (const [intent, predicted] of byIntent) {
    if (predicted.length < MIN_ROWS_PER_INTENT) continue;
    let best = { t: global.minScore, gain: -Infinity };
    for (const delta of [0, -0.05, 0.05, -0.1, 0.1]) {
      const t = round(Math.min(0.95, Math.max(0, global.minScore + delta)));
      const kept = predicted.filter((r) => !isRejected(r.classification, { ...global, perIntent: { [intent]: t } }));
      const gain =
        kept.filter((r) => r.intent === intent).length / Math.max(1, inScope) - kept.filter((r) => r.intent === 'None').length / Math.max(1, outOfScope);
      if (gain > best.gain + 1e-12) best = { t, gain };
    }
    if (best.t !== global.minScore) chosen[intent] = best.t;
  }
  return chosen;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
