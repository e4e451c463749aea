/**
 * CLINC150 experiments, step two: mixes views cached by `clinc-views.ts` and chooses the operating point as
 * `npm run bench:nlu` does, in seconds instead of minutes of training.
 *
 *   npx tsx nlu-models/scripts/clinc-mix.ts SET [linear=NAME[+NAME]] [dense=NAME|none] [budget=0.01] [mixture=1|product=1]
 *
 * Without `mixture=1` or `product=1` the mixture or the product is chosen as training chooses it
 * (`chooseFromViews`: at the operating point on the fitting rows, under the budget); `mixture=1` keeps the
 * mixture of probabilities, `product=1` the product of the views (`fitProduct`), either way.
 * SET `full`: the mixture fitted on all of val, thresholds chosen on one half (under the false-rejection
 * budget) and measured on the other, both ways. SET `alone`: mixture and thresholds chosen on the carved
 * tenth of train, measured on val. Several names for a view average its scores. Prints, per direction,
 * in-scope accuracy / out-of-scope recall (in-scope rejected, %), and the ceilings: in-scope accuracy with
 * no rejection.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { combine, type EnsembleSettings, fitMixture, fitProduct, type Views } from '../ensemble.js';
import { chooseFromViews } from '../ensemble-choice.js';
import type { RejectThresholds } from '../model-store.js';
import { chooseThresholds, isRejected, type ScoredRow } from '../thresholds.js';
import { type CachedView, cacheDir, clincSet } from './clinc-views.js';

const [set = 'full', ...args] = process.argv.slice(2);
const spec: Record<string, string> = { linear: 'base', neural: 'base', similarity: 'base', dense: 'base', budget: '0.01' };
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
const fitRows = measured.slice(0, fitted).map((r, i) => ({ intent: r.intent, gold: intents.indexOf(r.intent), views: views[i]! }));
const budget = { maxFalseRejection: Number(spec.budget) };
// `mixture=1` / `product=1`: that one alone; otherwise as training chooses, at the operating point on the fitting rows.
const settings: EnsembleSettings =
  spec.mixture === '1'
    ? fitMixture(fitRows)
    : spec.product === '1'
      ? fitProduct(fitRows, fitMixture(fitRows))
      : chooseFromViews(
          intents,
          fitRows.map((r, i) => ({ intent: r.intent, views: { ...r.views, nearest: similarity.nearest?.[i] ?? 0 } })),
          budget,
        ).ensemble;
const scored: ScoredRow[] = measured.map((r, i) => {
  const p = combine(views[i]!, settings);
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

const keepAll: RejectThresholds = { minScore: 0, minSimilarity: 0, minMargin: 0 };
const ceiling = (rows: readonly ScoredRow[]) => figures(rows, keepAll).split(' ')[0];
const w = settings.weights;
const mixture = `${settings.product ? 'product' : 'mixture'} linear ${w.linear} neural ${w.neural} similarity ${w.similarity} dense ${w.dense ?? 0}`;
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
