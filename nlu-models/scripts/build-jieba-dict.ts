/**
 * `npx tsx nlu-models/scripts/build-jieba-dict.ts`: writes `nlu-models/models/language/jieba-dict.txt`, jieba's
 * dictionary pruned to what Baton's Chinese models need (see `jieba-dict.ts` for why and what is kept). The
 * words kept are those jieba's full dictionary cuts out of the Chinese text the shipped models train on:
 * the team's corpora (`nlu-models/corpora/shop` and `corpora/emotion`), the hotel desk's corpus and the
 * training part of online_shopping_zh (BATON_DATA_DIR; its dev tenth is left out so the dev figures still
 * show how new text is cut). Run it after upgrading `@node-rs/jieba` or changing that text, then retrain.
 */
import { writeFileSync } from 'node:fs';
import { jiebaDictFile } from '../jieba-dict.js';
import { buildJiebaDictionary } from './chinese-training-text.js';

const { dictionary, usedWords, texts, fullWords } = buildJiebaDictionary();
writeFileSync(jiebaDictFile, dictionary);
console.log(`written: ${jiebaDictFile} (${dictionary.split('\n').length - 2} of ${fullWords} words; ${usedWords} used by ${texts} training texts)`);
