/**
 * Measuring a recognizer on labelled rows: intent accuracy, macro-F1, out-of-scope recall, per-intent
 * figures and the most confused pairs, and precision / recall / F1 of negative-emotion detection.
 */
import type { EmotionRow, IntentRow } from './jsonl.js';
import type { EmotionReading, Recognizer } from './recognizer.js';
import { scoreEmotion } from './emotion/score-emotion.js';

/** Intent figures; fractions 0..1. */
export interface IntentReport {
  readonly inScopeAccuracy: number;
  /** Mean F1 over the in-scope intents present in the rows. */
  readonly macroF1: number;
  /** Share of 'None' rows predicted 'None'; null when there is no 'None' row. */
  readonly oosRecall: number | null;
  readonly count: number;
  /** Share of in-scope rows wrongly rejected as out of scope. */
  readonly falseRejectRate: number;
  /** Per intent present in the rows (gold), worst F1 first. */
  readonly perIntent: readonly IntentFigures[];
  /** Gold → predicted pairs that differ, most frequent first ('None' on either side: a rejection or a stray). */
  readonly confusions: readonly Confusion[];
}

/** One intent's figures; fractions 0..1. */
export interface IntentFigures {
  readonly intent: string;
  /** Rows whose gold intent this is. */
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** How often rows of `gold` were taken for `predicted`, with one example. */
export interface Confusion {
  readonly gold: string;
  readonly predicted: string;
  readonly count: number;
  readonly example: string;
}

/** Emotion figures for the negative class; fractions 0..1. */
export interface EmotionFigures {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly count: number;
  /** Share of all rows scored negative (on a set of calm questions: the false escalations). */
  readonly flagged: number;
}

/** Emotion figures overall and, when rows carry a `domain`, per domain (sorted by name). */
export interface EmotionReport extends EmotionFigures {
  readonly perDomain?: ReadonlyArray<EmotionFigures & { readonly domain: string }>;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Runs `recognizer` over `rows` (each in its own locale when the recognizer has it) and scores it. */
export async function evaluateIntents(recognizer: Recognizer, rows: readonly IntentRow[], onRow?: () => void): Promise<IntentReport> {
  const gold = new Map<string, number>();
  const predicted = new Map<string, number>();
  const hits = new Map<string, number>();
  let inScope = 0;
  let correct = 0;
  let none = 0;
  let noneRejected = 0;
  let falseRejects = 0;
  const confusions = new Map<string, Confusion>();
  for (const row of rows) {
    const locale = recognizer.locales.includes(row.locale) ? row.locale : undefined;
    const { intent } = await recognizer.recognize(row.text, { locale });
    onRow?.();
    predicted.set(intent, (predicted.get(intent) ?? 0) + 1);
    if (intent !== row.intent) {
      const key = `${row.intent}\u0000${intent}`;
      const seen = confusions.get(key);
      confusions.set(key, { gold: row.intent, predicted: intent, count: (seen?.count ?? 0) + 1, example: seen?.example ?? row.text });
    }
    if (row.intent !== 'None' && intent === 'None') falseRejects += 1;
    if (row.intent === 'None') {
      none += 1;
      if (intent === 'None') noneRejected += 1;
      continue;
    }
    inScope += 1;
    gold.set(row.intent, (gold.get(row.intent) ?? 0) + 1);
    if (intent === row.intent) {
      correct += 1;
      hits.set(intent, (hits.get(intent) ?? 0) + 1);
    }
  }
  const perIntent = [...gold.entries()].map(([intent, support]) => {
    const tp = hits.get(intent) ?? 0;
    const precision = ratio(tp, predicted.get(intent) ?? 0);
    const recall = ratio(tp, support);
    return { intent, support, precision, recall, f1: f1Of(precision, recall) };
  });
  return {
    inScopeAccuracy: ratio(correct, inScope),
    macroF1: ratio(
      perIntent.reduce((a, b) => a + b.f1, 0),
      perIntent.length,
    ),
    oosRecall: none === 0 ? null : noneRejected / none,
    count: rows.length,
    falseRejectRate: ratio(falseRejects, inScope),
    perIntent: perIntent.sort((a, b) => a.f1 - b.f1 || a.intent.localeCompare(b.intent)),
    confusions: [...confusions.values()].sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold)),
  };
}

function emotionFigures(counts: { tp: number; fp: number; fn: number; count: number }): EmotionFigures {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  return { precision, recall, f1: f1Of(precision, recall), count: counts.count, flagged: ratio(counts.tp + counts.fp, counts.count) };
}

/**
 * Scores the emotion scorer's negative decision on `rows`, overall and per `domain` when rows have one;
 * `score` is the shipped scorer unless a candidate's is given (`scoreEmotionWith` and other models).
 */
export function evaluateEmotion(rows: readonly EmotionRow[], score: (text: string, locale: string) => EmotionReading = scoreEmotion): EmotionReport {
  const all = { tp: 0, fp: 0, fn: 0, count: 0 };
  const domains = new Map<string, typeof all>();
  for (const row of rows) {
    const { negative } = score(row.text, row.locale);
    const groups = [all];
    if (row.domain !== undefined) {
      const group = domains.get(row.domain) ?? { tp: 0, fp: 0, fn: 0, count: 0 };
      domains.set(row.domain, group);
      groups.push(group);
    }
    for (const g of groups) {
      g.count += 1;
      if (negative && row.negative) g.tp += 1;
      else if (negative) g.fp += 1;
      else if (row.negative) g.fn += 1;
    }
  }
  const report = emotionFigures(all);
  if (domains.size === 0) return report;
  const perDomain = [...domains.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([domain, c]) => ({ domain, ...emotionFigures(c) }));
  return { ...report, perDomain };
}
