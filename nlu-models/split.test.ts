/**
 * Seeded stratified splits and the product kinds of online_shopping_zh read back from its block order.
 */
import { describe, expect, it } from 'vitest';
import { PRODUCT_KINDS, withProductKinds } from './emotion/product-kinds.js';
import { stratifiedSplit } from './split.js';

describe('stratifiedSplit', () => {
  const rows = Array.from({ length: 200 }, (_, i) => ({ id: i, label: i < 150 ? 'a' : 'b' }));

  it('holds out the share of every stratum, the same rows on every run', () => {
    const one = stratifiedSplit(rows, (r) => r.label, 0.1);
    expect(one.heldOut.filter((r) => r.label === 'a')).toHaveLength(15);
    expect(one.heldOut.filter((r) => r.label === 'b')).toHaveLength(5);
    expect(one.train).toHaveLength(180);
    expect(stratifiedSplit(rows, (r) => r.label, 0.1).heldOut).toEqual(one.heldOut);
    expect(new Set([...one.train, ...one.heldOut].map((r) => r.id)).size).toBe(200);
  });

  it('another seed holds out other rows', () => {
    const ids = (seed: number) => stratifiedSplit(rows, (r) => r.label, 0.1, seed).heldOut.map((r) => r.id);
    expect(ids(1)).not.toEqual(ids(2));
  });
});

describe('withProductKinds', () => {
  const block = (kind: number) => [
    { text: `好${kind}`, negative: false, locale: 'zh' },
    { text: `又好${kind}`, negative: false, locale: 'zh' },
    { text: `差${kind}`, negative: true, locale: 'zh' },
  ];

  it('names each praise-then-complaints block after its kind, in the file order', () => {
    const rows = withProductKinds(PRODUCT_KINDS.flatMap((_, i) => block(i)));
    expect(rows.map((r) => r.domain)).toEqual(PRODUCT_KINDS.flatMap((k) => [k, k, k]));
  });

  it('refuses rows that are not in blocks, or too many blocks', () => {
    expect(() => withProductKinds(PRODUCT_KINDS.flatMap((_, i) => block(i)).reverse())).toThrow(/source order/);
    expect(() => withProductKinds([...PRODUCT_KINDS, 'extra'].flatMap((_, i) => block(i)))).toThrow(/source order/);
  });
});
