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

/** FNV-1a over UTF-16 code units: fast, stable across runs and platforms, good enough spread for n-grams. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The named n-grams of a message, before hashing; prefixes keep word and character n-grams apart. */
export function featureNames(text: string, locale: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (name: string, weight = 1) => counts.set(name, (counts.get(name) ?? 0) + weight);
  const words = tokenize(text, locale);
  words.forEach((w, i) => {
    add(`w:${w}`);
    if (i + 1 < words.length) add(`b:${w} ${words[i + 1]}`);
  });
  if (words.length > 0) add(`s:${words[0]}`); // how a message starts ("how", "can", "why") tells its kind
  const normal = normalizeText(text);
  if (locale.startsWith('zh')) {
    // Characters and their pairs and triples: jieba cuts customers' phrasings inconsistently ("退掉" vs "退款").
    const han = [...normal].filter((ch) => HAN.test(ch));
    for (let i = 0; i < han.length; i++) {
      add(`c:${han[i]}`, 0.5);
      if (i + 1 < han.length) add(`c:${han[i]}${han[i + 1]}`);
      if (i + 2 < han.length) add(`c:${han[i]}${han[i + 1]}${han[i + 2]}`);
    }
    // Latin words inside Chinese messages ("order", "paypal") as they are.
    for (const latin of normal.match(/[a-z]{2,}/g) ?? []) add(`w:${latin}`);
  } else {
    const raw = normal.match(/[\p{L}\p{N}']+/gu) ?? [];
    for (const word of raw) add(`u:${word}`);
    const padded = ` ${raw.join(' ').replace(/'/g, '')} `;
    for (let n = 2; n <= 6; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
  }
  return counts;
}

/** The 32-bit hashes of a message's n-gram names and their counts, in `featureNames`' order. */
interface HashedNames {
  readonly hashes: Uint32Array;
  readonly counts: Float64Array;
}

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
  const named = featureNames(text, locale);
  const hashes = new Uint32Array(named.size);
  const counts = new Float64Array(named.size);
  let k = 0;
  for (const [name, count] of named) {
    hashes[k] = hashString(name);
    counts[k++] = count;
  }
  lastHashed = { text, locale, names: { hashes, counts } };
  return lastHashed.names;
}

// Scratch for `hashedFeatures`: each n-gram as bucket * 2^20 + its place in the message (exact in a double:
// buckets are under 2^21, a 4,000-character message has under 2^17 n-grams), sorted so equal buckets meet.
// Grown, never shrunk; reused by every call, which then allocates only the vector it returns.
let keyed = new Float64Array(1024);
const PLACE = 2 ** 20;

/**
 * The hashed, sublinear-TF, unit-length feature vector of `text`, its indices in increasing order.
 * @example hashedFeatures('where is my order', 'en', 16).indices.length // about 60
 */
export function hashedFeatures(text: string, locale: string, bits: number): SparseVector {
  const mask = (1 << bits) - 1;
  const { hashes, counts } = hashedNames(text, locale);
  const n = hashes.length;
  if (keyed.length < n) keyed = new Float64Array(Math.max(n, keyed.length * 2));
  for (let i = 0; i < n; i++) keyed[i] = ((hashes[i] ?? 0) & mask) * PLACE + i;
  const sorted = keyed.subarray(0, n).sort();
  let unique = 0;
  for (let i = 0; i < n; i++) if (i === 0 || Math.floor(sorted[i]! / PLACE) !== Math.floor(sorted[i - 1]! / PLACE)) unique++;
  const indices = new Int32Array(unique);
  const sums = new Float64Array(unique);
  let k = -1;
  for (let i = 0; i < n; i++) {
    const bucket = Math.floor(sorted[i]! / PLACE);
    if (k < 0 || indices[k] !== bucket) indices[++k] = bucket;
    // Within a bucket the n-grams come in message order, so each sum adds up as it always did.
    sums[k]! += 1 + Math.log(counts[sorted[i]! - bucket * PLACE] ?? 1);
  }
  let norm = 0;
  for (let i = 0; i < unique; i++) norm += sums[i]! * sums[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const values = new Float32Array(unique);
  for (let i = 0; i < unique; i++) values[i] = sums[i]! * scale;
  return { indices, values };
}

/** Loads jieba ahead of the first Chinese message, so the first customer does not wait for it. */
export function warmUpSegmenter(): void {
  getJieba();
}
