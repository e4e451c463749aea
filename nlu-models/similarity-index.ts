/**
 * Nearest-neighbour check for out-of-scope messages: character n-gram TF-IDF vectors of the training
 * utterances, cosine similarity to the closest one. The neural classifier gives a confident answer even
 * to "what's the weather on Mars"; a message unlike every training example is rejected here.
 * Built from the stored training texts at load time (tens of milliseconds), so nothing is learned at start.
 */
import { normalizeText } from './features.js';

function grams(text: string, locale: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (g: string) => counts.set(g, (counts.get(g) ?? 0) + 1);
  const normal = normalizeText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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
  // One number per n-gram, and the postings of all n-grams in three flat typed arrays (n-gram k's run from
  // starts[k] to starts[k + 1]): tens of thousands of small typed arrays cost megabytes of headers, and
  // typed arrays with a reusable score buffer keep accumulation cheap even for a common trigram (" th").
  readonly #gram = new Map<string, number>();
  readonly #idf: Float32Array;
  readonly #starts: Int32Array;
  readonly #ids: Int32Array;
  readonly #weights: Float32Array;
  readonly #scores: Float64Array;
  // The utterances a query touched, and whether each is listed: preallocated, as a query touches thousands
  // and a growing array per message was most of the recognizer's garbage.
  readonly #touched: Int32Array;
  readonly #listed: Uint8Array;
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
    const df: number[] = [];
    for (const doc of docs) {
      for (const g of doc.keys()) {
        let k = this.#gram.get(g);
        if (k === undefined) this.#gram.set(g, (k = df.length));
        df[k] = (df[k] ?? 0) + 1;
      }
    }
    this.#idf = Float32Array.from(df, (n) => Math.log((1 + docs.length) / (1 + n)) + 1);
    // An n-gram found in more than 10 % of the utterances (" th", "my ") weighs little (low IDF) but costs a
    // pass over thousands of postings per message: skipped at query time. It still counts in the vectors'
    // lengths, so similarities come out a little lower, the same at training, validation and run time.
    const longest = Math.max(200, Math.ceil(docs.length * 0.1));
    this.#starts = new Int32Array(df.length + 1);
    df.forEach((n, k) => (this.#starts[k + 1] = (this.#starts[k] ?? 0) + (n > longest ? 0 : n)));
    const total = this.#starts[df.length] ?? 0;
    this.#ids = new Int32Array(total);
    this.#weights = new Float32Array(total);
    const filled = this.#starts.slice(0, df.length);
    docs.forEach((doc, id) => {
      for (const [k, w] of this.#weigh(doc)) {
        if ((df[k] ?? 0) > longest) continue;
        const at = filled[k] ?? 0;
        this.#ids[at] = id;
        this.#weights[at] = w;
        filled[k] = at + 1;
      }
    });
    this.#scores = new Float64Array(docs.length);
    this.#touched = new Int32Array(docs.length);
    this.#listed = new Uint8Array(docs.length);
  }

  /** Unit-length TF-IDF vector by n-gram number; n-grams never seen in training are dropped (they match nothing). */
  #weigh(counts: Map<string, number>): Map<number, number> {
    const vector = new Map<number, number>();
    let norm = 0;
    for (const [g, c] of counts) {
      const k = this.#gram.get(g);
      const idf = k === undefined ? Math.log(1 + this.#gram.size) : (this.#idf[k] ?? 0);
      const w = (1 + Math.log(c)) * idf;
      norm += w * w;
      if (k !== undefined) vector.set(k, w);
    }
    const length = Math.sqrt(norm) || 1;
    for (const [k, w] of vector) vector.set(k, w / length);
    return vector;
  }

  /** Per intent, the cosine similarity (0..1) between `text` and that intent's most similar utterance. */
  nearestByIntent(text: string): Map<string, number> {
    const scores = this.#scores;
    const ids = this.#ids;
    const weights = this.#weights;
    const touched = this.#touched;
    const listed = this.#listed;
    let count = 0;
    for (const [k, w] of this.#weigh(grams(text, this.#locale))) {
      const end = this.#starts[k + 1] ?? 0;
      for (let i = this.#starts[k] ?? 0; i < end; i++) {
        const id = ids[i] ?? 0;
        if (listed[id] === 0) {
          listed[id] = 1;
          touched[count++] = id;
        }
        scores[id] = (scores[id] ?? 0) + w * (weights[i] ?? 0);
      }
    }
    // Best per intent in a typed array by intent number: thousands of utterances are touched per message,
    // and a Map keyed by intent name per utterance cost more than the scoring itself.
    const top = this.#best;
    for (let t = 0; t < count; t++) {
      const id = touched[t] ?? 0;
      const s = scores[id] ?? 0;
      scores[id] = 0; // reset the shared buffers for the next call
      listed[id] = 0;
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
