/**
 * `npm run bench:nlu`: the NLU's figures beside their targets, printed as a table and written to
 * bench-results/nlu.json.
 *  (a) CLINC150: a model trained on train + oos_train, its mixture and thresholds chosen on val, measured
 *      on val (in-scope accuracy, out-of-scope recall at that one operating point), training time, latency;
 *  (b) the shipped shop model: bitext dev accuracy, CLINC150 val out-of-scope rejection, the Chinese held-out
 *      phrasings, latency, load time, size on disk, resident memory;
 *  (c) negative emotion F1 on the measure-only sets (waimai_10k, tweeteval).
 * The data sets live outside the repository: BATON_DATA_DIR, or ../shared/data beside it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readEmotionRows, readIntentRows, type IntentRow } from '../../nlu-models/jsonl.js';
import { evaluateEmotion, evaluateIntents } from '../../nlu-models/metrics.js';
import { loadModel } from '../../nlu-models/model-store.js';
import { defaultShopModelDir, loadRecognizer } from '../../nlu-models/nlp-recognizer.js';
import type { Recognizer } from '../../nlu-models/recognizer.js';
import { chooseThresholds, isRejected, type ScoredRow } from '../../nlu-models/thresholds.js';
import { trainModel } from '../../nlu-models/train.js';
import { recognizeTimes } from './recognize-times.js';

const data = resolve(process.env.BATON_DATA_DIR ?? '../shared/data');
if (!existsSync(join(data, 'clinc150', 'val.jsonl'))) {
  console.error(`No data sets in '${data}'. Set BATON_DATA_DIR to the folder holding clinc150/, bitext/ and emotion/.`);
  process.exit(2);
}
const file = (...parts: string[]) => join(data, ...parts);

interface Row {
  measure: string;
  result: number;
  unit: '%' | 'ms' | 's' | 'MB' | 'F1';
  /** The target, and whether a result must be at least (>=) or at most (<=) it. */
  target?: { value: number; sense: '>=' | '<=' };
  note?: string;
}
const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const pct = (x: number | null) => Math.round((x ?? 0) * 10000) / 100;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** Mean and p50 of recognize() over `texts`, after a warm-up (the first calls compile the hot loops). */
async function latency(recognizer: Recognizer, texts: readonly string[]): Promise<{ mean: number; p50: number }> {
  const times = await recognizeTimes(recognizer, texts);
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, p50: times[Math.floor(times.length / 2)] ?? NaN };
}

function operatingPoint(dir: string, locale: string): string {
  const t = loadModel(dir).manifest.thresholds[locale];
  if (!t) return 'none';
  return `minScore ${t.minScore}, minSimilarity ${t.minSimilarity}, minMargin ${t.minMargin ?? 0}, ${Object.keys(t.perIntent ?? {}).length} per-intent thresholds`;
}

/**
 * The val figures with thresholds chosen on the other half of val (odd rows tuned, even rows measured, and
 * back): an estimate of what the operating point gives on data it was not chosen on.
 */
function crossFitted(dir: string, rows: readonly IntentRow[]): { accuracy: number; recall: number } {
  const model = loadModel(dir).models.get('en');
  if (!model) throw new Error(`no English model in ${dir}`);
  const scored: ScoredRow[] = rows.map((r) => ({ intent: r.intent, classification: model.classify(r.text) }));
  let correct = 0;
  let inScope = 0;
  let rejected = 0;
  let none = 0;
  for (const parity of [0, 1]) {
    const t = chooseThresholds(
      scored.filter((_, i) => i % 2 === parity),
      { maxAccuracyDrop: 0.005 },
    );
    for (const row of scored.filter((_, i) => i % 2 !== parity)) {
      const out = isRejected(row.classification, t);
      if (row.intent === 'None') [none, rejected] = [none + 1, rejected + Number(out)];
      else [inScope, correct] = [inScope + 1, correct + Number(!out && row.classification.ranked[0]?.intent === row.intent)];
    }
  }
  return { accuracy: correct / inScope, recall: rejected / none };
}

async function benchClinc(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'baton-clinc-'));
  const start = performance.now();
  // 2^18 buckets for 151 classes (about 40 MB, never shipped); rejection may cost half a point of accuracy.
  trainModel({
    dataFiles: [file('clinc150', 'train.jsonl'), file('clinc150', 'oos_train.jsonl')],
    validationFiles: [file('clinc150', 'val.jsonl')],
    outDir,
    maxBits: 18,
    goal: { maxAccuracyDrop: 0.005 },
  });
  const seconds = (performance.now() - start) / 1000;
  const recognizer = await loadRecognizer({ modelDir: outDir });
  const val = readIntentRows(file('clinc150', 'val.jsonl'));
  const report = await evaluateIntents(recognizer, val);
  const timing = await latency(
    recognizer,
    val.map((r) => r.text),
  );
  const point = operatingPoint(outDir, 'en');
  rows.push({ measure: 'CLINC150 val: in-scope accuracy', result: pct(report.inScopeAccuracy), unit: '%', target: { value: 93, sense: '>=' }, note: point });
  rows.push({
    measure: 'CLINC150 val: out-of-scope recall',
    result: pct(report.oosRecall),
    unit: '%',
    target: { value: 55, sense: '>=' },
    note: 'same operating point',
  });
  rows.push({ measure: 'CLINC150: training', result: round(seconds, 1), unit: 's', target: { value: 300, sense: '<=' } });
  rows.push({
    measure: 'CLINC150: recognize, mean',
    result: round(timing.mean),
    unit: 'ms',
    target: { value: 1, sense: '<=' },
    note: `p50 ${round(timing.p50)} ms`,
  });
  const cross = crossFitted(outDir, val);
  rows.push({
    measure: 'CLINC150 val, thresholds from the other half',
    result: pct(cross.accuracy),
    unit: '%',
    note: `out-of-scope recall ${pct(cross.recall)} % (2-fold)`,
  });
  extra.clincConfusions = report.confusions.slice(0, 10);
  rmSync(outDir, { recursive: true, force: true });
  console.error('clinc150 done');
}

async function benchShop(): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const recognizer = await loadRecognizer({ modelDir: defaultShopModelDir });
  await recognizer.recognize('我的订单在哪里'); // the first Chinese message loads jieba's dictionary
  const loadMs = performance.now() - start;
  global.gc?.();
  const loadedMb = (process.memoryUsage().rss - before) / 2 ** 20;
  const dev = await evaluateIntents(recognizer, readIntentRows(file('bitext', 'dev.jsonl')));
  const clinc = readIntentRows(file('clinc150', 'val.jsonl'));
  const oos = await evaluateIntents(
    recognizer,
    clinc.filter((r) => r.intent === 'None'),
  );
  // Every CLINC150 val row is out of scope for a shop, bar a few (order status): how much of it is rejected.
  const all = await evaluateIntents(
    recognizer,
    clinc.map((r): IntentRow => ({ ...r, intent: 'None' })),
  );
  const zh = await evaluateIntents(recognizer, readIntentRows('nlu-models/corpora/shop-validation/zh.jsonl'));
  const timing = await latency(recognizer, [...readIntentRows(file('bitext', 'dev.jsonl')).map((r) => r.text), '我的订单在哪里?', '我要退款', '快递到哪了']);
  const size = readdirSync(defaultShopModelDir).reduce((sum, name) => sum + statSync(join(defaultShopModelDir, name)).size, 0) / 2 ** 20;
  rows.push({
    measure: 'shop: bitext dev in-scope accuracy',
    result: pct(dev.inScopeAccuracy),
    unit: '%',
    target: { value: 98.5, sense: '>=' },
    note: operatingPoint(defaultShopModelDir, 'en'),
  });
  rows.push({
    measure: 'shop: CLINC150 val out-of-scope rejected',
    result: pct(oos.oosRecall),
    unit: '%',
    target: { value: 90, sense: '>=' },
    note: `all 3,100 CLINC150 val rows: ${pct(all.oosRecall)} % rejected`,
  });
  rows.push({
    measure: 'shop: Chinese held-out accuracy',
    result: pct(zh.inScopeAccuracy),
    unit: '%',
    note: `out of scope rejected ${pct(zh.oosRecall)} %; ${operatingPoint(defaultShopModelDir, 'zh')}`,
  });
  rows.push({
    measure: 'shop: recognize, mean',
    result: round(timing.mean),
    unit: 'ms',
    target: { value: 1, sense: '<=' },
    note: `p50 ${round(timing.p50)} ms`,
  });
  rows.push({ measure: 'shop: model load + first message', result: round(loadMs, 0), unit: 'ms', target: { value: 3000, sense: '<=' } });
  rows.push({ measure: 'shop: model size on disk', result: round(size, 1), unit: 'MB' });
  rows.push({ measure: 'shop: resident memory of the loaded model', result: round(loadedMb, 0), unit: 'MB', note: 'rss growth while loading' });
  extra.shopConfusions = dev.confusions.slice(0, 10);
  console.error('shop done');
}

function benchEmotion(): void {
  const waimai = evaluateEmotion(readEmotionRows(file('emotion', 'waimai_10k.jsonl')));
  const tweets = evaluateEmotion(readEmotionRows(file('emotion', 'tweeteval_emotion_val.jsonl')));
  rows.push({
    measure: 'emotion: waimai_10k (zh) negative F1',
    result: round(waimai.f1),
    unit: 'F1',
    target: { value: 0.9, sense: '>=' },
    note: `precision ${pct(waimai.precision)} %, recall ${pct(waimai.recall)} %`,
  });
  rows.push({
    measure: 'emotion: tweeteval val (en) negative F1',
    result: round(tweets.f1),
    unit: 'F1',
    target: { value: 0.8, sense: '>=' },
    note: `precision ${pct(tweets.precision)} %, recall ${pct(tweets.recall)} %`,
  });
}

const only = process.argv[2];
if (!only || only === 'shop') await benchShop();
if (!only || only === 'emotion') benchEmotion();
if (!only || only === 'clinc') await benchClinc();

const met = (r: Row) => (r.target ? (r.target.sense === '>=' ? r.result >= r.target.value : r.result <= r.target.value) : undefined);
console.table(
  rows.map((r) => ({
    measure: r.measure,
    result: `${r.result} ${r.unit}`,
    target: r.target ? `${r.target.sense} ${r.target.value} ${r.unit}` : '-',
    met: met(r) === undefined ? '-' : met(r) ? 'yes' : 'NO',
    note: r.note ?? '',
  })),
);
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/nlu.json',
  JSON.stringify({ date: new Date().toISOString(), node: process.version, rows: rows.map((r) => ({ ...r, met: met(r) })), ...extra }, null, 2),
);
console.log('written: bench-results/nlu.json');
