/**
 * The radar's arithmetic, pure (no clock, no I/O): which hours a "usual" level is read from, what the
 * usual count of a window is, and which signals each rule finds surging.
 *
 * Usual level: the median count of the same clock hour (UTC) on each of the previous 7 days and on the
 * same weekday 2, 3 and 4 weeks back, scaled to the rule's window (an hour of 60 counts, a 15-minute
 * window: 15). Hours the radar never recorded do not count; with fewer than `MIN_HISTORY_HOURS` of them
 * the usual level is 0, so only the rule's `minCount` (the floor) decides: a new or quiet shop works
 * from day one. The median, not the mean, so one past incident does not raise the bar for a month.
 */
import type { SurgeRule } from '../../infra/radar-settings.js';
import type { HourTotals } from './radar-store.js';
import type { RadarReading } from './types.js';

export const HOUR_MS = 3_600_000;
/** Fewer recorded reference hours than this: no usual level yet, the floor alone applies. */
export const MIN_HISTORY_HOURS = 3;

/** The reference hours of the hour `hour` (epoch hours): same hour 1..7 days back, then 14, 21, 28 days. */
export function referenceHours(hour: number): number[] {
  return [1, 2, 3, 4, 5, 6, 7, 14, 21, 28].map((days) => hour - days * 24);
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The usual count of `signal` in a window of `windowMinutes`, and how many hours it was read from. */
export function usualCount(history: ReadonlyArray<HourTotals | undefined>, signal: string, windowMinutes: number): { usual: number; hours: number } {
  const recorded = history.filter((totals): totals is HourTotals => totals !== undefined);
  if (recorded.length < MIN_HISTORY_HOURS) return { usual: 0, hours: recorded.length };
  const perHour = median(recorded.map((totals) => totals[signal] ?? 0));
  return { usual: (perHour * windowMinutes) / 60, hours: recorded.length };
}

/** The count a rule needs: its floor, or `factor` × usual when that is higher. */
export function thresholdOf(rule: SurgeRule, usual: number): number {
  return rule.factor === undefined ? rule.minCount : Math.max(rule.minCount, Math.ceil(rule.factor * usual));
}

/** Whether `signal` is one a rule with `pattern` watches (`intent:*` watches every `intent:<x>`). */
export function matches(pattern: string, signal: string): boolean {
  return pattern.endsWith(':*') ? signal.startsWith(pattern.slice(0, -1)) && signal.length > pattern.length - 1 : pattern === signal;
}

/** Sums of the last `minutes` values of each series (series are per minute, oldest first). */
export function windowSums(series: Readonly<Record<string, readonly number[]>>, minutes: number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const [name, values] of Object.entries(series))
    sums.set(
      name,
      values.slice(-minutes).reduce((sum, value) => sum + value, 0),
    );
  return sums;
}

/**
 * A reading per rule and signal. A `*` rule reads every signal of its kind that had a count, except
 * those a rule of their own names (so one surge does not raise two incidents); a named signal is read
 * even at zero, so the dashboard shows it.
 */
export function evaluate(
  rules: readonly SurgeRule[],
  series: Readonly<Record<string, readonly number[]>>,
  history: ReadonlyArray<HourTotals | undefined>,
): RadarReading[] {
  const named = new Set(rules.filter((rule) => !rule.signal.endsWith(':*')).map((rule) => rule.signal));
  const readings: RadarReading[] = [];
  for (const rule of rules) {
    const sums = windowSums(series, rule.windowMinutes);
    const signals = rule.signal.endsWith(':*')
      ? [...sums.keys()].filter((signal) => matches(rule.signal, signal) && !named.has(signal) && (sums.get(signal) ?? 0) > 0).sort()
      : [rule.signal];
    for (const signal of signals) {
      const count = sums.get(signal) ?? 0;
      const { usual, hours } = usualCount(history, signal, rule.windowMinutes);
      const threshold = thresholdOf(rule, usual);
      readings.push({ ruleId: rule.id, signal, windowMinutes: rule.windowMinutes, count, usual, historyHours: hours, threshold, surging: count >= threshold });
    }
  }
  return readings;
}
