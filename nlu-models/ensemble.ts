/**
 * Combining the views of a message into one calibrated distribution over intents:
 * the linear model over hashed n-grams (the strongest), nlp.js's neural network over stemmed words,
 * the nearest training utterance per intent, and for English the small network over word vectors
 * (`dense-model.ts`). They err on different messages, so a weighted mixture beats each one; the weights
 * and the temperatures are fitted on validation rows, never training rows. A weighted product of the same
 * views is fitted beside it; `ensemble-choice.ts` decides which of the two a model keeps.
 */
import { softmax } from './linear-model.js';

/** How the views are mixed; stored in the model file. */
export interface EnsembleSettings {
  /** Mixture weights, summing to 1 (`dense` absent: 0, as in models trained without word vectors). */
  readonly weights: { readonly linear: number; readonly neural: number; readonly similarity: number; readonly dense?: number };
  /** Softmax temperature of the linear model's logits (above 1 softens, below 1 sharpens). */
  readonly temperature: number;
  /** Softmax temperature of the word-vector network's logits (absent: 1). */
  readonly denseTemperature?: number;
  /** Softmax sharpness of the per-intent similarities (cosines 0..1 differ by little). */
  readonly sharpness: number;
  /**
   * Mix the views' log-probabilities and renormalize (a weighted product of experts) instead of their
   * probabilities; absent: false, as in models fitted before it. See `fitProduct`. A model directory
   * with a locale that sets it is written as manifest format 3, which code that knows only format 2 refuses.
   */
  readonly product?: boolean;
}

/** What each view says about one message, per class (indexed like the model's `classes`). */
export interface Views {
  readonly linear: Float64Array;
  readonly neural: Float64Array;
  readonly similarity: Float64Array;
  /** The word-vector network's logits, when the model has one. */
  readonly dense?: Float64Array;
}

/** Used when there are no validation rows: the mixture that did best on CLINC150 and bitext validation data. */
export const DEFAULT_ENSEMBLE: EnsembleSettings = { weights: { linear: 0.7, neural: 0.1, similarity: 0.2 }, temperature: 1, sharpness: 20 };

/** Floor under nlp.js's shares before their logarithm: its zeros would veto a class outright. */
const NEURAL_FLOOR = 1e-3;

/** `logits / temperature` as log-probabilities, in place. */
function logSoftmax(logits: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const z of logits) if (z / temperature > max) max = z / temperature;
  let sum = 0;
  for (const z of logits) sum += Math.exp(z / temperature - max);
  const log = Math.log(sum) + max;
  for (let k = 0; k < logits.length; k++) logits[k] = (logits[k] ?? 0) / temperature - log;
  return logits;
}

/** Each view's log-probabilities under `s`'s temperatures (the dense one undefined without the view). */
function logViews(views: Views, s: EnsembleSettings): Views {
  return {
    linear: logSoftmax(Float64Array.from(views.linear), s.temperature),
    neural: Float64Array.from(views.neural, (x) => Math.log(x + NEURAL_FLOOR)),
    similarity: logSoftmax(Float64Array.from(views.similarity), 1 / s.sharpness),
    ...(views.dense ? { dense: logSoftmax(Float64Array.from(views.dense), s.denseTemperature ?? 1) } : {}),
  };
}

/** The weighted product of the views' probabilities, renormalized, from their log-probabilities. */
function product(logs: Views, weights: EnsembleSettings['weights']): Float64Array {
  const dense = logs.dense ? (weights.dense ?? 0) : 0;
  const z = Float64Array.from(
    logs.linear,
    (x, k) => weights.linear * x + weights.neural * (logs.neural[k] ?? 0) + weights.similarity * (logs.similarity[k] ?? 0) + dense * (logs.dense?.[k] ?? 0),
  );
  return softmax(z);
}

/** The mixture's probabilities for one message. */
export function combine(views: Views, s: EnsembleSettings): Float64Array {
  if (s.product) return product(logViews(views, s), s.weights);
  const linear = softmax(Float64Array.from(views.linear), s.temperature);
  const similarity = s.weights.similarity > 0 ? softmax(Float64Array.from(views.similarity), 1 / s.sharpness) : new Float64Array(linear.length);
  const denseWeight = views.dense ? (s.weights.dense ?? 0) : 0;
  const dense = views.dense && denseWeight > 0 ? softmax(Float64Array.from(views.dense), s.denseTemperature ?? 1) : undefined;
  const out = new Float64Array(linear.length);
  for (let k = 0; k < out.length; k++) {
    out[k] =
      s.weights.linear * (linear[k] ?? 0) +
      s.weights.neural * (views.neural[k] ?? 0) +
      s.weights.similarity * (similarity[k] ?? 0) +
      denseWeight * (dense?.[k] ?? 0);
  }
  return out;
}

/** A validation row's views and the index of its true class (-1 when its intent is not a class). */
export interface ViewedRow {
  readonly gold: number;
  readonly views: Views;
}

function argmax(p: Float64Array): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] ?? 0) > (p[best] ?? 0)) best = k;
  return best;
}

/** Accuracy and mean negative log-likelihood of the true classes under `score`; rows whose class is unknown are skipped. */
function fit<R extends { readonly gold: number }>(rows: readonly R[], score: (row: R) => Float64Array): { accuracy: number; nll: number } {
  let correct = 0;
  let nll = 0;
  let n = 0;
  for (const row of rows) {
    if (row.gold < 0) continue;
    const p = score(row);
    if (argmax(p) === row.gold) correct += 1;
    nll -= Math.log(Math.max(1e-9, p[row.gold] ?? 0));
    n += 1;
  }
  return { accuracy: n === 0 ? 0 : correct / n, nll: n === 0 ? 0 : nll / n };
}

const TEMPERATURES = [0.5, 0.7, 1, 1.4, 2, 3];
/** The word-vector view's largest share, in tenths (see `fitMixture`). */
const MAX_DENSE_TENTHS = 3;
/** The linear model's smallest share, in tenths (see `fitMixture`). */
const MIN_LINEAR_TENTHS = 4;

/** The temperature under which one view alone gives the validation rows the highest likelihood. */
function fitTemperature(rows: readonly ViewedRow[], alone: (temperature: number) => EnsembleSettings): number {
  let temperature = 1;
  let bestNll = Infinity;
  for (const t of TEMPERATURES) {
    const { nll } = fit(rows, (r) => combine(r.views, alone(t)));
    if (nll < bestNll) [bestNll, temperature] = [nll, t];
  }
  return temperature;
}

/** Every weighting in tenths that `fitMixture` and `fitProduct` search: linear at least 0.4, word vectors at most 0.3. */
function* weightings(withDense: boolean): Generator<EnsembleSettings['weights']> {
  for (let linear = MIN_LINEAR_TENTHS; linear <= 10; linear++) {
    for (let neural = 0; neural <= 10 - linear; neural++) {
      for (let dense = 0; dense <= (withDense ? Math.min(MAX_DENSE_TENTHS, 10 - linear - neural) : 0); dense++) {
        const similarity = (10 - linear - neural - dense) / 10;
        yield withDense
          ? { linear: linear / 10, neural: neural / 10, similarity, dense: dense / 10 }
          : { linear: linear / 10, neural: neural / 10, similarity };
      }
    }
  }
}

/** The weighting of `weightings` that is most accurate on the rows, likelihood breaking ties (the first one on a full tie). */
function bestWeights<R extends { readonly gold: number }>(
  rows: readonly R[],
  withDense: boolean,
  score: (row: R, weights: EnsembleSettings['weights']) => Float64Array,
): EnsembleSettings['weights'] | undefined {
  let best: { weights?: EnsembleSettings['weights']; accuracy: number; nll: number } = { accuracy: -1, nll: Infinity };
  for (const weights of weightings(withDense)) {
    const { accuracy, nll } = fit(rows, (r) => score(r, weights));
    if (accuracy > best.accuracy + 1e-9 || (Math.abs(accuracy - best.accuracy) <= 1e-9 && nll < best.nll)) best = { weights, accuracy, nll };
  }
  return best.weights;
}

/**
 * The weighted mixture of probabilities: fits the temperatures (by likelihood, each view alone) and then
 * the weights (by accuracy, likelihood breaking ties) on validation rows, in tenths. The linear model keeps
 * at least 0.4: it is the view that generalizes, and a small validation set should not talk it out of the
 * mixture. The word-vector view takes a share only when the rows carry it, and at most 0.3: more of it
 * crowds out the similarity view, which is what tells an out-of-scope question (on CLINC150 val, a share of
 * 0.4–0.5 won the accuracy but lost a fifth of the out-of-scope recall at the same rejection budget;
 * docs/nlu-clinc150.md). Without rows of a known class: `DEFAULT_ENSEMBLE`.
 */
export function fitMixture(rows: readonly ViewedRow[]): EnsembleSettings {
  if (!rows.some((r) => r.gold >= 0)) return DEFAULT_ENSEMBLE;
  const temperature = fitTemperature(rows, (t) => ({ ...DEFAULT_ENSEMBLE, temperature: t, weights: { linear: 1, neural: 0, similarity: 0 } }));
  const withDense = rows.some((r) => r.views.dense !== undefined);
  const denseTemperature = withDense
    ? fitTemperature(rows, (t) => ({ ...DEFAULT_ENSEMBLE, denseTemperature: t, weights: { linear: 0, neural: 0, similarity: 0, dense: 1 } }))
    : undefined;
  const base: EnsembleSettings = withDense ? { ...DEFAULT_ENSEMBLE, temperature, denseTemperature } : { ...DEFAULT_ENSEMBLE, temperature };
  const weights = bestWeights(rows, withDense, (r, w) => combine(r.views, { ...base, weights: w }));
  return weights ? { ...base, weights } : DEFAULT_ENSEMBLE;
}

/**
 * The views' weighted product (`combine` with `product`), its weights fitted on the rows as the mixture's
 * are, over the same weightings (the linear model at least 0.4, the word-vector view at most 0.3, for the
 * same reasons); the temperatures are `mixture`'s. Whether a model takes it is decided at the operating
 * point, after the out-of-scope thresholds (`chooseEnsemble` in `ensemble-choice.ts`), never on accuracy alone.
 */
export function fitProduct(rows: readonly ViewedRow[], mixture: EnsembleSettings): EnsembleSettings {
  const logged = rows.filter((r) => r.gold >= 0).map((r) => ({ gold: r.gold, logs: logViews(r.views, mixture) }));
  const withDense = rows.some((r) => r.views.dense !== undefined);
  const weights = bestWeights(logged, withDense, (r, w) => product(r.logs, w));
  return { ...mixture, ...(weights ? { weights } : {}), product: true };
}
