/**
 * CLINC150 experiments, step two: mixes views cached by `clinc-views.ts` and chooses the operating point as
 * `npm run bench:nlu` does, in seconds instead of minutes of training.
 *
 *   npx tsx nlu-models/scripts/clinc-mix.ts SET [linear=NAME[+NAME]] [dense=NAME|none] [budget=0.01] [mixture=1] [geometric=S]
 *
 * `mixture=1` keeps the mixture of probabilities even where `fitEnsemble` would take the product.
 * SET `full`: the mixture fitted on all of val, thresholds chosen on one half (under the false-rejection
 * budget) and measured on the other, both ways. SET `alone`: mixture and thresholds chosen on the carved
 * tenth of train, measured on val. Several names for a view average its scores. `geometric=S` mixes the
 * views' log-probabilities instead of their probabilities (a product of experts), weights in tenths summing
 * to S, fitted as `fitEnsemble` fits the mixture (accuracy, then likelihood); the temperatures are
 * `fitEnsemble`'s. Prints, per direction, in-scope accuracy / out-of-scope recall (in-scope rejected, %),
 * and the ceilings: in-scope accuracy with no rejection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { combine, type EnsembleSettings, fitEnsemble, fitMixture, type Views } from '../ensemble.js';
import type { RejectThresholds } from '../model-store.js';
import { chooseThresholds, isRejected, type ScoredRow } from '../thresholds.js';
import { type CachedView, cacheDir, clincSet } from './clinc-views.js';

const [set = 'full', ...args] = process.argv.slice(2);
const spec: Record<string, string> = { linear: 'base', neural: 'base', similarity: 'base', dense: 'base', budget: '0.01', geometric: '0' };
for (const arg of args) {
  const [key, value] = arg.split('=');
  if (key && value !== undefined) spec[key] = value;
}

/** A view's cached scores, averaged over the names given for it; undefined for `none`. */
function load(view: string): { intents: readonly string[]; nearest?: readonly number[]; rows: Float64Array[] } | undefined {
  if (spec[view] === 'none') return undefined;
  const parts = (spec[view] ?? 'base').split('+').map((name) => JSON.parse(readFileSync(join(cacheDir, set, `${view}-${name}.json`), 'utf8')) as CachedView);
  const first = parts[0]!;
  const rows = first.views.map((_, i) => {
    const out = new Float64Array(first.intents.length);
    for (const part of parts) part.views[i]!.forEach((x, k) => (out[k]! += x / parts.length));
    return out;
  });
  return { intents: first.intents, nearest: first.nearest, rows };
}

const linear = load('linear')!;
const neural = load('neural')!;
const similarity = load('similarity')!;
const dense = load('dense');
const { measured, fitted } = clincSet(set);
const intents = linear.intents;
const views: Views[] = measured.map((_, i) => ({
  linear: linear.rows[i]!,
  neural: neural.rows[i]!,
  similarity: similarity.rows[i]!,
  ...(dense ? { dense: dense.rows[i]! } : {}),
}));
const fitRows = measured.slice(0, fitted).map((r, i) => ({ gold: intents.indexOf(r.intent), views: views[i]! }));
// `mixture=1`: the mixture of probabilities alone, as models were fitted before the product.
const settings = spec.mixture === '1' ? fitMixture(fitRows) : fitEnsemble(fitRows);

function logSoftmax(z: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const x of z) max = Math.max(max, x / temperature);
  let sum = 0;
  for (const x of z) sum += Math.exp(x / temperature - max);
  const log = Math.log(sum) + max;
  return Float64Array.from(z, (x) => x / temperature - log);
}

interface GeometricWeights {
  readonly linear: number;
  readonly neural: number;
  readonly similarity: number;
  readonly dense: number;
}

/** Each view's log-probabilities under the fitted temperatures (nlp.js's shares floored at 0.001). */
const logViews = views.map((v) => ({
  linear: logSoftmax(v.linear, settings.temperature),
  neural: Float64Array.from(v.neural, (x) => Math.log(x + 1e-3)),
  similarity: logSoftmax(v.similarity, 1 / settings.sharpness),
  dense: v.dense ? logSoftmax(v.dense, settings.denseTemperature ?? 1) : new Float64Array(v.linear.length),
}));

function geometric(i: number, w: GeometricWeights): Float64Array {
  const l = logViews[i]!;
  const z = Float64Array.from(l.linear, (x, k) => w.linear * x + w.neural * l.neural[k]! + w.similarity * l.similarity[k]! + w.dense * l.dense[k]!);
  return Float64Array.from(logSoftmax(z, 1), Math.exp);
}

function argmax(p: Float64Array): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  return best;
}

/** The product-of-experts weights that fit the fitting rows best (accuracy, then likelihood). */
function fitGeometric(strength: number): GeometricWeights {
  let best = { correct: -1, nll: Infinity, w: { linear: 1, neural: 0, similarity: 0, dense: 0 } };
  for (let l = 2; l <= 10; l++) {
    for (let n = 0; n <= 10 - l; n++) {
      for (let d = 0; d <= (dense ? 10 - l - n : 0); d++) {
        const w = { linear: (l * strength) / 10, neural: (n * strength) / 10, dense: (d * strength) / 10, similarity: ((10 - l - n - d) * strength) / 10 };
        let correct = 0;
        let nll = 0;
        fitRows.forEach((row, i) => {
          if (row.gold < 0) return;
          const p = geometric(i, w);
          correct += Number(argmax(p) === row.gold);
          nll -= Math.log(Math.max(1e-9, p[row.gold]!));
        });
        if (correct > best.correct || (correct === best.correct && nll < best.nll)) best = { correct, nll, w };
      }
    }
  }
  return best.w;
}

const strength = Number(spec.geometric);
const product = strength > 0 ? fitGeometric(strength) : undefined;
const scored: ScoredRow[] = measured.map((r, i) => {
  const p = product ? geometric(i, product) : combine(views[i]!, settings);
  const ranked = intents.map((intent, k) => ({ intent, score: p[k] ?? 0 })).sort((a, b) => b.score - a.score);
  return { intent: r.intent, classification: { ranked, similarity: similarity.nearest?.[i] ?? 0 } };
});

/** In-scope accuracy, out-of-scope recall and in-scope rejected, in %. */
function figures(rows: readonly ScoredRow[], t: RejectThresholds): string {
  let [inScope, correct, falseRejects, none, caught] = [0, 0, 0, 0, 0];
  for (const row of rows) {
    const out = isRejected(row.classification, t);
    if (row.intent === 'None') [none, caught] = [none + 1, caught + Number(out)];
    else
      [inScope, correct, falseRejects] = [
        inScope + 1,
        correct + Number(!out && row.classification.ranked[0]?.intent === row.intent),
        falseRejects + Number(out),
      ];
  }
  const pct = (a: number, b: number, digits: number) => ((100 * a) / Math.max(1, b)).toFixed(digits);
  return `${pct(correct, inScope, 2)} / ${pct(caught, none, 0)} (${pct(falseRejects, inScope, 1)})`;
}

const budget = { maxFalseRejection: Number(spec.budget) };
const keepAll: RejectThresholds = { minScore: 0, minSimilarity: 0, minMargin: 0 };
const ceiling = (rows: readonly ScoredRow[]) => figures(rows, keepAll).split(' ')[0];
const w: EnsembleSettings['weights'] | GeometricWeights = product ?? settings.weights;
const mixture = `${product || settings.product ? 'product' : 'mixture'} linear ${w.linear} neural ${w.neural} similarity ${w.similarity} dense ${w.dense ?? 0}`;
if (set === 'full') {
  const odd = scored.filter((_, i) => i % 2 === 1);
  const even = scored.filter((_, i) => i % 2 === 0);
  console.log(
    `${args.join(' ') || 'shipped'} | no rejection: all ${ceiling(scored)}, odd ${ceiling(odd)}, even ${ceiling(even)} | ` +
      `odd measured ${figures(odd, chooseThresholds(even, budget))} | even measured ${figures(even, chooseThresholds(odd, budget))} | ${mixture}`,
  );
} else {
  const val = scored.slice(fitted);
  console.log(
    `${args.join(' ') || 'shipped'} | no rejection on val ${ceiling(val)} | val ${figures(val, chooseThresholds(scored.slice(0, fitted), budget))} | ${mixture}`,
  );
}
