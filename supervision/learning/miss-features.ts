/**
 * The features misses are grouped by, built on the NLU's own tokenizer (nlu-models/features.ts: Porter
 * stems for English, jieba words for Chinese): content words only (the words every question shares,
 * "can", "you", "my", say nothing about its topic), the Han character pairs jieba may cut differently
 * ("包装" in "礼品包装" and "包装一下"), and, lightly, the letter 4-grams of longer English words so a
 * misspelling still meets its word. Shop vocabulary also gets a concept feature shared by both languages
 * (shop-glossary.ts), so a question asked in English and in Chinese can meet.
 */
import { normalizeText, tokenize } from '../../nlu-models/features.js';
import { conceptOfStem, conceptsInChinese } from './shop-glossary.js';

const HAN = /\p{Script=Han}/u;
// English words in nearly every customer question; stems, as `tokenize` returns them.
const EN_STOP = new Set(
  'i me my we our you your it its is are be am was were do doe did can could would will shall should may might to of in on at for with from by about and or but if the a an thi that these those there here what how when where which who whi pleas want need like get have ha had not no ye ok hi hello thank any some just also 0'.split(
    ' ',
  ),
);
// Han characters that carry grammar, not topic.
const ZH_STOP_CHARS = new Set([...'的了吗呢吧啊呀我你您们是在么请帮能可以有没不这那个什怎样下一要想把用给和都还就也很吧']);

// A concept is the only feature two languages share: it must outweigh the words around it.
const CONCEPT_WEIGHT = 2;

/** Feature name → weight of one miss. */
export function missFeatures(text: string, locale: string): Map<string, number> {
  const features = new Map<string, number>();
  const add = (name: string, weight: number) => features.set(name, Math.max(features.get(name) ?? 0, weight));
  const zh = locale.startsWith('zh') || HAN.test(text);
  for (const token of tokenize(text, zh ? 'zh' : 'en')) {
    // A lone Han character is a word only to jieba; its pairs below carry it.
    if (EN_STOP.has(token) || [...token].every((ch) => ZH_STOP_CHARS.has(ch)) || (HAN.test(token) && token.length < 2)) continue;
    add(`w:${token}`, 1);
    const concept = conceptOfStem(token);
    if (concept) add(`x:${concept}`, CONCEPT_WEIGHT);
    if (!HAN.test(token) && token.length > 5) for (let i = 0; i + 4 <= token.length; i++) add(`g:${token.slice(i, i + 4)}`, 0.3);
  }
  if (zh) {
    for (const concept of conceptsInChinese(normalizeText(text))) add(`x:${concept}`, CONCEPT_WEIGHT);
    const han = [...normalizeText(text)].filter((ch) => HAN.test(ch));
    for (let i = 0; i < han.length; i++) {
      if (!ZH_STOP_CHARS.has(han[i]!)) add(`c:${han[i]}`, 0.4);
      if (i + 1 < han.length && !ZH_STOP_CHARS.has(han[i]!) && !ZH_STOP_CHARS.has(han[i + 1]!)) add(`b:${han[i]}${han[i + 1]}`, 1);
    }
  }
  return features;
}
