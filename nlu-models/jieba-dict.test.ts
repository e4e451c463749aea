import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { getJieba, normalizeText, tokenize } from './features.js';
import { DROPPED_FREQUENCY_WORD, jiebaDictFile, pruneJiebaDictionary, readFullJiebaDictionary } from './jieba-dict.js';
import { defaultDataDir } from './emotion/emotion-corpora.js';
import { buildJiebaDictionary, teamChineseTrainingTexts } from './scripts/chinese-training-text.js';

const entries = (dictionary: string) =>
  dictionary
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(' '));
const total = (dictionary: string) => entries(dictionary).reduce((sum, [, frequency]) => sum + Number(frequency), 0);

describe('the pruned jieba dictionary', () => {
  const fullDictionary = readFullJiebaDictionary();
  const shipped = readFileSync(jiebaDictFile, 'utf8');

  it('keeps every single character and jieba’s total frequency, so every word keeps its probability', () => {
    const words = new Set(entries(shipped).map(([word]) => word));
    const characters = entries(fullDictionary).filter(([word = '']) => [...word].length === 1);
    expect(characters.length).toBeGreaterThan(10_000);
    for (const [character = ''] of characters) expect(words.has(character)).toBe(true);
    expect(total(shipped)).toBe(total(fullDictionary));
    expect(words.size).toBeLessThan(entries(fullDictionary).length / 4);
  });

  it('cuts the Chinese text the models train on exactly as jieba’s full dictionary does', () => {
    const full = Jieba.withDict(Buffer.from(fullDictionary));
    const texts = teamChineseTrainingTexts();
    expect(texts.length).toBeGreaterThan(3_000);
    const differing = texts.filter((text) => getJieba().cut(normalizeText(text)).join('|') !== full.cut(normalizeText(text)).join('|'));
    expect(differing).toEqual([]);
  });

  // The builder needs online_shopping_zh (BATON_DATA_DIR, or ../shared/data): where it is, the shipped file
  // must be exactly what the builder makes, so it cannot drift from the training text.
  it.skipIf(!existsSync(join(defaultDataDir(), 'emotion', 'online_shopping_zh.jsonl')))('is exactly what its builder makes from the training text', () => {
    expect(buildJiebaDictionary().dictionary === shipped).toBe(true);
  });

  it('cuts a rare compound it dropped into words it kept, and a message cannot use the entry carrying the dropped frequency', () => {
    const dropped = entries(fullDictionary).find(
      ([word = '', frequency]) => [...word].length === 4 && Number(frequency) <= 3 && !shipped.includes(`\n${word} `),
    );
    expect(dropped).toBeDefined();
    const cut = getJieba().cut(dropped?.[0] ?? '');
    expect(cut.length).toBeGreaterThan(1);
    expect(cut.join('')).toBe(dropped?.[0]);
    // A message carrying the private-use character itself gets no token from it (not a letter or digit).
    expect(tokenize(`退款${DROPPED_FREQUENCY_WORD}太慢`, 'zh')).toEqual(tokenize('退款太慢', 'zh'));
  });
});

describe('pruneJiebaDictionary', () => {
  const dictionary = ['一 100 m', '二 50 m', '一二 40 m', '一二三 5 m', '三 30 m', '二三 2 m'].join('\n');

  it('keeps characters, the most frequent words and the used ones in their order, and carries the rest’s frequency', () => {
    const pruned = pruneJiebaDictionary(dictionary, new Set(['二三']), 4);
    expect(pruned.trim().split('\n')).toEqual(['一 100 m', '二 50 m', '一二 40 m', '三 30 m', '二三 2 m', `${DROPPED_FREQUENCY_WORD} 5 x`]);
    expect(total(pruned)).toBe(total(dictionary));
  });
});
