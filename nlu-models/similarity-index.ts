/**
 * Nearest-neighbour check for out-of-scope messages: character n-gram TF-IDF vectors of the training
 * utterances, cosine similarity to the closest one. The neural classifier gives a confident answer even
 * to "what's the weather on Mars"; a message unlike every training example is rejected here.
 * Built from the stored training texts at load time (tens of milliseconds), so nothing is learned at start.
 */
import { normalizeText } from './features.js';

type Vector = Map<string, number>;

function grams(text: string, locale: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (g: string) => counts.set(g, (counts.get(g) ?? 0) + 1);
  const normal = normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (locale.startsWith('zh')) {
    // Chinese words are one to three characters: unigrams and bigrams of the text without spaces.
    const chars = [...normal.replace(/\s+/g, '')];
    chars.forEach((c, i) => {
      add(c);
      if (i + 1 < chars.length) add(c + chars[i + 1]);
    });
  } else {
    for (const word of normal.split(' ')) {
      const padded = ` ${word} `;
      for (let i = 0; i + 3 <= padded.length; i += 1) add(padded.slice(i, i + 3));
    }
  }
  return counts;
}

/** Cosine nearest-neighbour index over one locale's training utterances. */
export class SimilarityIndex {
  readonly #idf = new Map<string, number>();
  // Posting lists as typed arrays and a reusable score buffer: a common trigram (" th") matches
  // thousands of utterances, and Map-based accumulation made this the costliest part of a turn.
  readonly #postings = new Map<string, { ids: Int32Array; weights: Float32Array }>();
  readonly #scores: Float64Array;
  readonly #locale: string;
  readonly #intents: readonly string[];
  readonly #intentOf: Int32Array;
  readonly #best: Float64Array;

  /** `labels[i]` is the intent of `texts[i]`. */
  constructor(texts: readonly string[], labels: readonly string[], locale: string) {
    this.#locale = locale;
    this.#intents = [...new Set(labels)];
    const number = new Map(this.#intents.map((intent, k) => [intent, k]));
    this.#intentOf = Int32Array.from(texts, (_, i) => number.get(labels[i] ?? 'None') ?? 0);
    this.#best = new Float64Array(this.#intents.length);
    const docs = texts.map((t) => grams(t, locale));
    const df = new Map<string, number>();
    for (const doc of docs) for (const g of doc.keys()) df.set(g, (df.get(g) ?? 0) + 1);
    for (const [g, n] of df) this.#idf.set(g, Math.log((1 + docs.length) / (1 + n)) + 1);
    // Ids and weights interleaved in one plain array per n-gram: fewer short-lived objects at load.
    const lists = new Map<string, number[]>();
    docs.forEach((doc, id) => {
      for (const [g, w] of this.#weigh(doc)) {
        let list = lists.get(g);
        if (!list) lists.set(g, (list = []));
        list.push(id, w);
      }
    });
    // An n-gram found in more than 10 % of the utterances (" th", "my ") weighs little (low IDF) but costs a
    // pass over thousands of postings per message: skipped at query time. It still counts in the vectors'
    // lengths, so similarities come out a little lower, the same at training, validation and run time.
    const longest = Math.max(200, Math.ceil(docs.length * 0.1));
    for (const [g, list] of lists) {
      const n = list.length / 2;
      if (n > longest) continue;
      const ids = new Int32Array(n);
      const weights = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        ids[i] = list[2 * i] ?? 0;
        weights[i] = list[2 * i + 1] ?? 0;
      }
      this.#postings.set(g, { ids, weights });
    }
    this.#scores = new Float64Array(docs.length);
  }

  /** Unit-length TF-IDF vector; n-grams never seen in training are dropped (they match nothing). */
  #weigh(counts: Map<string, number>): Vector {
    const vector: Vector = new Map();
    let norm = 0;
    for (const [g, c] of counts) {
      const idf = this.#idf.get(g) ?? Math.log(1 + this.#idf.size);
      const w = (1 + Math.log(c)) * idf;
      norm += w * w;
      if (this.#idf.has(g)) vector.set(g, w);
    }
    const length = Math.sqrt(norm) || 1;
    for (const [g, w] of vector) vector.set(g, w / length);
    return vector;
  }

  /** Per intent, the cosine similarity (0..1) between `text` and that intent's most similar utterance. */
  nearestByIntent(text: string): Map<string, number> {
    const scores = this.#scores;
    const touched: number[] = [];
    for (const [g, w] of this.#weigh(grams(text, this.#locale))) {
      const posting = this.#postings.get(g);
      if (!posting) continue;
      const { ids, weights } = posting;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (scores[id] === 0) touched.push(id);
        scores[id] += w * weights[i];
      }
    }
    // Best per intent in a typed array by intent number: thousands of utterances are touched per message,
    // and a Map keyed by intent name per utterance cost more than the scoring itself.
    const top = this.#best;
    for (const id of touched) {
      const s = scores[id] ?? 0;
      scores[id] = 0; // reset the shared buffer for the next call
      const k = this.#intentOf[id] ?? 0;
      if (s > (top[k] ?? 0)) top[k] = s;
    }
    const best = new Map<string, number>();
    top.forEach((s, k) => {
      if (s > 0) best.set(this.#intents[k] ?? 'None', Math.min(1, s));
    });
    top.fill(0);
    return best;
  }
}
