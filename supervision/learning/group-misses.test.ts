/**
 * Grouping misses: paraphrases of one unserved question land in one group (English and Chinese together), unrelated
 * questions do not; ids are stable; a large input stays within the cap and within its work bound.
 */
import { describe, expect, it } from 'vitest';
import { groupMisses, MAX_GROUPED_MISSES } from './group-misses.js';
import type { MissedMessage } from './learning-items.js';
import { missFeatures } from './miss-features.js';

const T0 = Date.parse('2026-12-07T08:00:00Z');
let serial = 0;
const miss = (text: string, locale = 'en', overrides: Partial<MissedMessage> = {}): MissedMessage => ({
  id: `m${serial}`,
  at: T0 + serial++ * 1000,
  conversationId: `c${serial}`,
  channel: 'directline',
  locale,
  text,
  reason: 'out_of_scope',
  closest: [],
  ...overrides,
});

const texts = (group: { examples: readonly { text: string }[] }) => group.examples.map((example) => example.text).sort();
const groupWith = (groups: ReturnType<typeof groupMisses>['groups'], text: string) => groups.find((group) => group.examples.some((e) => e.text === text));

describe('groupMisses', () => {
  const wrapping = ['do you offer gift wrapping?', 'can you gift wrap my order', 'is gift wrapping available', 'I want my present gift-wrapped'];
  const bitcoin = ['can I pay with bitcoin', 'do you accept bitcoin payments?', 'bitcoin accepted?'];
  const zhWrapping = ['可以提供礼品包装吗', '有礼品包装服务吗？', '礼品包装怎么收费'];
  const zhBitcoin = ['可以用比特币付款吗', '你们接受比特币支付吗'];
  const unrelated = ['tell me a joke', '你们老板是谁', 'do you have a store in Paris', '可以寄到加拿大吗'];
  const all = [
    ...wrapping.map((t) => miss(t, 'en', { closest: [{ intent: 'delivery_options', score: 0.3 }] })),
    ...bitcoin.map((t) => miss(t, 'en', { reason: 'low_confidence', closest: [{ intent: 'check_payment_methods', score: 0.42 }] })),
    ...zhWrapping.map((t) => miss(t, 'zh')),
    ...zhBitcoin.map((t) => miss(t, 'zh', { closest: [{ intent: 'check_payment_methods', score: 0.38 }] })),
    ...unrelated.map((t) => miss(t, /\p{Script=Han}/u.test(t) ? 'zh' : 'en')),
  ];

  it('puts English and Chinese paraphrases of one question in one group', () => {
    const { groups } = groupMisses(all);
    expect(texts(groupWith(groups, wrapping[0]!)!)).toEqual([...wrapping, ...zhWrapping].sort());
    expect(texts(groupWith(groups, bitcoin[0]!)!)).toEqual([...bitcoin, ...zhBitcoin].sort());
    expect(groupWith(groups, zhWrapping[0]!)!.locales).toEqual(['en', 'zh']);
  });

  it('groups paraphrases within one language alone too (no glossary word needed)', () => {
    const { groups } = groupMisses([miss('do you have a store in Paris'), miss('where is your shop in Paris located'), miss('tell me a joke')]);
    expect(groups.map((group) => group.volume)).toEqual([2, 1]);
  });

  it('keeps unrelated questions apart', () => {
    const { groups } = groupMisses(all);
    for (const text of unrelated) expect(groupWith(groups, text)!.volume).toBe(1);
    expect(groupWith(groups, wrapping[0]!)).not.toBe(groupWith(groups, bitcoin[0]!));
  });

  it('describes a group: volume, locales, first and last seen, reasons, the closest intents aggregated', () => {
    const { groups } = groupMisses(all);
    expect(groups[0]!.volume).toBe(7);
    const coins = groupWith(groups, bitcoin[0]!)!;
    expect(coins).toMatchObject({
      volume: 5,
      locales: ['en', 'zh'],
      reasons: { low_confidence: 3, out_of_scope: 2 },
      closest: [{ intent: 'check_payment_methods', members: 5, meanScore: 0.4 }],
    });
    expect(coins.firstSeen).toBeLessThan(coins.lastSeen);
    expect(coins.examples[0]!.text).toBe(zhBitcoin.at(-1));
  });

  it('gives the same members the same group id, and a growing group keeps it', () => {
    const first = groupWith(groupMisses(all).groups, wrapping[0]!)!.id;
    expect(groupWith(groupMisses([...all].reverse()).groups, wrapping[0]!)!.id).toBe(first);
    const grown = groupMisses([...all, miss('gift wrapping for my order please')]);
    expect(groupWith(grown.groups, wrapping[0]!)).toMatchObject({ id: first, volume: 8 });
  });

  it('reads at most MAX_GROUPED_MISSES (the newest) and stays within features × maxPostings steps per miss', () => {
    const words = ['parcel', 'voucher', 'wrapping', 'bitcoin', 'warranty', 'battery', 'size', 'colour', 'store', 'loyalty'];
    const many: MissedMessage[] = [];
    for (let i = 0; i < MAX_GROUPED_MISSES + 500; i++)
      many.push(miss(`question ${words[i % 10]} ${words[(i * 7) % 10]} about ${words[(i * 3) % 10]} item${i}`, 'en', { id: `big${i}` }));
    const maxPostings = 16;
    const { groups, steps } = groupMisses(many, { maxPostings });
    const grouped = groups.reduce((sum, group) => sum + group.volume, 0);
    expect(grouped).toBe(MAX_GROUPED_MISSES);
    expect(groups.some((group) => group.memberIds.includes('big0'))).toBe(false);
    // The bound: every feature of every grouped miss visits at most maxPostings index entries.
    const features = many.slice(-MAX_GROUPED_MISSES).reduce((sum, m) => sum + missFeatures(m.text, m.locale).size, 0);
    expect(steps).toBeGreaterThan(0);
    expect(steps).toBeLessThanOrEqual(features * maxPostings);
  });
});
