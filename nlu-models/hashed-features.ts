/**
 * Sparse hashed features for the linear intent model: word n-grams and character n-grams, hashed into a
 * fixed number of buckets so a model needs no vocabulary file and unseen words still land somewhere useful.
 * Character n-grams carry misspellings ("ordr", "refnd") and word forms the stemmer misses; word bigrams
 * carry the order that bags of words lose ("cancel my order" vs "order to cancel" matter less than
 * "not received" vs "received").
 */
import { getJieba, normalizeText, tokenize } from './features.js';

/** Feature indices (into `2 ** bits` buckets) and their values; the vector has unit length. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

const HAN = /\p{Script=Han}/u;

const FNV_OFFSET = 0x811c9dc5;
/** FNV-1a of `text[from, to)` (UTF-16 code units) continued from `hash`. */
const fnvExtend = (hash: number, text: string, from: number, to: number): number => {
  let h = hash;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
};

/** FNV-1a over UTF-16 code units: fast, stable across runs and platforms, good enough spread for n-grams. */
export function hashString(text: string): number {
  return fnvExtend(FNV_OFFSET, text, 0, text.length) >>> 0;
}

/**
 * Where a message's n-grams go as they are found: a name is `prefix` followed by `text[from, to)`, or for a
 * word pair `prefix`, the first word, a space and the second. `walkFeatures` is the one definition of the
 * n-grams; `featureNames` spells them out, `hashedNames` hashes them without building the strings.
 */
interface FeatureSink {
  one(prefix: string, text: string, from: number, to: number, weight: number): void;
  pair(prefix: string, first: string, second: string): void;
}

/** Walks the named n-grams of a message; prefixes keep word and character n-grams apart. */
function walkFeatures(text: string, locale: string, sink: FeatureSink): void {
  const words = tokenize(text, locale);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    sink.one('w:', word, 0, word.length, 1);
    if (i + 1 < words.length) sink.pair('b:', word, words[i + 1]!);
  }
  if (words.length > 0) sink.one('s:', words[0]!, 0, words[0]!.length, 1); // how a message starts ("how", "can", "why") tells its kind
  const normal = normalizeText(text);
  if (locale.startsWith('zh')) {
    // Characters and their pairs and triples: jieba cuts customers' phrasings inconsistently ("退掉" vs "退款").
    const han = [...normal].filter((ch) => HAN.test(ch));
    const joined = han.join('');
    const starts = new Array<number>(han.length + 1);
    starts[0] = 0;
    for (let i = 0; i < han.length; i++) starts[i + 1] = starts[i]! + han[i]!.length;
    for (let i = 0; i < han.length; i++) {
      sink.one('c:', joined, starts[i]!, starts[i + 1]!, 0.5);
      if (i + 1 < han.length) sink.one('c:', joined, starts[i]!, starts[i + 2]!, 1);
      if (i + 2 < han.length) sink.one('c:', joined, starts[i]!, starts[i + 3]!, 1);
    }
    // Latin words inside Chinese messages ("order", "paypal") as they are.
    for (const latin of normal.match(/[a-z]{2,}/g) ?? []) sink.one('w:', latin, 0, latin.length, 1);
  } else {
    const raw = normal.match(/[\p{L}\p{N}']+/gu) ?? [];
    for (const word of raw) sink.one('u:', word, 0, word.length, 1);
    const padded = ` ${raw.join(' ').replace(/'/g, '')} `;
    for (let n = 2; n <= 6; n++) {
      for (let i = 0; i + n <= padded.length; i++) sink.one('c:', padded, i, i + n, 1);
    }
  }
}

/** The named n-grams of a message and their counts, before hashing (the readable form of `walkFeatures`). */
export function featureNames(text: string, locale: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (name: string, weight: number) => counts.set(name, (counts.get(name) ?? 0) + weight);
  walkFeatures(text, locale, {
    one: (prefix, source, from, to, weight) => add(prefix + source.slice(from, to), weight),
    pair: (prefix, first, second) => add(`${prefix}${first} ${second}`, 1),
  });
  return counts;
}

/** The 32-bit hashes of a message's n-gram names and their counts, in `featureNames`' order. */
interface HashedNames {
  readonly hashes: Uint32Array;
  readonly counts: Float64Array;
}

/**
 * Counts by name, in first-seen order, in typed arrays reused from message to message (open addressing on
 * the names' hashes). A name is never built: each entry keeps where it came from (prefix, source string,
 * range; or a word pair), and two names with one 32-bit hash are told apart by comparing those, so the counts
 * are exactly `featureNames`'. The sources are let go at the end of each read: no customer text is kept.
 */
class HashCounts implements FeatureSink {
  #slots = new Int32Array(1024);
  #hashes = new Uint32Array(512);
  #counts = new Float64Array(512);
  #prefixes: string[] = [];
  #sources: string[] = [];
  /** A word pair's second word; '' for a one-part name. */
  #seconds: string[] = [];
  #from = new Int32Array(512);
  #to = new Int32Array(512);
  #size = 0;

  one(prefix: string, text: string, from: number, to: number, weight: number): void {
    this.#add(fnvExtend(fnvExtend(FNV_OFFSET, prefix, 0, prefix.length), text, from, to) >>> 0, prefix, text, from, to, '', weight);
  }

  pair(prefix: string, first: string, second: string): void {
    let h = fnvExtend(fnvExtend(FNV_OFFSET, prefix, 0, prefix.length), first, 0, first.length);
    h = Math.imul(h ^ 0x20, 0x01000193); // the space between the words
    this.#add(fnvExtend(h, second, 0, second.length) >>> 0, prefix, first, 0, first.length, second, 1);
  }

  /** Every name of `text`, hashed; the table is left empty for the next message. */
  read(text: string, locale: string): HashedNames {
    try {
      walkFeatures(text, locale, this);
      return { hashes: this.#hashes.slice(0, this.#size), counts: this.#counts.slice(0, this.#size) };
    } finally {
      // Empty only the slots used (a long message grows the table; clearing it whole would cost every later one).
      const mask = this.#slots.length - 1;
      for (let k = 0; k < this.#size; k++) {
        let slot = this.#hashes[k]! & mask;
        while (this.#slots[slot] !== k + 1) slot = (slot + 1) & mask;
        this.#slots[slot] = 0;
        this.#sources[k] = '';
        this.#seconds[k] = '';
      }
      this.#size = 0;
    }
  }

  /** Whether entry `k` is the name `prefix` + `source[from, to)` (+ ' ' + `second`). */
  #is(k: number, prefix: string, source: string, from: number, to: number, second: string): boolean {
    if (this.#prefixes[k] !== prefix || this.#seconds[k] !== second || this.#to[k]! - this.#from[k]! !== to - from) return false;
    const kept = this.#sources[k]!;
    const offset = this.#from[k]! - from;
    for (let i = from; i < to; i++) if (kept.charCodeAt(i + offset) !== source.charCodeAt(i)) return false;
    return true;
  }

  #add(hash: number, prefix: string, source: string, from: number, to: number, second: string, weight: number): void {
    if (2 * (this.#size + 1) > this.#slots.length) this.#grow();
    const mask = this.#slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = this.#slots[slot]!;
      if (at === 0) {
        const k = this.#size++;
        this.#hashes[k] = hash;
        this.#counts[k] = weight;
        this.#prefixes[k] = prefix;
        this.#sources[k] = source;
        this.#seconds[k] = second;
        this.#from[k] = from;
        this.#to[k] = to;
        this.#slots[slot] = k + 1;
        return;
      }
      if (this.#hashes[at - 1] === hash && this.#is(at - 1, prefix, source, from, to, second)) {
        this.#counts[at - 1]! += weight;
        return;
      }
    }
  }

  #grow(): void {
    const grown = <T extends Uint32Array | Float64Array | Int32Array>(array: T, make: (length: number) => T): T => {
      const bigger = make(array.length * 2);
      bigger.set(array);
      return bigger;
    };
    this.#hashes = grown(this.#hashes, (length) => new Uint32Array(length));
    this.#counts = grown(this.#counts, (length) => new Float64Array(length));
    this.#from = grown(this.#from, (length) => new Int32Array(length));
    this.#to = grown(this.#to, (length) => new Int32Array(length));
    this.#slots = new Int32Array(this.#slots.length * 2);
    const mask = this.#slots.length - 1;
    for (let k = 0; k < this.#size; k++) {
      let slot = this.#hashes[k]! & mask;
      while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
      this.#slots[slot] = k + 1;
    }
  }
}

const hashCounts = new HashCounts();

// The intent model and the emotion model read the same message's n-grams one right after the other (in one
// synchronous `recognize`): the message's hashes are kept for that second read, which then costs no string
// building or hashing. The text is their key, so it is let go at that read (or by `forgetLastFeatures`, at
// the end of every recognition): a customer's words are not kept past the recognition that read them.
let lastHashed: { readonly text: string; readonly locale: string; readonly names: HashedNames } | undefined;

/** Lets go of the last message's n-grams and text. */
export function forgetLastFeatures(): void {
  lastHashed = undefined;
}

function hashedNames(text: string, locale: string): HashedNames {
  if (lastHashed && lastHashed.text === text && lastHashed.locale === locale) {
    const { names } = lastHashed;
    lastHashed = undefined;
    return names;
  }
  lastHashed = { text, locale, names: hashCounts.read(text, locale) };
  return lastHashed.names;
}

// Scratch for `hashedFeatures`: each n-gram as bucket * 2^20 + its place in the message (exact in a double:
// buckets are under 2^21, a 4,000-character message has under 2^17 n-grams), sorted so equal buckets meet;
// then each bucket as its first n-gram's place * 2^20 + its rank, sorted back into message order. Grown,
// never shrunk; reused by every call, which then allocates only the vector it returns.
let keyed = new Float64Array(1024);
let ranked = new Float64Array(1024);
let sums = new Float64Array(1024);
let buckets = new Int32Array(1024);
const PLACE = 2 ** 20;

/**
 * The hashed, sublinear-TF, unit-length feature vector of `text`, its buckets in the order the message first
 * fills them. That order, and adding each bucket's n-grams in message order, keep every float operation as
 * it was when a Map summed them: training reproduces the shipped models byte for byte.
 * @example hashedFeatures('where is my order', 'en', 16).indices.length // about 60
 */
export function hashedFeatures(text: string, locale: string, bits: number): SparseVector {
  const mask = (1 << bits) - 1;
  const { hashes, counts } = hashedNames(text, locale);
  const n = hashes.length;
  if (keyed.length < n) {
    keyed = new Float64Array(Math.max(n, keyed.length * 2));
    ranked = new Float64Array(keyed.length);
    sums = new Float64Array(keyed.length);
    buckets = new Int32Array(keyed.length);
  }
  for (let i = 0; i < n; i++) keyed[i] = ((hashes[i] ?? 0) & mask) * PLACE + i;
  const sorted = keyed.subarray(0, n).sort();
  let unique = 0;
  for (let i = 0; i < n; i++) {
    const bucket = Math.floor(sorted[i]! / PLACE);
    const place = sorted[i]! - bucket * PLACE;
    if (i === 0 || Math.floor(sorted[i - 1]! / PLACE) !== bucket) {
      // A bucket's first n-gram in the message: its place orders the bucket, its rank finds the sum.
      ranked[unique] = place * PLACE + unique;
      buckets[unique] = bucket;
      sums[unique++] = 0;
    }
    sums[unique - 1]! += 1 + Math.log(counts[place] ?? 1);
  }
  const inMessageOrder = ranked.subarray(0, unique).sort();
  const indices = new Int32Array(unique);
  const values = new Float32Array(unique);
  let norm = 0;
  for (let k = 0; k < unique; k++) {
    const rank = inMessageOrder[k]! % PLACE;
    norm += sums[rank]! * sums[rank]!;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < unique; k++) {
    const rank = inMessageOrder[k]! % PLACE;
    indices[k] = buckets[rank]!;
    values[k] = sums[rank]! * scale;
  }
  return { indices, values };
}

/** Loads jieba ahead of the first Chinese message, so the first customer does not wait for it. */
export function warmUpSegmenter(): void {
  getJieba();
}
