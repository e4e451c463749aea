/**
 * CLINC150 experiments, step one: trains one view of the English intent model as `IntentModel.train` does
 * (or a variant of it) and caches what it says about the measured rows, so that mixing and thresholds can be
 * tried in seconds (`clinc-mix.ts`). Not part of training; the figures of docs/nlu-clinc150.md come from it.
 *
 *   npx tsx nlu-models/scripts/clinc-views.ts SET VIEW NAME ['{"seed": 8}']
 *
 * SET `full`: train + oos_train, rows measured = val. SET `alone`: train less a tenth carved as `train
 * --data` carves it (seed 21), rows = that tenth then val. VIEW: linear, neural, similarity, dense. Options
 * (JSON): seed, epochs, dropout (linear, dense), hidden (dense), clusters and clusterWeight (linear: adds each
 * word's k-means cluster over the word vectors, as unigrams and bigrams, to the hashed n-grams).
 * Data: BATON_DATA_DIR (default ../shared/data); cache: BATON_CLINC_CACHE (default the system's temp dir).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NeuralNetwork } from '@nlpjs/neural';
import { DenseModel } from '../dense-model.js';
import { featuresOf } from '../features.js';
import { hashString, hashedFeatures, type SparseVector } from '../hashed-features.js';
import { DENSE_HIDDEN, LINEAR_EPOCHS, MAX_EPOCHS } from '../intent-model.js';
import { type IntentRow, readIntentRows } from '../jsonl.js';
import { LinearModel, mulberry32 } from '../linear-model.js';
import { sentenceVector, vectorWords, wordWeights } from '../sentence-vectors.js';
import { SimilarityIndex } from '../similarity-index.js';
import { stratifiedSplit } from '../split.js';
import { CARVED_SHARE } from '../train.js';
import { englishWordVectors } from '../word-vectors.js';

/** What a cache file holds: per measured row, the view's score for every class (`intents` order). */
export interface CachedView {
  readonly intents: readonly string[];
  readonly seconds: number;
  /** Similarity view only: the cosine to the closest training utterance, per row. */
  readonly nearest?: readonly number[];
  readonly views: readonly (readonly number[])[];
}

const data = resolve(process.env.BATON_DATA_DIR ?? '../shared/data', 'clinc150');
export const cacheDir = resolve(process.env.BATON_CLINC_CACHE ?? join(tmpdir(), 'baton-clinc-views'));
const BITS = 18;

/** The training rows and the measured rows of a set (`alone`: the carved tenth first). */
export function clincSet(set: string): { train: IntentRow[]; measured: IntentRow[]; fitted: number } {
  const train = readIntentRows(join(data, 'train.jsonl'));
  const val = readIntentRows(join(data, 'val.jsonl'));
  if (set === 'full') return { train: [...train, ...readIntentRows(join(data, 'oos_train.jsonl'))], measured: val, fitted: val.length };
  const carved = stratifiedSplit(train, (r) => r.intent, CARVED_SHARE);
  return { train: carved.train, measured: [...carved.heldOut, ...val], fitted: carved.heldOut.length };
}

/** Spherical k-means over the word-vector table (seeded), cached: each word's cluster. */
function wordClusters(k: number): Record<string, number> {
  const file = join(cacheDir, `clusters-${k}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  const table = englishWordVectors();
  const bytes = table.toBytes();
  const header = new DataView(bytes.buffer, bytes.byteOffset);
  const words = new TextDecoder().decode(bytes.subarray(16, 16 + header.getUint32(12, true))).split('\n');
  const d = table.dimensions;
  const x = new Float32Array(words.length * d);
  words.forEach((w, i) => x.set(table.vector(w) ?? new Float32Array(d), i * d));
  const random = mulberry32(11);
  const centres = new Float32Array(k * d);
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let i = Math.floor(random() * words.length);
    while (picked.has(i)) i = Math.floor(random() * words.length);
    picked.add(i);
    centres.set(x.subarray(i * d, i * d + d), c * d);
  }
  const assign = new Int32Array(words.length);
  for (let iteration = 0; iteration < 10; iteration++) {
    for (let i = 0; i < words.length; i++) {
      let best = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += x[i * d + j]! * centres[c * d + j]!;
        if (s > best) [best, assign[i]] = [s, c];
      }
    }
    centres.fill(0);
    for (let i = 0; i < words.length; i++) for (let j = 0; j < d; j++) centres[assign[i]! * d + j]! += x[i * d + j]!;
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += centres[c * d + j]! ** 2;
      for (let j = 0; j < d; j++) centres[c * d + j]! /= Math.sqrt(norm) || 1;
    }
  }
  const out = Object.fromEntries(words.map((w, i) => [w, assign[i]!]));
  writeFileSync(file, JSON.stringify(out));
  return out;
}

/** The hashed n-grams, plus `weight` times the unit vector of the words' clusters and cluster bigrams. */
function withClusters(text: string, k: number, clusters: Record<string, number>, weight: number): SparseVector {
  const x = hashedFeatures(text, 'en', BITS);
  const counts = new Map<number, number>();
  const add = (name: string) => {
    const bucket = hashString(name) & ((1 << BITS) - 1);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  };
  const ids = vectorWords(text).map((w) => (Object.hasOwn(clusters, w) ? `${clusters[w]}` : `=${w}`));
  ids.forEach((id, i) => {
    if (!id.startsWith('=')) add(`k${k}:${id}`);
    if (i + 1 < ids.length) add(`kb${k}:${id} ${ids[i + 1]}`);
  });
  const values = Float32Array.from(counts.values(), (c) => 1 + Math.log(c));
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
  const indices = Int32Array.from([...x.indices, ...counts.keys()]);
  return { indices, values: Float32Array.from([...x.values, ...Array.from(values, (v) => (weight * v) / norm)]) };
}

function main(): void {
  const [set = 'full', view = 'linear', name = 'base', json = '{}'] = process.argv.slice(2);
  const o = JSON.parse(json) as Record<string, number | undefined>;
  const { train, measured } = clincSet(set);
  const intents = [...new Set(train.map((e) => e.intent))].sort();
  const ys = train.map((e) => intents.indexOf(e.intent));
  const started = performance.now();
  let views: Float64Array[] = [];
  let nearest: number[] | undefined;
  if (view === 'linear') {
    const clusters = o.clusters ? wordClusters(o.clusters) : undefined;
    const features = (text: string) => (clusters ? withClusters(text, o.clusters ?? 0, clusters, o.clusterWeight ?? 0.5) : hashedFeatures(text, 'en', BITS));
    const options = { epochs: o.epochs ?? LINEAR_EPOCHS, learningRate: 2, decay: 0.2, dropout: o.dropout ?? 0.5, seed: o.seed ?? 7 };
    const trained = LinearModel.train(
      intents,
      BITS,
      train.map((e) => features(e.text)),
      ys,
      options,
    );
    // Scored with the int8 weights a saved model has, as the bench does.
    const model = LinearModel.fromBytes(intents, BITS, trained.toBytes());
    views = measured.map((r) => model.logits(features(r.text)));
  } else if (view === 'neural') {
    const net = new NeuralNetwork({
      iterations: MAX_EPOCHS,
      errorThresh: 0.00005,
      deltaErrorThresh: 0.000001,
      learningRate: 0.6,
      momentum: 0.5,
      alpha: 0.07,
      log: false,
    });
    net.train(train.map((e) => ({ input: featuresOf(e.text, 'en'), output: { [e.intent]: 1 } })).filter((c) => Object.keys(c.input).length > 0));
    views = measured.map((r) => {
      const outputs = net.run(featuresOf(r.text, 'en')) ?? {};
      const total = Object.values(outputs).reduce((s, v) => s + v * v, 0);
      return Float64Array.from(intents, (intent) => (total > 0 ? (outputs[intent] ?? 0) ** 2 / total : 0));
    });
  } else if (view === 'similarity') {
    const inScope = train.filter((e) => e.intent !== 'None');
    const index = new SimilarityIndex(
      inScope.map((e) => e.text),
      inScope.map((e) => e.intent),
      'en',
    );
    nearest = [];
    views = measured.map((r) => {
      const byIntent = index.nearestByIntent(r.text);
      nearest?.push(Math.max(0, ...byIntent.values()));
      return Float64Array.from(intents, (intent) => byIntent.get(intent) ?? 0);
    });
  } else if (view === 'dense') {
    const vectors = englishWordVectors();
    const words = wordWeights(train.map((e) => e.text));
    const model = DenseModel.train(
      train.map((e) => sentenceVector(e.text, vectors, words)),
      ys,
      intents.length,
      { hidden: o.hidden ?? DENSE_HIDDEN, seed: o.seed ?? 7, dropout: o.dropout ?? 0.3 },
    );
    views = measured.map((r) => model.logits(sentenceVector(r.text, vectors, words)));
  } else throw new Error(`unknown view '${view}': use linear, neural, similarity or dense`);
  const seconds = (performance.now() - started) / 1000;
  mkdirSync(join(cacheDir, set), { recursive: true });
  const cached: CachedView = { intents, seconds, nearest, views: views.map((v) => Array.from(v, (x) => Math.round(x * 1e5) / 1e5)) };
  writeFileSync(join(cacheDir, set, `${view}-${name}.json`), JSON.stringify(cached));
  console.log(`${set} ${view} ${name}: trained in ${seconds.toFixed(1)} s`);
}

if (process.argv[1]?.endsWith('clinc-views.ts')) main();
