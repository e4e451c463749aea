/**
 * A small neural network over sentence vectors (`sentence-vectors.ts`): one hidden layer of rectified units
 * and a softmax, trained by minibatch Adam in TypeScript. Alone it is weaker than the linear model over
 * n-grams (89 % against 93 % on CLINC150 val), but it errs elsewhere: it knows that "boost" and "improve"
 * are near, where n-grams only know the letters. The ensemble mixes its probabilities with the others'.
 */
import { mulberry32, softmax } from './linear-model.js';

/** Training settings; the defaults were chosen on CLINC150 val (see docs/nlu-clinc150.md). */
export interface DenseTrainOptions {
  readonly hidden?: number;
  readonly epochs?: number;
  /** Adam's step, decayed along a half cosine to zero at the last epoch. */
  readonly learningRate?: number;
  readonly batchSize?: number;
  /** Share of hidden units silenced at each step. */
  readonly dropout?: number;
  readonly seed?: number;
}

/** Weights as row-major float32 arrays: `w1[hidden unit * inputs + input]`, `w2[class * hidden + hidden unit]`. */
export class DenseModel {
  readonly inputs: number;
  readonly hidden: number;
  readonly classes: number;
  readonly #w1: Float32Array;
  readonly #b1: Float32Array;
  readonly #w2: Float32Array;
  readonly #b2: Float32Array;
  readonly #h: Float32Array;

  constructor(inputs: number, hidden: number, classes: number, weights = new Float32Array(DenseModel.parameterCount(inputs, hidden, classes))) {
    if (weights.length !== DenseModel.parameterCount(inputs, hidden, classes)) {
      throw new RangeError(`expected ${DenseModel.parameterCount(inputs, hidden, classes)} weights for ${inputs}-${hidden}-${classes}, got ${weights.length}`);
    }
    this.inputs = inputs;
    this.hidden = hidden;
    this.classes = classes;
    let at = 0;
    const take = (n: number) => weights.subarray(at, (at += n));
    this.#w1 = take(hidden * inputs);
    this.#b1 = take(hidden);
    this.#w2 = take(classes * hidden);
    this.#b2 = take(classes);
    this.#h = new Float32Array(hidden);
  }

  /** Weights and biases of an `inputs`-`hidden`-`classes` network. */
  static parameterCount(inputs: number, hidden: number, classes: number): number {
    return hidden * inputs + hidden + classes * hidden + classes;
  }

  /** Raw class scores of one sentence vector. */
  logits(x: Float32Array, out = new Float64Array(this.classes)): Float64Array {
    this.#hiddenLayer(x, this.#h);
    return this.#outputLayer(this.#h, out);
  }

  #hiddenLayer(x: Float32Array, h: Float32Array): void {
    const { inputs, hidden } = this;
    const w1 = this.#w1;
    for (let j = 0; j < hidden; j++) {
      let s = this.#b1[j] ?? 0;
      const base = j * inputs;
      for (let i = 0; i < inputs; i++) s += (w1[base + i] ?? 0) * (x[i] ?? 0);
      h[j] = Math.max(s, 0);
    }
  }

  #outputLayer(h: Float32Array, out: Float64Array): Float64Array {
    const { hidden, classes } = this;
    const w2 = this.#w2;
    for (let k = 0; k < classes; k++) {
      let s = this.#b2[k] ?? 0;
      const base = k * hidden;
      for (let j = 0; j < hidden; j++) s += (w2[base + j] ?? 0) * (h[j] ?? 0);
      out[k] = s;
    }
    return out;
  }

  /** The weights as bytes (float32, little-endian as every platform Node runs on). */
  toBytes(): Uint8Array {
    const all = new Float32Array(DenseModel.parameterCount(this.inputs, this.hidden, this.classes));
    let at = 0;
    for (const part of [this.#w1, this.#b1, this.#w2, this.#b2]) {
      all.set(part, at);
      at += part.length;
    }
    return new Uint8Array(all.buffer);
  }

  /** Restores a network written by `toBytes`; throws RangeError when the bytes do not fit its shape. */
  static fromBytes(inputs: number, hidden: number, classes: number, bytes: Uint8Array): DenseModel {
    if (bytes.length % 4 !== 0) throw new RangeError(`dense weights must be whole float32s, got ${bytes.length} bytes`);
    // Copied into its own buffer: a Buffer read from disk may be a view into a larger one, at any offset.
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new DenseModel(inputs, hidden, classes, new Float32Array(copy.buffer));
  }

  /** Trains on sentence vectors `xs` with class indices `ys`; reproducible for a seed. */
  static train(xs: readonly Float32Array[], ys: readonly number[], classes: number, options: DenseTrainOptions = {}): DenseModel {
    const { hidden = 300, epochs = 30, learningRate = 0.002, batchSize = 32, dropout = 0.3, seed = 7 } = options;
    const inputs = xs[0]?.length ?? 0;
    const random = mulberry32(seed);
    const gaussian = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
    const weights = new Float32Array(DenseModel.parameterCount(inputs, hidden, classes));
    // He initialization for the rectified layer, Xavier-like for the softmax layer; biases start at zero.
    for (let i = 0; i < hidden * inputs; i++) weights[i] = gaussian() * Math.sqrt(2 / Math.max(1, inputs));
    const w2Start = hidden * inputs + hidden;
    for (let i = 0; i < classes * hidden; i++) weights[w2Start + i] = gaussian() * Math.sqrt(1 / hidden);
    const model = new DenseModel(inputs, hidden, classes, weights);
    const gradient = new Float32Array(weights.length);
    const adam = new AdamState(weights.length);
    const view = (array: Float32Array) => ({
      w1: array.subarray(0, hidden * inputs),
      b1: array.subarray(hidden * inputs, w2Start),
      w2: array.subarray(w2Start, w2Start + classes * hidden),
      b2: array.subarray(w2Start + classes * hidden),
    });
    const g = view(gradient);
    const w = view(weights);
    const h = new Float32Array(hidden);
    const keep = new Float32Array(hidden);
    const dh = new Float32Array(hidden);
    const p = new Float64Array(classes);
    const order = Array.from(xs, (_, i) => i);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      const step = learningRate * 0.5 * (1 + Math.cos((Math.PI * epoch) / epochs));
      for (let start = 0; start < order.length; start += batchSize) {
        gradient.fill(0);
        const end = Math.min(order.length, start + batchSize);
        for (let n = start; n < end; n++) {
          const x = xs[order[n] ?? 0] as Float32Array;
          const y = ys[order[n] ?? 0] ?? 0;
          model.#hiddenLayer(x, h);
          for (let j = 0; j < hidden; j++) {
            keep[j] = random() < dropout ? 0 : 1 / (1 - dropout);
            h[j] = (h[j] ?? 0) * (keep[j] ?? 0);
          }
          softmax(model.#outputLayer(h, p));
          p[y] = (p[y] ?? 0) - 1; // p now holds the loss's gradient with respect to the logits
          dh.fill(0);
          for (let k = 0; k < classes; k++) {
            const gk = p[k] ?? 0;
            g.b2[k] = (g.b2[k] ?? 0) + gk;
            const base = k * hidden;
            for (let j = 0; j < hidden; j++) {
              g.w2[base + j] = (g.w2[base + j] ?? 0) + gk * (h[j] ?? 0);
              dh[j] = (dh[j] ?? 0) + gk * (w.w2[base + j] ?? 0);
            }
          }
          for (let j = 0; j < hidden; j++) {
            if ((h[j] ?? 0) <= 0) continue; // a silenced or inactive unit passes no gradient
            const gj = (dh[j] ?? 0) * (keep[j] ?? 0);
            g.b1[j] = (g.b1[j] ?? 0) + gj;
            const base = j * inputs;
            for (let i = 0; i < inputs; i++) g.w1[base + i] = (g.w1[base + i] ?? 0) + gj * (x[i] ?? 0);
          }
        }
        adam.step(weights, gradient, step, end - start);
      }
    }
    return model;
  }
}

/** Adam's running moments (β1 0.9, β2 0.999). */
class AdamState {
  readonly #m: Float32Array;
  readonly #v: Float32Array;
  #t = 0;

  constructor(size: number) {
    this.#m = new Float32Array(size);
    this.#v = new Float32Array(size);
  }

  /** Moves `weights` against the mean of `gradient` over a batch of `batchSize` examples. */
  step(weights: Float32Array, gradient: Float32Array, learningRate: number, batchSize: number): void {
    this.#t += 1;
    const c1 = 1 - 0.9 ** this.#t;
    const c2 = 1 - 0.999 ** this.#t;
    const m = this.#m;
    const v = this.#v;
    for (let i = 0; i < weights.length; i++) {
      const gi = (gradient[i] ?? 0) / batchSize;
      m[i] = 0.9 * (m[i] ?? 0) + 0.1 * gi;
      v[i] = 0.999 * (v[i] ?? 0) + 0.001 * gi * gi;
      weights[i] = (weights[i] ?? 0) - (learningRate * ((m[i] ?? 0) / c1)) / (Math.sqrt((v[i] ?? 0) / c2) + 1e-8);
    }
  }
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
