/**
 * Multinomial logistic regression over hashed sparse features, trained in TypeScript by SGD.
 * A linear model over many n-grams is what intent classification rewards when no pretrained embeddings
 * are allowed: it trains in seconds, answers in microseconds, and its softmax is easy to calibrate.
 */
import type { SparseVector } from './hashed-features.js';

/** Training settings; the defaults suit a few hundred to tens of thousands of short messages. */
export interface LinearTrainOptions {
  readonly epochs?: number;
  /** Initial step size; it decays as 1 / (1 + decay · epoch). */
  readonly learningRate?: number;
  readonly decay?: number;
  /** L2 penalty per step on the weights an example touches (lazy regularization keeps SGD sparse). */
  readonly l2?: number;
  /** Seed of the shuffling, so training is reproducible. */
  readonly seed?: number;
  /** Share of an example's features hidden at each step: forces the model to spread its evidence over many n-grams. */
  readonly dropout?: number;
  readonly onEpoch?: (epoch: number, loss: number) => void;
  /** Weight of each example's loss (default 1 each): lets a class or a domain count more than its row count. */
  readonly sampleWeights?: readonly number[];
}

/**
 * A row of weights per feature bucket, a column per class (`weights[feature * classes + class]`).
 * While training the weights are float32; a loaded model keeps the int8 weights of its file and a scale
 * per class, a quarter of the memory, and scales each class's sum once instead of every weight.
 */
export class LinearModel {
  readonly classes: readonly string[];
  readonly bits: number;
  readonly weights: Float32Array | Int8Array;
  readonly bias: Float32Array;
  /** Per class, what one int8 step is worth; undefined while the weights are float32. */
  readonly scales: Float32Array | undefined;

  constructor(classes: readonly string[], bits: number, weights?: Float32Array | Int8Array, bias?: Float32Array, scales?: Float32Array) {
    this.classes = classes;
    this.bits = bits;
    this.weights = weights ?? new Float32Array((1 << bits) * classes.length);
    this.bias = bias ?? new Float32Array(classes.length);
    this.scales = scales;
  }

  /** Raw class scores (logits) of one feature vector into `out` (allocated when omitted). */
  logits(x: SparseVector, out = new Float64Array(this.classes.length)): Float64Array {
    const c = this.classes.length;
    out.fill(0);
    const w = this.weights;
    const { indices, values } = x;
    // The hot loop of every message: plain indexed reads (every index is in range by construction).
    for (let j = 0; j < indices.length; j++) {
      const base = indices[j]! * c;
      const v = values[j]!;
      for (let k = 0; k < c; k++) out[k]! += v * w[base + k]!;
    }
    const scales = this.scales;
    for (let k = 0; k < c; k++) out[k] = (out[k] ?? 0) * (scales ? (scales[k] ?? 0) : 1) + (this.bias[k] ?? 0);
    return out;
  }

  /** Class probabilities with the softmax at `temperature` (above 1 softens over-confident scores). */
  probabilities(x: SparseVector, temperature = 1): Float64Array {
    return softmax(this.logits(x), temperature);
  }

  /**
   * The weights as bytes: per class a float32 scale and a float32 bias, then every weight as an int8 of
   * its class's scale. A quarter of float32's size, and the rounding moves probabilities by well under 1 %.
   */
  toBytes(): Uint8Array {
    const c = this.classes.length;
    const bytes = new Uint8Array(8 * c + this.weights.length);
    const quantized = new Int8Array(bytes.buffer, 8 * c);
    let scales = this.scales;
    if (scales) quantized.set(this.weights);
    else {
      scales = new Float32Array(c);
      for (let i = 0; i < this.weights.length; i++) scales[i % c] = Math.max(scales[i % c] ?? 0, Math.abs(this.weights[i] ?? 0) / 127);
      for (let i = 0; i < this.weights.length; i++) quantized[i] = Math.round((this.weights[i] ?? 0) / (scales[i % c] || 1));
    }
    new Float32Array(bytes.buffer, 0, c).set(scales);
    new Float32Array(bytes.buffer, 4 * c, c).set(this.bias);
    return bytes;
  }

  /** Restores a model written by `toBytes`; throws RangeError when the bytes do not fit `classes` and `bits`. */
  static fromBytes(classes: readonly string[], bits: number, bytes: Uint8Array): LinearModel {
    const c = classes.length;
    const size = (1 << bits) * c;
    if (bytes.length !== 8 * c + size) throw new RangeError(`expected ${8 * c + size} bytes for ${c} classes and ${bits} bits, got ${bytes.length}`);
    // The float32 header is copied (a Buffer read from disk may start at an unaligned offset); the int8
    // weights are used where they lie.
    // (`new Uint8Array(view)` copies into a buffer of its own: a Buffer's `slice` would share the whole pool.)
    const header = new Float32Array(new Uint8Array(bytes.subarray(0, 8 * c)).buffer);
    const weights = new Int8Array(bytes.buffer, bytes.byteOffset + 8 * c, size);
    return new LinearModel(classes, bits, weights, header.slice(c, 2 * c), header.slice(0, c));
  }

  /** Trains a model on feature vectors `xs` with class indices `ys` (into `classes`). */
  static train(classes: readonly string[], bits: number, xs: readonly SparseVector[], ys: readonly number[], options: LinearTrainOptions = {}): LinearModel {
    const { epochs = 12, learningRate = 0.5, decay = 0.3, l2 = 1e-6, seed = 7, dropout = 0, onEpoch, sampleWeights } = options;
    const w = new Float32Array((1 << bits) * classes.length);
    const bias = new Float32Array(classes.length);
    const model = new LinearModel(classes, bits, w, bias);
    const c = classes.length;
    const order = Array.from(xs, (_, i) => i);
    const random = mulberry32(seed);
    const logits = new Float64Array(c);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      const lr = learningRate / (1 + decay * epoch);
      let loss = 0;
      for (const i of order) {
        const x = dropout > 0 ? drop(xs[i] as SparseVector, dropout, random) : (xs[i] as SparseVector);
        const y = ys[i] ?? 0;
        const weight = sampleWeights?.[i] ?? 1;
        const p = softmax(model.logits(x, logits));
        loss -= weight * Math.log(Math.max(1e-12, p[y] ?? 0));
        p[y] = (p[y] ?? 0) - 1; // p now holds the gradient of the loss with respect to the logits
        if (weight !== 1) for (let k = 0; k < c; k++) p[k] = (p[k] ?? 0) * weight;
        for (let k = 0; k < c; k++) bias[k] = (bias[k] ?? 0) - lr * (p[k] ?? 0);
        for (let j = 0; j < x.indices.length; j++) {
          const base = (x.indices[j] ?? 0) * c;
          const v = x.values[j] ?? 0;
          for (let k = 0; k < c; k++) {
            const old = w[base + k] ?? 0;
            w[base + k] = old - lr * (v * (p[k] ?? 0) + l2 * old);
          }
        }
      }
      onEpoch?.(epoch + 1, loss / Math.max(1, xs.length));
    }
    return model;
  }
}

/** Softmax of `logits / temperature`, in place, returned for chaining. */
export function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const z of logits) if (z > max) max = z;
  let sum = 0;
  for (let k = 0; k < logits.length; k++) {
    const e = Math.exp(((logits[k] ?? 0) - max) / temperature);
    logits[k] = e;
    sum += e;
  }
  for (let k = 0; k < logits.length; k++) logits[k] = (logits[k] ?? 0) / sum;
  return logits;
}

/** A small seeded PRNG (mulberry32): Math.random cannot be seeded, and models must be reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of `x` without a random share `rate` of its features, the rest scaled up to keep the expected value. */
function drop(x: SparseVector, rate: number, random: () => number): SparseVector {
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < x.indices.length; j++) {
    if (random() < rate) continue;
    indices.push(x.indices[j] ?? 0);
    values.push((x.values[j] ?? 0) / (1 - rate));
  }
  return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
