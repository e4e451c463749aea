/**
 * Which of its two fitted ensembles a model keeps: the mixture of the views' probabilities or their
 * weighted product (`ensemble.ts`). Decided at the operating point, not on accuracy alone: each gets its
 * own out-of-scope thresholds (`chooseThresholds`) on the same validation rows, and the product is kept only
 * when, under them, it answers clearly more in-scope rows right and rejects at least as many out-of-scope
 * (`None`) rows. Products can be sharper than mixtures, and a sharper wrong answer is one a threshold no
 * longer catches: that is the risk this guards.
 */
import { combine, type EnsembleSettings, fitMixture, fitProduct, type Views } from './ensemble.js';
import type { Classification, IntentModel } from './intent-model.js';
import type { RejectThresholds } from './model-store.js';
import { chooseThresholds, isRejected, type ScoredRow, type ThresholdGoal } from './thresholds.js';

/** What an ensemble does on the validation rows under its thresholds. */
export interface OperatingFigures {
  /** In-scope rows, and those answered with their intent and not rejected. */
  readonly inScope: number;
  readonly correct: number;
  /** `None` rows, and those rejected. */
  readonly outOfScope: number;
  readonly rejectedOutOfScope: number;
}

/** The product must answer at least this many more in-scope rows right than the mixture... */
export const MIN_GAIN_ROWS = 2;
/** ...and at least this share of the in-scope rows (half a point): one row is noise on a small set. */
export const MIN_GAIN_SHARE = 0.005;

/** `rows` counted under `t`. */
export function operatingFigures(rows: readonly ScoredRow[], t: RejectThresholds): OperatingFigures {
  let [inScope, correct, outOfScope, rejectedOutOfScope] = [0, 0, 0, 0];
  for (const row of rows) {
    const rejected = isRejected(row.classification, t);
    if (row.intent === 'None') [outOfScope, rejectedOutOfScope] = [outOfScope + 1, rejectedOutOfScope + Number(rejected)];
    else [inScope, correct] = [inScope + 1, correct + Number(!rejected && row.classification.ranked[0]?.intent === row.intent)];
  }
  return { inScope, correct, outOfScope, rejectedOutOfScope };
}

/**
 * True when the product's figures justify it over the mixture's: a gain of `MIN_GAIN_ROWS` and
 * `MIN_GAIN_SHARE` in-scope answers, no fewer `None` rows rejected, and `None` rows to show it (without
 * them nothing says how the product treats an out-of-scope question, so the mixture stays).
 */
export function prefersProduct(mixture: OperatingFigures, product: OperatingFigures): boolean {
  const gain = product.correct - mixture.correct;
  return (
    product.outOfScope > 0 && gain >= MIN_GAIN_ROWS && gain >= MIN_GAIN_SHARE * product.inScope && product.rejectedOutOfScope >= mixture.rejectedOutOfScope
  );
}

/** A validation row: its text, its true intent ('None' = out of scope) and its file, as `chooseThresholds` groups them. */
export interface ValidationRow {
  readonly text: string;
  readonly intent: string;
  readonly group?: string;
}

/** What `chooseEnsemble` settled on, with both candidates' figures for the model's notes. */
export interface EnsembleChoice {
  readonly ensemble: EnsembleSettings;
  readonly thresholds: RejectThresholds;
  readonly mixture: OperatingFigures;
  /** Absent when the rows hold no row of a known intent (nothing to fit a product on). */
  readonly product?: OperatingFigures;
}

/**
 * Fits the mixture and the product on `rows`, chooses each one's thresholds under `goal`, keeps the one
 * `prefersProduct` says, and leaves `model` using it. `rows` must not be empty.
 */
export function chooseEnsemble(model: IntentModel, rows: readonly ValidationRow[], goal?: ThresholdGoal): EnsembleChoice {
  // The views once (the expensive part); each candidate only recombines them.
  const choice = chooseFromViews(
    model.intents,
    rows.map((r) => ({ intent: r.intent, group: r.group, views: model.views(r.text) })),
    goal,
  );
  model.useEnsemble(choice.ensemble);
  return choice;
}

/** `chooseEnsemble` on views already computed (`IntentModel.views`), for the experiment scripts as for training. */
export function chooseFromViews(
  intents: readonly string[],
  rows: readonly { readonly intent: string; readonly group?: string; readonly views: Views & { readonly nearest: number } }[],
  goal?: ThresholdGoal,
): EnsembleChoice {
  const viewed = rows.map((r) => ({ ...r, gold: intents.indexOf(r.intent) }));
  const operate = (ensemble: EnsembleSettings) => {
    const scored = viewed.map((r) => ({ intent: r.intent, group: r.group, classification: classification(intents, r.views, ensemble) }));
    const thresholds = chooseThresholds(scored, goal);
    return { ensemble, thresholds, figures: operatingFigures(scored, thresholds) };
  };
  const mixture = operate(fitMixture(viewed));
  if (!viewed.some((r) => r.gold >= 0)) return { ensemble: mixture.ensemble, thresholds: mixture.thresholds, mixture: mixture.figures };
  const product = operate(fitProduct(viewed, mixture.ensemble));
  const kept = prefersProduct(mixture.figures, product.figures) ? product : mixture;
  return { ensemble: kept.ensemble, thresholds: kept.thresholds, mixture: mixture.figures, product: product.figures };
}

/** `IntentModel.classify` from views already computed. */
function classification(intents: readonly string[], views: Views & { readonly nearest: number }, ensemble: EnsembleSettings): Classification {
  const p = combine(views, ensemble);
  const ranked = intents.map((intent, k) => ({ intent, score: p[k] ?? 0 })).sort((a, b) => b.score - a.score);
  return { ranked, similarity: views.nearest };
}
