/**
 * Training the emotion models (`npm run nlu -- emotion-train`). Per language, one model learns from the
 * team's labelled messages plus, when given, a large corpus (online_shopping_zh, tweets_en); the lexicon's
 * share, the model's weight against it and the negative threshold are then chosen on the corpus's held-out
 * dev split. Without a corpus (a shop's own few hundred rows), they are chosen by 5-fold cross-validation
 * on the rows, each row scored by a model that did not see it, and the model is trained on all of them.
 * waimai_10k and tweeteval are measure-only: they never reach this file.
 */
import { fileURLToPath } from 'node:url';
import { NluInputError } from '../errors.js';
import type { EmotionRow } from '../jsonl.js';
import { EmotionModel, saveEmotionModels, type EmotionSettings } from './emotion-model.js';
import { emotionScore, lexiconTotal, modelLogOdds } from './score-emotion.js';

/** The team's labelled messages: `corpora/emotion/*.jsonl`. */
export const emotionCorpusDir: string = fileURLToPath(new URL('../corpora/emotion', import.meta.url));

const FOLDS = 5;
/** Times the team's rows are repeated beside a large corpus (see `trainEmotionModels`). */
export const TEAM_REPEAT = 4;
/** Lexicon shares tried: all of it, or none (does the hand-written knowledge still add to the model?). */
const LEXICON_SHARES = [1, 0];
const WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2, 3, 4];
// Integer steps, so the grid has no floating-point drift: -0.6 … 0 by 0.02.
const THRESHOLDS = Array.from({ length: 31 }, (_, i) => (i - 30) / 50);

interface Scored {
  readonly negative: boolean;
  readonly total: number;
  readonly logOdds: number;
}

function f1(rows: readonly Scored[], lexicon: number, weight: number, threshold: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    const negative = emotionScore(lexicon * r.total, r.logOdds, weight) <= threshold;
    if (negative && r.negative) tp += 1;
    else if (negative) fp += 1;
    else if (r.negative) fn += 1;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * The lexicon share, weight and threshold with the best F1 on `scored`. Ties go to keeping the lexicon,
 * then to the smaller weight (the lexicon is the better-understood half), then to the middle of the best
 * thresholds, away from the plateau's edge, so the point holds on rows it was not chosen on.
 */
function bestSettings(scored: readonly Scored[]): { lexicon: number; weight: number; threshold: number; f1: number } {
  let best = { lexicon: 1, weight: 0, threshold: -0.1, f1: -1 };
  for (const lexicon of LEXICON_SHARES) {
    for (const weight of WEIGHTS) {
      // The lexicon alone is only tried with the lexicon; a model with no weight and no lexicon says nothing.
      if (lexicon === 0 && weight === 0) continue;
      const results = THRESHOLDS.map((threshold) => ({ threshold, f1: f1(scored, lexicon, weight, threshold) }));
      const top = Math.max(...results.map((r) => r.f1));
      if (top <= best.f1 + 1e-9) continue;
      const plateau = results.filter((r) => r.f1 >= top - 1e-9);
      best = { lexicon, weight, threshold: plateau[Math.floor(plateau.length / 2)]?.threshold ?? -0.1, f1: top };
    }
  }
  return best;
}

const settingsOf = (best: ReturnType<typeof bestSettings>, rows: number, devRows: number): EmotionSettings => ({
  weight: best.weight,
  lexicon: best.lexicon,
  threshold: Math.round(best.threshold * 100) / 100,
  rows,
  crossValidatedF1: Math.round(best.f1 * 1000) / 1000,
  devRows,
});

/** Settings by 5-fold cross-validation on `rows` (no dev split: a few hundred rows). */
export function chooseEmotionSettings(locale: string, rows: readonly EmotionRow[]): EmotionSettings {
  const scored: Scored[] = rows.map((r) => ({ negative: r.negative, total: lexiconTotal(r.text, locale), logOdds: 0 }));
  for (let fold = 0; fold < FOLDS; fold++) {
    const model = EmotionModel.fit(
      locale,
      rows.filter((_, i) => i % FOLDS !== fold),
      { weight: 0, threshold: 0, rows: 0, crossValidatedF1: 0 },
    );
    rows.forEach((r, i) => {
      const row = scored[i] as Scored;
      if (i % FOLDS === fold) scored[i] = { ...row, logOdds: modelLogOdds(r.text, locale, row.total, model.logOdds(r.text)) };
    });
  }
  return settingsOf(bestSettings(scored), rows.length, 0);
}

/** Figures of one setting on dev rows: every choice tried is reported, so what the lexicon adds is visible. */
export interface DevComparison {
  readonly lexicon: number;
  readonly weight: number;
  readonly threshold: number;
  readonly f1: number;
}

/** Settings chosen on held-out `dev` rows for a model trained without them; also the best F1 per lexicon share. */
export function chooseOnDev(locale: string, model: EmotionModel, dev: readonly EmotionRow[]): { settings: EmotionSettings; compared: DevComparison[] } {
  const scored = dev.map((r) => {
    const total = lexiconTotal(r.text, locale);
    return { negative: r.negative, total, logOdds: modelLogOdds(r.text, locale, total, model.logOdds(r.text)) };
  });
  const best = bestSettings(scored);
  const compared = LEXICON_SHARES.map((lexicon) => {
    let top = { lexicon, weight: 0, threshold: 0, f1: -1 };
    for (const weight of WEIGHTS) {
      if (lexicon === 0 && weight === 0) continue;
      for (const threshold of THRESHOLDS) {
        const value = f1(scored, lexicon, weight, threshold);
        if (value > top.f1 + 1e-9) top = { lexicon, weight, threshold, f1: Math.round(value * 1000) / 1000 };
      }
    }
    return top;
  });
  return { settings: settingsOf(best, model.settings.rows, dev.length), compared };
}

const localeOf = (locale: string): string => (locale.startsWith('zh') ? 'zh' : locale.startsWith('en') ? 'en' : locale);

/** A large corpus of one or more languages: rows to train on, and dev rows held out to choose settings on. */
export interface EmotionCorpusRows {
  readonly train: readonly EmotionRow[];
  readonly dev: readonly EmotionRow[];
}

/** What `trainEmotionModels` chose per language, with the dev comparison when there was a dev split. */
export interface EmotionTrainResult {
  readonly settings: Record<string, EmotionSettings>;
  readonly compared: Record<string, DevComparison[]>;
}

/**
 * Trains and saves one model per language found in `rows` (the team's) and `corpus`; returns the settings.
 * A team message written twice is trained on once; the same team message labelled both ways throws
 * NluInputError naming it. Corpus rows repeating a team row, an earlier corpus row or a dev row are
 * skipped (public corpora hold duplicates, sometimes labelled both ways; a dev row must stay unseen).
 */
export function trainEmotionModels(rows: readonly EmotionRow[], outDir: string, corpus?: EmotionCorpusRows): EmotionTrainResult {
  const byLocale = new Map<string, EmotionRow[]>();
  const labels = new Map<string, boolean>();
  const add = (row: EmotionRow) => {
    const locale = localeOf(row.locale);
    const list = byLocale.get(locale) ?? [];
    list.push(row);
    byLocale.set(locale, list);
  };
  for (const row of rows) {
    const key = `${localeOf(row.locale)}\u0000${row.text.trim()}`;
    const label = labels.get(key);
    if (label === row.negative) continue;
    if (label !== undefined) throw new NluInputError(`"${row.text}" is labelled both negative and not: keep one of its rows.`);
    labels.set(key, row.negative);
    add(row);
  }
  const devByLocale = new Map<string, EmotionRow[]>();
  const seen = new Set(labels.keys());
  for (const row of corpus?.dev ?? []) {
    const locale = localeOf(row.locale);
    seen.add(`${locale}\u0000${row.text.trim()}`);
    devByLocale.set(locale, [...(devByLocale.get(locale) ?? []), row]);
  }
  const corpusByLocale = new Map<string, EmotionRow[]>();
  for (const row of corpus?.train ?? []) {
    const locale = localeOf(row.locale);
    const key = `${locale}\u0000${row.text.trim()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = corpusByLocale.get(locale) ?? [];
    list.push(row);
    corpusByLocale.set(locale, list);
  }
  const models = new Map<string, EmotionModel>();
  const settings: Record<string, EmotionSettings> = {};
  const compared: Record<string, DevComparison[]> = {};
  for (const [locale, list] of byLocale) {
    const dev = devByLocale.get(locale) ?? [];
    const large = corpusByLocale.get(locale) ?? [];
    if (dev.length > 0) {
      // The team's rows are customer-service messages, what the bot hears; the corpus is reviews and tweets.
      // Seen TEAM_REPEAT times an epoch, they keep their say against tens of thousands of corpus rows.
      const rows = [...Array.from({ length: TEAM_REPEAT }, () => list).flat(), ...large];
      const model = EmotionModel.fit(locale, rows, { weight: 0, threshold: 0, rows: list.length + large.length, crossValidatedF1: 0 });
      const chosen = chooseOnDev(locale, model, dev);
      settings[locale] = { ...chosen.settings, bits: model.settings.bits };
      compared[locale] = chosen.compared;
      models.set(locale, model.withSettings(chosen.settings));
    } else {
      list.push(...large);
      settings[locale] = chooseEmotionSettings(locale, list);
      const model = EmotionModel.fit(locale, list, settings[locale]);
      settings[locale] = model.settings;
      models.set(locale, model);
    }
  }
  saveEmotionModels(outDir, models);
  return { settings, compared };
}
