import { describe, expect, it } from 'vitest';
import { featureNames, forgetLastFeatures, hashString, hashedFeatures } from './hashed-features.js';

/** The vector as the definition says: each name's sublinear count in its bucket, unit length. */
function fromNames(text: string, locale: string, bits: number): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const [name, count] of featureNames(text, locale)) {
    const index = hashString(name) & ((1 << bits) - 1);
    buckets.set(index, (buckets.get(index) ?? 0) + 1 + Math.log(count));
  }
  const norm = Math.sqrt([...buckets.values()].reduce((sum, v) => sum + v * v, 0));
  return new Map([...buckets].map(([k, v]) => [k, Math.fround(v / norm)]));
}

const asMap = ({ indices, values }: ReturnType<typeof hashedFeatures>) => new Map([...indices].map((k, i) => [k, values[i]]));

describe('hashedFeatures', () => {
  it('gives each model its own buckets of the same message, read twice in a row (intent, then emotion)', () => {
    for (const [text, locale] of [
      ['where is my order, it is late late late', 'en'],
      ['我的订单怎么还没到，太慢了', 'zh'],
    ] as const) {
      expect(asMap(hashedFeatures(text, locale, 18))).toEqual(fromNames(text, locale, 18));
      expect(asMap(hashedFeatures(text, locale, 12))).toEqual(fromNames(text, locale, 12));
    }
  });

  it('counts two different n-grams with one 32-bit hash apart, as their names are (a real review)', () => {
    expect(hashString('b:商城 为')).toBe(hashString('c:烟台红'));
    const text = '正宗烟台红富士，因女儿在上海工作，常快递水果过去，这次尝试着在京东自营买一次，没想到这么好，女儿很满意，以后会常在京东商城为家人买的。';
    forgetLastFeatures();
    const vector = hashedFeatures(text, 'zh', 19);
    expect(asMap(vector)).toEqual(fromNames(text, 'zh', 19));
    // In the order the message first fills each bucket, as the sums always were (training reproduces byte for byte).
    expect([...vector.indices]).toEqual([...fromNames(text, 'zh', 19).keys()]);
  });

  it('never serves the previous message: another text, or the same text in another locale', () => {
    hashedFeatures('cancel my order', 'en', 16);
    expect(asMap(hashedFeatures('refund please', 'en', 16))).toEqual(fromNames('refund please', 'en', 16));
    hashedFeatures('订单', 'zh', 16);
    expect(asMap(hashedFeatures('订单', 'en', 16))).toEqual(fromNames('订单', 'en', 16));
  });

  it('gives the same vector on a third read of one message and after forgetLastFeatures', () => {
    const text = 'my parcel is late';
    hashedFeatures(text, 'en', 16);
    hashedFeatures(text, 'en', 14);
    expect(asMap(hashedFeatures(text, 'en', 12))).toEqual(fromNames(text, 'en', 12));
    forgetLastFeatures();
    expect(asMap(hashedFeatures(text, 'en', 12))).toEqual(fromNames(text, 'en', 12));
  });
});
