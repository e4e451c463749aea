/** The radar's arithmetic: reference hours, the usual level with and without history, thresholds, wildcards. */
import { describe, expect, it } from 'vitest';
import type { SurgeRule } from '../../infra/radar-settings.js';
import type { HourTotals } from './radar-store.js';
import { evaluate, MIN_HISTORY_HOURS, referenceHours, thresholdOf, usualCount } from './evaluate.js';

const wismo: SurgeRule = { id: 'wismo', signal: 'intent:track_order', windowMinutes: 15, factor: 10, minCount: 30 };

describe('radar arithmetic', () => {
  it('reads the same hour on the last 7 days and 2, 3, 4 weeks back', () => {
    expect(referenceHours(1000)).toEqual([976, 952, 928, 904, 880, 856, 832, 664, 496, 328]);
  });

  it('takes the median of the recorded hours, scaled to the window; too little history gives 0', () => {
    const history: Array<HourTotals | undefined> = [
      { 'intent:track_order': 8 },
      { 'intent:track_order': 12 },
      undefined,
      { 'intent:track_order': 400 },
      { negative: 2 },
    ];
    // Recorded: 8, 12, 400, 0 → median 10 per hour → 2.5 in 15 minutes; the one incident hour does not lift it.
    expect(usualCount(history, 'intent:track_order', 15)).toEqual({ usual: 2.5, hours: 4 });
    expect(usualCount(history.slice(0, MIN_HISTORY_HOURS - 1), 'intent:track_order', 15)).toEqual({ usual: 0, hours: 2 });
  });

  it('needs the floor, or factor times the usual when higher', () => {
    expect(thresholdOf(wismo, 0)).toBe(30);
    expect(thresholdOf(wismo, 2.5)).toBe(30);
    expect(thresholdOf(wismo, 4.2)).toBe(42);
    expect(thresholdOf({ id: 'crisis', signal: 'escalated:crisis', windowMinutes: 10, minCount: 5 }, 100)).toBe(5);
  });

  it('sums each rule over its own window and reads wildcards per signal, leaving named ones to their rule', () => {
    const series = {
      'intent:track_order': [50, 0, 0, 31],
      'intent:get_refund': [0, 0, 3, 70],
      'intent:check_invoice': [0, 0, 0, 0],
      'escalated:crisis': [1, 2, 2, 1],
    };
    const rules: SurgeRule[] = [
      { ...wismo, windowMinutes: 2 },
      { id: 'crisis', signal: 'escalated:crisis', windowMinutes: 3, minCount: 5 },
      { id: 'any', signal: 'intent:*', windowMinutes: 2, factor: 10, minCount: 60 },
      { id: 'anger', signal: 'negative', windowMinutes: 2, minCount: 5 },
    ];
    const readings = evaluate(rules, series, []);
    expect(readings.map((r) => [r.ruleId, r.signal, r.count, r.threshold, r.surging])).toEqual([
      ['wismo', 'intent:track_order', 31, 30, true],
      ['crisis', 'escalated:crisis', 5, 5, true],
      ['any', 'intent:get_refund', 73, 60, true],
      ['anger', 'negative', 0, 5, false],
    ]);
  });

  it('does not fire on a busy but usual hour', () => {
    const history = Array.from({ length: 10 }, () => ({ 'intent:track_order': 400 }));
    const [reading] = evaluate([wismo], { 'intent:track_order': Array.from({ length: 15 }, () => 7) }, history);
    expect(reading).toMatchObject({ count: 105, usual: 100, historyHours: 10, threshold: 1000, surging: false });
  });
});
