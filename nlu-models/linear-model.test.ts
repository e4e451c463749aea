/**
 * The linear intent model and its features on small data: hashing is stable, training separates
 * intents it has seen, the quantized bytes give back the same answers, and the mixture is a distribution.
 */
import { describe, expect, it } from 'vitest';
import { combine, DEFAULT_ENSEMBLE, fitMixture, fitProduct } from './ensemble.js';
import { featureNames, hashString, hashedFeatures } from './hashed-features.js';
import { LinearModel } from './linear-model.js';

const rows = [
  ['where is my order', 'track_order'],
  ['track my package', 'track_order'],
  ['has my parcel shipped yet', 'track_order'],
  ['I want a refund', 'get_refund'],
  ['give me my money back', 'get_refund'],
  ['refund my purchase please', 'get_refund'],
  ['what is the weather today', 'None'],
  ['tell me a joke', 'None'],
  ['how tall is mount everest', 'None'],
] as const;
const classes = ['None', 'get_refund', 'track_order'];
const BITS = 12;

function trained(): LinearModel {
  const xs = rows.map(([text]) => hashedFeatures(text, 'en', BITS));
  return LinearModel.train(
    classes,
    BITS,
    xs,
    rows.map(([, intent]) => classes.indexOf(intent)),
    { epochs: 30, learningRate: 1, dropout: 0.2 },
  );
}

function best(model: LinearModel, text: string): string {
  const p = model.probabilities(hashedFeatures(text, 'en', BITS));
  return classes[p.indexOf(Math.max(...p))] ?? '';
}

describe('hashed features', () => {
  it('hash the same text to the same unit-length vector', () => {
    expect(hashString('c: or')).toBe(hashString('c: or'));
    const a = hashedFeatures('Where is my order #A12345?', 'en', BITS);
    const b = hashedFeatures('Where is my order #A12345?', 'en', BITS);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    const norm = Math.hypot(...a.values);
    expect(norm).toBeCloseTo(1, 5);
    expect(Math.max(...a.indices)).toBeLessThan(2 ** BITS);
  });

  it('cut Chinese with jieba and keep character n-grams', () => {
    const names = [...featureNames('我的快递到哪了', 'zh').keys()];
    expect(names).toContain('w:快递');
    expect(names).toContain('c:快递');
    expect(names.some((n) => n.startsWith('c:') && [...n.slice(2)].length === 3)).toBe(true);
  });
});

describe('linear model', () => {
  it('learns intents from a few rows and generalizes to new wording', () => {
    const model = trained();
    expect(best(model, 'where is my parcel')).toBe('track_order');
    expect(best(model, 'refund please')).toBe('get_refund');
    expect(best(model, 'tell me a story about the weather')).toBe('None');
  });

  it('survives quantization to bytes with the same answers and close probabilities', () => {
    const model = trained();
    const restored = LinearModel.fromBytes(classes, BITS, model.toBytes());
    for (const text of ['where is my parcel', 'refund please', 'what is the weather']) {
      const x = hashedFeatures(text, 'en', BITS);
      const p = model.probabilities(x);
      const q = restored.probabilities(x);
      p.forEach((v, k) => expect(Math.abs(v - (q[k] ?? 0))).toBeLessThan(0.02));
    }
    expect(() => LinearModel.fromBytes(classes, BITS + 1, model.toBytes())).toThrow(RangeError);
  });

  it('restores the same model from a Buffer that starts inside a larger one', () => {
    // Buffers from Node's pool, a socket read or `subarray` start at a byteOffset other than 0.
    const model = trained();
    const bytes = model.toBytes();
    const larger = Buffer.alloc(bytes.length + 8);
    larger.set(bytes, 8);
    const restored = LinearModel.fromBytes(classes, BITS, larger.subarray(8));
    expect(Array.from(restored.toBytes())).toEqual(Array.from(bytes));
  });

  it('leans toward the rows that weigh more, and weights of 1 change nothing', () => {
    // The same words labelled both ways: only the sample weights can tell the model which side counts more.
    const texts = ['the kettle arrived', 'the kettle arrived', 'my kettle came today', 'my kettle came today'];
    const xs = texts.map((t) => hashedFeatures(t, 'en', BITS));
    const ys = [0, 1, 0, 1];
    const trainWith = (sampleWeights?: number[]) => LinearModel.train(['calm', 'negative'], BITS, xs, ys, { epochs: 20, sampleWeights });
    const negative = (model: LinearModel) => model.probabilities(hashedFeatures('the kettle came', 'en', BITS))[1] ?? 0;
    expect(negative(trainWith([1, 4, 1, 4]))).toBeGreaterThan(0.7);
    expect(negative(trainWith([4, 1, 4, 1]))).toBeLessThan(0.3);
    expect(Array.from(trainWith([1, 1, 1, 1]).weights)).toEqual(Array.from(trainWith().weights));
  });
});

describe('ensemble', () => {
  const views = { linear: Float64Array.from([0, 2, 0]), neural: Float64Array.from([0.1, 0.8, 0.1]), similarity: Float64Array.from([0, 0.9, 0.4]) };

  it('mixes the views into probabilities that sum to 1', () => {
    const p = combine(views, DEFAULT_ENSEMBLE);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(p.indexOf(Math.max(...p))).toBe(1);
  });

  it('fits weights that sum to 1 and keeps the linear model in the mixture', () => {
    const settings = fitMixture([
      { gold: 1, views },
      { gold: 2, views: { ...views, similarity: Float64Array.from([0, 0.2, 0.95]) } },
    ]);
    const { linear, neural, similarity } = settings.weights;
    expect(linear + neural + similarity).toBeCloseTo(1, 6);
    expect(linear).toBeGreaterThanOrEqual(0.4);
    expect(settings.weights.dense).toBeUndefined();
  });

  it('as a product, lets two views that each put the answer second outvote their different first choices', () => {
    const views = {
      linear: Float64Array.from([3, 2, -5]),
      neural: Float64Array.from([0, 0, 0]),
      similarity: Float64Array.from([0, 0, 0]),
      dense: Float64Array.from([-5, 2, 3]),
    };
    const weights = { linear: 0.5, neural: 0, similarity: 0, dense: 0.5 };
    const mixed = combine(views, { ...DEFAULT_ENSEMBLE, weights });
    const multiplied = combine(views, { ...DEFAULT_ENSEMBLE, weights, product: true });
    expect(mixed[1]).toBeLessThan(Math.max(mixed[0] ?? 0, mixed[2] ?? 0));
    expect(multiplied.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(multiplied.indexOf(Math.max(...multiplied))).toBe(1);
  });

  it('fits the product within the bounds of the mixture (linear at least 0.4, word vectors at most 0.3)', () => {
    // The answer is class 1, second in both views; each view's first choice is another class.
    const uniform = Float64Array.from([1 / 3, 1 / 3, 1 / 3]);
    const [a, b] = [[0.7, 0.25, 0.05].map(Math.log), [0.05, 0.25, 0.7].map(Math.log)];
    const row = (l: number[], d: number[]) => ({
      gold: 1,
      views: { linear: Float64Array.from(l), neural: uniform, similarity: new Float64Array(3), dense: Float64Array.from(d) },
    });
    const rows = [row(a, b), row(b, a)];
    const mixture = fitMixture(rows);
    expect(mixture.product).toBeUndefined();
    const settings = fitProduct(rows, mixture);
    expect(settings.product).toBe(true);
    expect(settings.weights.linear).toBeGreaterThanOrEqual(0.4);
    expect(settings.weights.dense ?? 0).toBeLessThanOrEqual(0.3);
    expect(settings.temperature).toBe(mixture.temperature);
    for (const { views } of rows) {
      const p = combine(views, settings);
      expect(p.indexOf(Math.max(...p))).toBe(1);
    }
  });

  it('gives the word-vector view a share when only it tells the rows apart', () => {
    // The linear and neural views favour class 1 everywhere; the dense view alone knows the gold classes.
    const rows = [0, 1, 2, 0, 2].map((gold) => ({ gold, views: { ...views, dense: Float64Array.from([0, 1, 2], (k) => (k === gold ? 6 : 0)) } }));
    const settings = fitMixture(rows);
    const { linear, neural, similarity, dense = 0 } = settings.weights;
    expect(linear + neural + similarity + dense).toBeCloseTo(1, 6);
    expect(dense).toBeGreaterThan(0);
    for (const row of rows) {
      const p = combine(row.views, settings);
      expect(p.indexOf(Math.max(...p))).toBe(row.gold);
    }
  });
});
