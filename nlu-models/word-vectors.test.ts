/**
 * The word-vector table, the sentence vectors built from it and the small network over them: the shipped
 * table loads and means what its words mean, tables round-trip through their bytes, sentence vectors are
 * deterministic and skip what the table lacks, and the network trains reproducibly and reloads exactly.
 */
import { describe, expect, it } from 'vitest';
import { DenseModel } from './dense-model.js';
import { sentenceVector, vectorWords, wordWeights } from './sentence-vectors.js';
import { WordVectors, englishWordVectors } from './word-vectors.js';

function cosine(vectors: WordVectors, a: string, b: string): number {
  const x = Float32Array.from(vectors.vector(a) ?? []);
  const y = vectors.vector(b) ?? new Float32Array();
  return x.reduce((sum, v, k) => sum + v * (y[k] ?? 0), 0);
}

describe('word vectors', () => {
  it('ship a table of 30,000 English words whose neighbours share a meaning', () => {
    const vectors = englishWordVectors();
    expect(vectors.size).toBe(30_000);
    expect(vectors.dimensions).toBe(100);
    expect(Math.hypot(...(vectors.vector('order') ?? []))).toBeCloseTo(1, 5);
    expect(cosine(vectors, 'refund', 'reimbursement')).toBeGreaterThan(cosine(vectors, 'refund', 'weather') + 0.3);
    expect(cosine(vectors, 'improve', 'boost')).toBeGreaterThan(cosine(vectors, 'improve', 'banana') + 0.3);
    expect(vectors.vector('xyzzyqq')).toBeUndefined();
    expect(vectors.vector('__proto__')).toBeUndefined();
  });

  it('round-trip through their bytes and refuse bytes that are not a table', () => {
    const table = WordVectors.quantize(
      [
        ['car', [3, 4, 0]],
        ['truck', [0, -2, 1]],
        ['größe', [0, 0, 0]],
      ],
      3,
    );
    const again = WordVectors.fromBytes(table.toBytes());
    expect(again.size).toBe(3);
    expect(Array.from(again.vector('car') ?? [])).toEqual(Array.from(table.vector('car') ?? []));
    expect(again.vector('car')?.[0]).toBeCloseTo(0.6, 2);
    expect(Array.from(again.vector('größe') ?? [])).toEqual([0, 0, 0]);
    expect(() => WordVectors.fromBytes(new Uint8Array(20))).toThrow(RangeError);
    expect(() => WordVectors.fromBytes(table.toBytes().subarray(0, 30))).toThrow(/should be/);
  });
});

describe('sentence vectors', () => {
  const vectors = englishWordVectors();
  const weights = wordWeights(['where is my order', 'cancel my order', 'I want a refund']);

  it('read words as the tokenizer does and weigh rare ones more', () => {
    expect(vectorWords("I don't have order #A123")).toEqual(['i', 'do', 'not', 'have', 'order', '0']);
    expect(weights.idf.refund).toBeGreaterThan(weights.idf.my ?? Infinity);
    expect(weights.unseen).toBeGreaterThan(weights.idf.refund ?? Infinity);
  });

  it('are the same for the same text, and all zero when no word has a vector', () => {
    const a = sentenceVector('Cancel my order please', vectors, weights);
    expect(a.length).toBe(200);
    expect(Array.from(a)).toEqual(Array.from(sentenceVector('Cancel my order please', vectors, weights)));
    expect(a.some((v) => v !== 0)).toBe(true);
    expect(Array.from(sentenceVector('qqzx __proto__ constructor-x', vectors, weights)).every((v) => v === 0)).toBe(true);
    // An unknown word changes nothing: it is skipped, not averaged in as zeros.
    expect(Array.from(sentenceVector('cancel my order qqzx', vectors, weights))).toEqual(Array.from(sentenceVector('cancel my order', vectors, weights)));
  });
});

describe('dense model', () => {
  const vectors = englishWordVectors();
  const rows = [
    ['I want my money back', 0],
    ['please refund the purchase', 0],
    ['return the payment to my card', 0],
    ['where is my parcel', 1],
    ['track the delivery of my package', 1],
    ['when will the shipment arrive', 1],
  ] as const;
  const weights = wordWeights(rows.map(([text]) => text));
  const xs = rows.map(([text]) => sentenceVector(text, vectors, weights));
  const ys = rows.map(([, y]) => y);
  const train = () => DenseModel.train(xs, ys, 2, { hidden: 16, epochs: 60, learningRate: 0.01, batchSize: 2, seed: 3 });
  const best = (model: DenseModel, text: string) => {
    const z = model.logits(sentenceVector(text, vectors, weights));
    return (z[1] ?? 0) > (z[0] ?? 0) ? 1 : 0;
  };

  it('trains the same weights from the same seed', () => {
    expect(Array.from(train().toBytes())).toEqual(Array.from(train().toBytes()));
  });

  it('generalizes to words it never saw, by their meaning', () => {
    const model = train();
    expect(best(model, 'reimbursement for my payment')).toBe(0);
    expect(best(model, 'has the courier delivered the package')).toBe(1);
  });

  it('gives the same scores after a round trip through its bytes, and refuses the wrong shape', () => {
    const model = train();
    const again = DenseModel.fromBytes(200, 16, 2, model.toBytes());
    const x = sentenceVector('where is my refund', vectors, weights);
    expect(Array.from(again.logits(x))).toEqual(Array.from(model.logits(x)));
    expect(() => DenseModel.fromBytes(200, 15, 2, model.toBytes())).toThrow(RangeError);
  });
});
