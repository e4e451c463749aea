/**
 * Choosing the out-of-scope operating point: under a false-rejection budget, and with no out-of-scope rows.
 */
import { describe, expect, it } from 'vitest';
import { chooseThresholds, isRejected, type ScoredRow } from './thresholds.js';

/** A row whose top intent is `top` with probability `p` (the rest split over two others), fully similar. */
const row = (intent: string, top: string, p: number): ScoredRow => ({
  intent,
  classification: {
    ranked: [
      { intent: top, score: p },
      { intent: 'x', score: (1 - p) / 2 },
      { intent: 'y', score: (1 - p) / 2 },
    ],
    similarity: 1,
  },
});

// 100 in-scope rows: 5 wrong guesses at 0.36 … 0.44, 95 right answers at 0.525 … 0.995; 20 out-of-scope
// rows at 0.34 … 0.72.
const inScope = Array.from({ length: 100 }, (_, i) => (i < 5 ? row('a', 'b', 0.36 + i * 0.02) : row('a', 'a', 0.5 + i * 0.005)));
const outOfScope = Array.from({ length: 20 }, (_, i) => row('None', 'a', 0.34 + i * 0.02));

const rejectedShare = (rows: readonly ScoredRow[], t: ReturnType<typeof chooseThresholds>) =>
  rows.filter((r) => isRejected(r.classification, t)).length / rows.length;

describe('chooseThresholds under a false-rejection budget', () => {
  it('rejects at most the budget of in-scope rows, and as many out-of-scope rows as that allows', () => {
    const t = chooseThresholds([...inScope, ...outOfScope], { maxFalseRejection: 0.08 });
    expect(rejectedShare(inScope, t)).toBeLessThanOrEqual(0.08);
    expect(rejectedShare(outOfScope, t)).toBeGreaterThan(0);
    const looser = chooseThresholds([...inScope, ...outOfScope], { maxFalseRejection: 0.2 });
    expect(rejectedShare(inScope, looser)).toBeLessThanOrEqual(0.2);
    expect(rejectedShare(outOfScope, looser)).toBeGreaterThan(rejectedShare(outOfScope, t));
  });

  it('fits no per-intent thresholds under a budget', () => {
    expect(chooseThresholds([...inScope, ...outOfScope], { maxFalseRejection: 0.05 }).perIntent).toBeUndefined();
  });

  it('without out-of-scope rows, rejects the unsure in-scope guesses within the budget instead of nothing', () => {
    const t = chooseThresholds(inScope, { maxFalseRejection: 0.05 });
    expect(rejectedShare(inScope, t)).toBeGreaterThan(0);
    expect(rejectedShare(inScope, t)).toBeLessThanOrEqual(0.05);
    // The wrong guesses are the least confident: the budget goes to them.
    expect(inScope.slice(0, 5).every((r) => isRejected(r.classification, t))).toBe(true);
  });
});
