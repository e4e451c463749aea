/**
 * Measures weightings of the Chinese emotion model's training rows by product kind (issue 21: negative F1
 * ≥ 0.88 in every kind of online_shopping_zh's dev tenth). Each variant trains the Chinese model as
 * `emotion-train` does (the team's rows TEAM_REPEAT times, the corpus's training rows, the same dedupe),
 * with per-row loss weights; chooses the lexicon share, weight and threshold on the dev tenth as the
 * recipe does; and prints F1 overall and per kind, then the team dev sets (messages to companies, calm
 * questions, answers to the bot's questions). `--ceiling` also prints the best worst-kind F1 that any
 * setting of the grid reaches with overall F1 ≥ 0.92: what no choice of operating point can pass.
 * Writes nothing; measures on dev sets only (never waimai_10k or TweetEval).
 *
 * Run: `npx tsx nlu-models/scripts/measure-kind-weights.ts [variant[@seed] ...] [--ceiling]`
 * (about 40 s a variant); variants: see VARIANTS. Figures: docs/nlu-emotion-kinds.md.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmotionRow, readEmotionRows } from '../jsonl.js';
import { LinearModel } from '../linear-model.js';
import { jsonlFilesIn } from '../train.js';
import { defaultDataDir, shoppingCorpus } from '../emotion/emotion-corpora.js';
import { EmotionModel, type EmotionSettings } from '../emotion/emotion-model.js';
import { chooseOnDev, emotionCorpusDir, TEAM_REPEAT } from '../emotion/emotion-train.js';
import { emotionScore, lexiconTotal, modelLogOdds } from '../emotion/score-emotion.js';
import type { KindRow } from '../emotion/product-kinds.js';

type Row = EmotionRow & { readonly domain?: string };
type Counts = [tp: number, fp: number, fn: number];

/** The largest kinds hold about 9,000 training rows; smaller kinds are weighed up toward them. */
const LARGEST_KIND = 9000;

const team: EmotionRow[] = [];
const seen = new Set<string>();
for (const file of jsonlFilesIn(emotionCorpusDir)) {
  for (const row of readEmotionRows(file)) {
    if (!row.locale.startsWith('zh') || seen.has(row.text.trim())) continue;
    seen.add(row.text.trim());
    team.push(row);
  }
}
const { train, dev } = shoppingCorpus(defaultDataDir());
for (const row of dev) seen.add(row.text.trim());
const corpus: KindRow[] = [];
for (const row of train) {
  if (seen.has(row.text.trim())) continue;
  seen.add(row.text.trim());
  corpus.push(row);
}
const rows: Row[] = [...Array.from({ length: TEAM_REPEAT }, () => team).flat(), ...corpus];

const count = new Map<string, number>();
const bump = (key: string) => count.set(key, (count.get(key) ?? 0) + 1);
for (const row of corpus) {
  bump(row.domain);
  bump(`${row.domain}/${row.negative}`);
}
const size = (r: Row) => count.get(r.domain ?? '') ?? 1;
/** Each kind's two classes weighed to half the kind each (water heaters: 17 % negative). */
const classBalance = (r: Row) => size(r) / (2 * (count.get(`${r.domain}/${r.negative}`) ?? 1));

/** Loss weight of a corpus row per variant (the team's rows weigh 1). */
const VARIANTS: Record<string, (r: Row) => number> = {
  base: () => 1,
  'class-balance': classBalance,
  'kind-sqrt': (r) => Math.sqrt(LARGEST_KIND / size(r)),
  'kind-sqrt-class-balance': (r) => Math.sqrt(LARGEST_KIND / size(r)) * classBalance(r),
  'kind-linear-cap6': (r) => Math.min(6, LARGEST_KIND / size(r)),
  'kind-equal': (r) => LARGEST_KIND / size(r),
};

const f1 = ([tp, fp, fn]: Counts) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
const fmt = (c: Counts) => `${f1(c).toFixed(3)} (${c.join('/')})`;

function tally(judged: ReadonlyArray<{ row: Row; negative: boolean }>): Map<string, Counts> {
  const per = new Map<string, Counts>();
  for (const { row, negative } of judged) {
    for (const key of [row.domain ?? '', 'all']) {
      const c = per.get(key) ?? [0, 0, 0];
      if (negative && row.negative) c[0] += 1;
      else if (negative) c[1] += 1;
      else if (row.negative) c[2] += 1;
      per.set(key, c);
    }
  }
  return per;
}

function scorer(model: EmotionModel, s: Pick<EmotionSettings, 'lexicon' | 'weight'>): (text: string) => number {
  return (text) => {
    const total = lexiconTotal(text, 'zh') * (s.lexicon ?? 1);
    return emotionScore(total, s.weight > 0 ? modelLogOdds(text, 'zh', total, model.logOdds(text)) : 0, s.weight);
  };
}

/** The best worst-kind F1 over the recipe's grid (and a few more weights) with overall F1 ≥ 0.92. */
function ceiling(model: EmotionModel): string {
  let best = { worst: -1, line: '' };
  const logOdds = dev.map((r) => model.logOdds(r.text));
  const totals = dev.map((r) => lexiconTotal(r.text, 'zh'));
  for (const lexicon of [1, 0.5, 0]) {
    for (const weight of [0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10]) {
      const scores = dev.map((r, i) => {
        const total = (totals[i] ?? 0) * lexicon;
        return emotionScore(total, modelLogOdds(r.text, 'zh', total, logOdds[i] ?? 0), weight);
      });
      for (let step = 0; step <= 40; step++) {
        const threshold = (step - 30) / 50;
        const per = tally(dev.map((row, i) => ({ row, negative: (scores[i] ?? 0) <= threshold })));
        if (f1(per.get('all') ?? [0, 0, 0]) < 0.92) continue;
        const worst = Math.min(...[...per].filter(([k]) => k !== 'all').map(([, c]) => f1(c)));
        if (worst > best.worst)
          best = {
            worst,
            line: `lexicon ${lexicon}, weight ${weight}, threshold ${threshold}: ${[...per].map(([k, c]) => `${k} ${f1(c).toFixed(3)}`).join(', ')}`,
          };
      }
    }
  }
  return `worst kind at best ${best.worst.toFixed(3)} (${best.line})`;
}

const devSets = ['zh-complaints', 'zh-calm-check', 'zh-bare-answers-check'].map((name) => ({
  name,
  rows: readEmotionRows(join(fileURLToPath(new URL('../corpora/emotion-dev', import.meta.url)), `${name}.jsonl`)),
}));

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('--'));
for (const spec of names.length > 0 ? names : Object.keys(VARIANTS)) {
  const [name = '', seed = '7'] = spec.split('@');
  const weigh = VARIANTS[name];
  if (!weigh) throw new Error(`Unknown variant '${name}'. Use one of: ${Object.keys(VARIANTS).join(', ')} (optionally @seed).`);
  const sampleWeights = rows.map((r) => (r.domain ? weigh(r) : 1));
  const model = EmotionModel.fit('zh', rows, { weight: 0, threshold: 0, rows: rows.length, crossValidatedF1: 0 }, { sampleWeights, seed: Number(seed) });
  // The shipped model is the int8 one: measure that.
  const shipped = new EmotionModel('zh', model.settings, LinearModel.fromBytes(['calm', 'negative'], model.settings.bits ?? 19, model.toBytes()));
  const { settings } = chooseOnDev('zh', shipped, dev);
  const score = scorer(shipped, settings);
  const per = tally(dev.map((row) => ({ row, negative: score(row.text) <= settings.threshold })));
  console.log(`${spec}: lexicon ${settings.lexicon}, weight ${settings.weight}, threshold ${settings.threshold}; dev F1 ${fmt(per.get('all') ?? [0, 0, 0])}`);
  console.log(
    `  ${[...per]
      .filter(([k]) => k !== 'all')
      .map(([k, c]) => `${k} ${fmt(c)}`)
      .join('; ')}`,
  );
  for (const set of devSets) {
    const scores = set.rows.map((r) => score(r.text));
    const c = tally(set.rows.map((row, i) => ({ row, negative: (scores[i] ?? 0) <= settings.threshold }))).get('all') ?? [0, 0, 0];
    const calmAtEscalation = set.rows.filter((r, i) => !r.negative && (scores[i] ?? 0) <= -0.6).length;
    const flagged = ((c[0] + c[1]) / set.rows.length) * 100;
    console.log(`  ${set.name}: F1 ${f1(c).toFixed(3)}, ${flagged.toFixed(1)} % scored negative, ${calmAtEscalation} calm rows at or under -0.6`);
  }
  if (args.includes('--ceiling')) console.log(`  ${ceiling(shipped)}`);
}
