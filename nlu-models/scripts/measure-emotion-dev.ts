/**
 * Every emotion figure the team may measure, for the shipped models or a candidate (`--model DIR`, e.g. the
 * output of `npm run nlu -- emotion-train --out DIR`), without the measure-only sets: the emotion section of
 * `npm run bench:nlu` also reads waimai_10k and TweetEval, which a candidate must never be compared on.
 * Figures: online_shopping_zh's dev tenth overall and per product kind, tweets_en's dev tenth, and every
 * file of `corpora/emotion-dev/` (messages to companies, calm shop questions, answers to the bot's
 * questions, requests for a person), and the models' settings.
 *
 * Run: `npx tsx nlu-models/scripts/measure-emotion-dev.ts [--model DIR] [--json FILE]` (about a minute).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readEmotionRows, type EmotionRow } from '../jsonl.js';
import { evaluateEmotion, type EmotionReport } from '../metrics.js';
import { defaultDataDir, shoppingCorpus, tweetCorpus } from '../emotion/emotion-corpora.js';
import { defaultEmotionModelDir, loadEmotionModels } from '../emotion/emotion-model.js';
import { scoreEmotionWith } from '../emotion/score-emotion.js';

/** The score under which the handoff escalates (ESCALATION_SETTINGS.negativeEmotionThreshold's default). */
const ESCALATION_THRESHOLD = -0.6;

const { values } = parseArgs({ options: { model: { type: 'string' }, json: { type: 'string' } } });
const modelDir = resolve(values.model ?? defaultEmotionModelDir);
const models = loadEmotionModels(modelDir);
const score = (text: string, locale: string) => scoreEmotionWith(models, text, locale);
const devDir = fileURLToPath(new URL('../corpora/emotion-dev', import.meta.url));

/** One figure: a name, a value and its unit (F1 0..1, % of rows, or a count of rows). */
interface Figure {
  readonly measure: string;
  readonly value: number;
  readonly unit: 'F1' | '%' | 'rows';
}
const figures: Figure[] = [];
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const f1 = (measure: string, report: EmotionReport) => figures.push({ measure, value: round(report.f1), unit: 'F1' });
const share = (measure: string, part: number, whole: number) => figures.push({ measure, value: round((100 * part) / Math.max(whole, 1), 1), unit: '%' });

const zh = shoppingCorpus(defaultDataDir());
const en = tweetCorpus(defaultDataDir());
const shopping = evaluateEmotion(zh.dev, score);
f1('online_shopping_zh dev (zh)', shopping);
for (const kind of shopping.perDomain ?? []) f1(`online_shopping_zh dev, ${kind.domain}`, kind);
f1('tweets_en dev (en)', evaluateEmotion(en.dev, score));

for (const name of readdirSync(devDir)
  .filter((n) => n.endsWith('.jsonl'))
  .sort()) {
  const rows: EmotionRow[] = readEmotionRows(join(devDir, name));
  const set = name.replace(/\.jsonl$/, '');
  const report = evaluateEmotion(rows, score);
  const escalated = (list: readonly EmotionRow[]) => list.filter((r) => score(r.text, r.locale).score <= ESCALATION_THRESHOLD).length;
  if (rows.some((r) => r.negative)) f1(`${set} negative F1`, report);
  const calm = rows.filter((r) => !r.negative);
  const angry = rows.filter((r) => r.negative);
  share(`${set}: calm rows scored negative`, calm.filter((r) => score(r.text, r.locale).negative).length, calm.length);
  figures.push({ measure: `${set}: calm rows at or under ${ESCALATION_THRESHOLD}`, value: escalated(calm), unit: 'rows' });
  if (set.includes('person-requests')) {
    share(`${set}: angry rows scored negative`, angry.filter((r) => score(r.text, r.locale).negative).length, angry.length);
    share(`${set}: angry rows at or under ${ESCALATION_THRESHOLD}`, escalated(angry), angry.length);
  }
  if (set.includes('complaints')) for (const domain of report.perDomain ?? []) f1(`${set}, ${domain.domain}`, domain);
}

const width = Math.max(...figures.map((f) => f.measure.length));
for (const f of figures) console.log(`${f.measure.padEnd(width)}  ${String(f.value).padStart(7)} ${f.unit}`);
for (const [locale, model] of models) {
  console.log(`${locale}: lexicon ${model.settings.lexicon ?? 1}, model weight ${model.settings.weight}, threshold ${model.settings.threshold}`);
}
if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify({ model: modelDir, figures }, null, 2)}\n`);
