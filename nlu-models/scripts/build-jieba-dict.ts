/**
 * `npx tsx nlu-models/scripts/build-jieba-dict.ts`: writes `nlu-models/models/language/jieba-dict.txt`, jieba's
 * dictionary pruned to what Baton's Chinese models need (see `jieba-dict.ts` for why and what is kept). The
 * words kept are those jieba's full dictionary cuts out of the Chinese text the shipped models train on:
 * the team's corpora (`nlu-models/corpora/shop` and `corpora/emotion`), the hotel desk's corpus and the
 * training part of online_shopping_zh (BATON_DATA_DIR; its dev tenth is left out so the dev figures still
 * show how new text is cut). Run it after upgrading `@node-rs/jieba` or changing that text, then retrain.
 */
import { writeFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { shoppingCorpus } from '../emotion/emotion-corpora.js';
import { normalizeText } from '../features.js';
import { jiebaDictFile, pruneJiebaDictionary, readFullJiebaDictionary } from '../jieba-dict.js';
import { teamChineseTrainingTexts } from './chinese-training-text.js';

const fullDictionary = readFullJiebaDictionary();
const full = Jieba.withDict(Buffer.from(fullDictionary));
const texts = [...teamChineseTrainingTexts(), ...shoppingCorpus().train.map((row) => row.text)];
const used = new Set<string>();
for (const text of texts) for (const word of full.cut(normalizeText(text))) used.add(word);
const pruned = pruneJiebaDictionary(fullDictionary, used);
writeFileSync(jiebaDictFile, pruned);
console.log(
  `written: ${jiebaDictFile} (${pruned.split('\n').length - 2} of ${fullDictionary.split('\n').length - 1} words; ${used.size} used by ${texts.length} training texts)`,
);
