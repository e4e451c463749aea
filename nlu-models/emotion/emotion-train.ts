/**
 * Training the emotion models (`npm run nlu -- emotion-train`): per language, the model's weight against
 * the lexicon and the negative threshold are chosen by 5-fold cross-validation on the team's labelled
 * messages (each row scored by a model that did not see it), then the model is trained on all of them.
 * Only team-written rows belong here: waimai_10k and tweeteval are measure-only.
 */
import { fileURLToPath } from 'node:url';
import { NluInputError } from '../errors.js';
import type { EmotionRow } from '../jsonl.js';
import { EmotionModel, saveEmotionModels, type EmotionSettings } from './emotion-model.js';
import { emotionScore, lexiconTotal } from './score-emotion.js';

/** The team's labelled messages: `corpora/emotion/*.jsonl`. */
export const emotionCorpusDir: string = fileURLToPath(new URL('../corpora/emotion', import.meta.url));

const FOLDS = 5;
const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1];
const THRESHOLDS = Array.from({ length: 11 }, (_, i) => -0.5 + i * 0.05);

interface Scored {
  readonly negative: boolean;
  readonly total: number;
  readonly logOdds: number;
}

function f1(rows: readonly Scored[], weight: number, threshold: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    const negative = emotionScore(r.total, r.logOdds, weight) <= threshold;
    if (negative && r.negative) tp += 1;
    else if (negative) fp += 1;
    else if (r.negative) fn += 1;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * The weight and threshold with the best cross-validated F1. Ties go to the smaller weight (the lexicon
 * is the better-understood half) and then to the middle of the best thresholds, away from the plateau's edge.
 */
export function chooseEmotionSettings(locale: string, rows: readonly EmotionRow[]): EmotionSettings {
  const scored: Scored[] = rows.map((r) => ({ negative: r.negative, total: lexiconTotal(r.text, locale), logOdds: 0 }));
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = EmotionModel.fit(
      locale,
      rows.filter((_, i) => i % FOLDS !== fold),
      { weight: 0, threshold: 0, rows: 0, crossValidatedF1: 0 },
    );
    rows.forEach((r, i) => {
      if (i % FOLDS === fold) scored[i] = { ...(scored[i] as Scored), logOdds: model.logOdds(r.text) };
    });
  }
  let best = { weight: 0, threshold: -0.1, f1: -1 };
  for (const weight of WEIGHTS) {
    const results = THRESHOLDS.map((threshold) => ({ threshold, f1: f1(scored, weight, threshold) }));
    const top = Math.max(...results.map((r) => r.f1));
    if (top <= best.f1 + 1e-9) continue;
    const plateau = results.filter((r) => r.f1 >= top - 1e-9);
    best = { weight, threshold: plateau[Math.floor(plateau.length / 2)]?.threshold ?? -0.1, f1: top };
  }
  return { weight: best.weight, threshold: Math.round(best.threshold * 100) / 100, rows: rows.length, crossValidatedF1: Math.round(best.f1 * 1000) / 1000 };
}

/**
 * Trains and saves one model per language found in `rows`; returns the settings chosen.
 * A message written twice (in two files, say) is trained on once, so cross-validation never scores a row
 * its model saw; the same message labelled both ways throws NluInputError naming it.
 */
export function trainEmotionModels(rows: readonly EmotionRow[], outDir: string): Record<string, EmotionSettings> {
  const byLocale = new Map<string, EmotionRow[]>();
  const labels = new Map<string, boolean>();
  for (const row of rows) {
    const locale = row.locale.startsWith('zh') ? 'zh' : row.locale.startsWith('en') ? 'en' : row.locale;
    const key = `${locale}\u0000${row.text.trim()}`;
    const label = labels.get(key);
    if (label === row.negative) continue;
    if (label !== undefined) throw new NluInputError(`"${row.text}" is labelled both negative and not: keep one of its rows.`);
    labels.set(key, row.negative);
    const list = byLocale.get(locale) ?? [];
    list.push(row);
    byLocale.set(locale, list);
  }
  const models = new Map<string, EmotionModel>();
  const chosen: Record<string, EmotionSettings> = {};
  for (const [locale, list] of byLocale) {
    chosen[locale] = chooseEmotionSettings(locale, list);
    models.set(locale, EmotionModel.fit(locale, list, chosen[locale]));
  }
  saveEmotionModels(outDir, models);
  return chosen;
}
