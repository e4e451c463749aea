/**
 * Combining the views of a message into one calibrated distribution over intents:
 * the linear model over hashed n-grams (the strongest), nlp.js's neural network over stemmed words,
 * the nearest training utterance per intent, and for English the small network over word vectors
 * (`dense-model.ts`). They err on different messages, so a weighted mixture beats each one; the weights
 * and the temperatures are fitted on validation rows, never training rows.
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
   * probabilities; absent: false, as in models fitted before it. See `fitEnsemble`.
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

/** Mean negative log-likelihood of the true classes under `settings`; rows whose class is unknown are skipped. */
function fit(rows: readonly ViewedRow[], settings: EnsembleSettings): { accuracy: number; nll: number } {
  let correct = 0;
  let nll = 0;
  let n = 0;
  for (const row of rows) {
    if (row.gold < 0) continue;
    const p = combine(row.views, settings);
    if (argmax(p) === row.gold) correct += 1;
    nll -= Math.log(Math.max(1e-9, p[row.gold] ?? 0));
    n += 1;
  }
  return { accuracy: n === 0 ? 0 : correct / n, nll: n === 0 ? 0 : nll / n };
}

const TEMPERATURES = [0.5, 0.7, 1, 1.4, 2, 3];
/** The word-vector view's largest share of the mixture, in tenths (see `fitEnsemble`). */
const MAX_DENSE_TENTHS = 3;

/** The temperature under which one view alone gives the validation rows the highest likelihood. */
function fitTemperature(rows: readonly ViewedRow[], alone: (temperature: number) => EnsembleSettings): number {
  let temperature = 1;
  let bestNll = Infinity;
  for (const t of TEMPERATURES) {
    const { nll } = fit(rows, alone(t));
    if (nll < bestNll) [bestNll, temperature] = [nll, t];
  }
  return temperature;
}

/**
 * Fits the temperatures (by likelihood, each view alone) and then the mixture weights (by accuracy,
 * likelihood breaking ties) on validation rows, in tenths. The linear model keeps at least 0.4: it is the
 * view that generalizes, and a small validation set should not talk it out of the mixture. The word-vector
 * view takes a share only when the rows carry it, and at most 0.3: more of it crowds out the similarity view,
 * which is what tells an out-of-scope question (on CLINC150 val, a share of 0.4–0.5 won the accuracy but
 * lost a fifth of the out-of-scope recall at the same rejection budget; docs/nlu-clinc150.md). Then the
 * views' weighted product is fitted on the same rows (`fitProduct`), and taken when it is more accurate there;
 * on a tie the mixture stays.
 */
export function fitEnsemble(rows: readonly ViewedRow[]): EnsembleSettings {
  const mixture = fitMixture(rows);
  const fitted = fitProduct(rows, mixture);
  return fitted.accuracy > fit(rows, mixture).accuracy + 1e-9 ? fitted.settings : mixture;
}

/**
 * The weighted product of the views (`product`), its weights fitted in tenths as the mixture's (the linear
 * model keeps at least 0.2; the word-vector view has no cap: in a product a confident wrong view is
 * outvoted rather than averaged in, and the similarity view still rejects). Temperatures are the mixture's.
 * On CLINC150 val it kept more answers than the mixture and caught more out-of-scope questions at the
 * same rejection budget, over several seeds (docs/nlu-clinc150.md); `fitEnsemble` takes it only where the
 * validation rows say it is more accurate.
 */
function fitProduct(rows: readonly ViewedRow[], mixture: EnsembleSettings): { settings: EnsembleSettings; accuracy: number } {
  const scored = rows.filter((r) => r.gold >= 0).map((r) => ({ gold: r.gold, logs: logViews(r.views, mixture) }));
  const withDense = rows.some((r) => r.views.dense !== undefined);
  const z = new Float64Array(rows[0]?.views.linear.length ?? 0);
  let best = { settings: { ...mixture, product: true }, correct: -1, nll: Infinity };
  for (let linear = 2; linear <= 10; linear++) {
    for (let neural = 0; neural <= 10 - linear; neural++) {
      for (let dense = 0; dense <= (withDense ? 10 - linear - neural : 0); dense++) {
        const similarity = (10 - linear - neural - dense) / 10;
        const weights = withDense
          ? { linear: linear / 10, neural: neural / 10, similarity, dense: dense / 10 }
          : { linear: linear / 10, neural: neural / 10, similarity };
        let correct = 0;
        let nll = 0;
        for (const { gold, logs } of scored) {
          // `product` without its allocations: the argmax and the log-probability of the gold class.
          let top = 0;
          for (let k = 0; k < z.length; k++) {
            z[k] =
              weights.linear * (logs.linear[k] ?? 0) +
              weights.neural * (logs.neural[k] ?? 0) +
              weights.similarity * (logs.similarity[k] ?? 0) +
              (weights.dense ?? 0) * (logs.dense?.[k] ?? 0);
            if ((z[k] ?? 0) > (z[top] ?? 0)) top = k;
          }
          let sum = 0;
          for (let k = 0; k < z.length; k++) sum += Math.exp((z[k] ?? 0) - (z[top] ?? 0));
          if (top === gold) correct += 1;
          nll -= Math.max(Math.log(1e-9), (z[gold] ?? 0) - (z[top] ?? 0) - Math.log(sum));
        }
        if (correct > best.correct || (correct === best.correct && nll < best.nll)) best = { settings: { ...mixture, weights, product: true }, correct, nll };
      }
    }
  }
  return { settings: best.settings, accuracy: scored.length === 0 ? 0 : best.correct / scored.length };
}

/** The weighted mixture of probabilities (`combine` without `product`), fitted as `fitEnsemble` says; exported for the experiment scripts. */
export function fitMixture(rows: readonly ViewedRow[]): EnsembleSettings {
  if (!rows.some((r) => r.gold >= 0)) return DEFAULT_ENSEMBLE;
  const temperature = fitTemperature(rows, (t) => ({ ...DEFAULT_ENSEMBLE, temperature: t, weights: { linear: 1, neural: 0, similarity: 0 } }));
  const withDense = rows.some((r) => r.views.dense !== undefined);
  const denseTemperature = withDense
    ? fitTemperature(rows, (t) => ({ ...DEFAULT_ENSEMBLE, denseTemperature: t, weights: { linear: 0, neural: 0, similarity: 0, dense: 1 } }))
    : undefined;
  let best = { settings: DEFAULT_ENSEMBLE, accuracy: -1, nll: Infinity };
  for (let linear = 4; linear <= 10; linear++) {
    for (let neural = 0; neural <= 10 - linear; neural++) {
      for (let dense = 0; dense <= (withDense ? Math.min(MAX_DENSE_TENTHS, 10 - linear - neural) : 0); dense++) {
        const similarity = (10 - linear - neural - dense) / 10;
        const weights = withDense
          ? { linear: linear / 10, neural: neural / 10, similarity, dense: dense / 10 }
          : { linear: linear / 10, neural: neural / 10, similarity };
        const settings: EnsembleSettings = withDense
          ? { ...DEFAULT_ENSEMBLE, temperature, denseTemperature, weights }
          : { ...DEFAULT_ENSEMBLE, temperature, weights };
        const { accuracy, nll } = fit(rows, settings);
        if (accuracy > best.accuracy + 1e-9 || (Math.abs(accuracy - best.accuracy) <= 1e-9 && nll < best.nll)) best = { settings, accuracy, nll };
      }
    }
  }
  return best.settings;
}
