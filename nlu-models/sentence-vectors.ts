/**
 * A message as one vector of what its words mean: the IDF-weighted mean of its words' unit vectors,
 * followed by their element-wise maximum (the mean blurs a rare telling word into the common ones; the
 * maximum keeps it). Words without a vector (names, misspellings) are skipped: the n-gram views read those.
 */
import { normalizeText } from './features.js';
import type { WordVectors } from './word-vectors.js';

/** Inverse document frequencies of the training words, and the weight of a word training never saw. */
export interface WordWeights {
  readonly idf: Readonly<Record<string, number>>;
  readonly unseen: number;
}

/** The words looked up: lowercase letter and digit runs, "n't" as "not" (as the stemmer's tokenizer reads them). */
export function vectorWords(text: string): string[] {
  return (
    normalizeText(text)
      .replace(/n't\b/g, ' not')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** IDF of every word of `texts` (smoothed, as the similarity index weighs its n-grams). */
export function wordWeights(texts: readonly string[]): WordWeights {
  const documents = new Map<string, number>();
  for (const text of texts) for (const word of new Set(vectorWords(text))) documents.set(word, (documents.get(word) ?? 0) + 1);
  const idf: Record<string, number> = {};
  // Sorted, so the model file is the same for the same training rows.
  for (const [word, n] of [...documents].sort(([a], [b]) => (a < b ? -1 : 1))) idf[word] = round(Math.log((1 + texts.length) / (1 + n)) + 1);
  return { idf, unseen: round(Math.log(1 + texts.length) + 1) };
}

/** The sentence vector of `text`: `2 * vectors.dimensions` numbers, all zero when no word has a vector. */
export function sentenceVector(text: string, vectors: WordVectors, weights: WordWeights): Float32Array {
  const d = vectors.dimensions;
  const out = new Float32Array(2 * d);
  const largest = out.subarray(d).fill(-Infinity);
  let total = 0;
  for (const word of vectorWords(text)) {
    const vector = vectors.vector(word);
    if (!vector) continue;
    const weight = Object.hasOwn(weights.idf, word) ? (weights.idf[word] ?? 0) : weights.unseen;
    for (let k = 0; k < d; k++) {
      const v = vector[k] ?? 0;
      out[k] = (out[k] ?? 0) + weight * v;
      if (v > (largest[k] ?? 0)) largest[k] = v;
    }
    total += weight;
  }
  if (total === 0) return out.fill(0);
  for (let k = 0; k < d; k++) out[k] = (out[k] ?? 0) / total;
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
