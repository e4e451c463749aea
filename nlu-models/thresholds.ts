/**
 * Choosing the out-of-scope thresholds on validation data: the pair (minScore, minSimilarity) that
 * rejects the most out-of-scope rows while keeping in-scope accuracy at or above a floor.
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
  return top.score < (t.perIntent?.[top.intent] ?? t.minScore) || c.similarity < t.minSimilarity;
}

/** How far the accuracy may fall for out-of-scope rejection; see `chooseThresholds`. */
export interface ThresholdGoal {
  /** Every group keeps this in-scope accuracy when it reaches it without rejection (default 0.985). */
  readonly accuracyFloor?: number;
  /** A group below the floor without rejection may lose this much accuracy (default 0.02). */
  readonly maxAccuracyDrop?: number;
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
 * Grid search for the pair that rejects the most out-of-scope rows while every group keeps its accuracy
 * floor. Ties go to the more lenient pair: validation phrasing is tidier than real customers'.
 */
export function chooseThresholds(rows: readonly ScoredRow[], { accuracyFloor = 0.985, maxAccuracyDrop = 0.02 }: ThresholdGoal = {}): RejectThresholds {
  const inScope = rows.filter((r) => r.intent !== 'None');
  const outOfScope = rows.filter((r) => r.intent === 'None');
  if (inScope.length === 0) return DEFAULT_THRESHOLDS;
  const groups = [...floors(inScope, accuracyFloor, maxAccuracyDrop).values()];
  let best: { t: RejectThresholds; recall: number } | undefined;
  for (let s = 0; s <= 0.9001; s += 0.01) {
    for (let m = 0; m <= 0.7001; m += 0.025) {
      const t = { minScore: round(s), minSimilarity: round(m) };
      if (groups.some((g) => accuracy(g.rows, t) < g.floor)) continue;
      const recall = outOfScope.filter((r) => isRejected(r.classification, t)).length / Math.max(1, outOfScope.length);
      if (!best || recall > best.recall || (recall === best.recall && s + m < best.t.minScore + best.t.minSimilarity)) best = { t, recall };
    }
  }
  return best?.t ?? { minScore: 0, minSimilarity: 0 };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
