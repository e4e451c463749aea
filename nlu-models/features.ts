/**
 * Turning a message into classifier features, per locale.
 * English: nlp.js's Porter stemmer over word tokens. Chinese: jieba words plus single characters,
 * because generated corpora cannot cover every word choice and characters carry most of the meaning.
 */
import { createRequire } from 'node:module';
import type { StemmerEn as StemmerEnType } from '@nlpjs/lang-en-min';
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { jiebaDictFile } from './jieba-dict.js';
import { replaceCodes } from '../infra/text-codes.js';

// nlp.js is CommonJS; createRequire avoids depending on how tsx and Node map its exports.
const require = createRequire(import.meta.url);
const { StemmerEn } = require('@nlpjs/lang-en-min') as { StemmerEn: new () => StemmerEnType };

let jieba: Jieba | undefined;
const stemmer = new StemmerEn();

/**
 * jieba with Baton's pruned dictionary (`jieba-dict.ts`: the words the models need, about 37 MB resident
 * less than jieba's full one, the same cuts on the training text), loaded once. Read here rather than through
 * `@node-rs/jieba/dict.js`, which also reads the 6 MB keyword-IDF table Baton never uses.
 */
export function getJieba(): Jieba {
  jieba ??= Jieba.withDict(readFileSync(jiebaDictFile));
  return jieba;
}

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]+/gu;
// Chinese function words that appear in every intent and only add noise to a bag of words.
const ZH_STOP = new Set(['的', '了', '吗', '呢', '吧', '啊', '呀', '我', '你', '是', '在', '一下', '么', '请', '帮']);

/** Normalizes width and case; numbers (order ids, amounts) become one token so they do not look like words. */
export function normalizeText(text: string): string {
  return replaceCodes(text.normalize('NFKC').toLowerCase(), ' 0 ');
}

/** Word tokens of a message in `locale`: stems for English, jieba words for Chinese. */
export function tokenize(text: string, locale: string): string[] {
  const normal = normalizeText(text);
  if (locale.startsWith('zh')) {
    return getJieba()
      .cut(normal)
      .map((t) => t.trim())
      .filter((t) => t !== '' && /[\p{L}\p{N}]/u.test(t) && !ZH_STOP.has(t));
  }
  return (normal.replace(/n't\b/g, ' not').match(WORD) ?? []).map((w) => stemmer.stemWord(w));
}

/** The sparse feature map the neural classifier reads. */
export function featuresOf(text: string, locale: string): Record<string, number> {
  const features: Record<string, number> = {};
  const zh = locale.startsWith('zh');
  for (const token of tokenize(text, locale)) {
    features[token] = 1;
    if (zh && token.length > 1) {
      for (const ch of token) if (HAN.test(ch) && !ZH_STOP.has(ch)) features[`c:${ch}`] = 1;
    }
  }
  if (zh) {
    // Character bigrams across word boundaries catch phrasings jieba cuts differently ("退掉" vs "退款").
    const han = [...normalizeText(text)].filter((ch) => HAN.test(ch));
    for (let i = 0; i + 1 < han.length; i += 1) features[`b:${han[i]}${han[i + 1]}`] = 1;
  }
  return features;
}
