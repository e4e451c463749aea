/**
 * The Chinese text the shipped models train on, and the pruned jieba dictionary built from it (see
 * `../jieba-dict.ts`): the team's corpora (every zh row of `corpora/shop`, `corpora/emotion` and the hotel
 * desk's corpus; not the dev or held-out sets, whose cuts show how new text is cut) and the training part of
 * online_shopping_zh from the data folder.
 */
import { existsSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { shoppingCorpus } from '../emotion/emotion-corpora.js';
import { normalizeText } from '../features.js';
import { pruneJiebaDictionary, readFullJiebaDictionary } from '../jieba-dict.js';
import { fileURLToPath } from 'node:url';
import { readIntentRows, readEmotionRows } from '../jsonl.js';
import { jsonlFilesIn } from '../train.js';

const repositoryFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export function teamChineseTrainingTexts(): string[] {
  const intentFiles = [repositoryFile('nlu-models/corpora/shop/zh.jsonl'), repositoryFile('bots/hotel-desk/corpus/zh.jsonl')].filter((f) => existsSync(f));
  const intentTexts = intentFiles.flatMap((file) =>
    readIntentRows(file)
      .filter((row) => row.locale.startsWith('zh'))
      .map((row) => row.text),
  );
  const emotionTexts = jsonlFilesIn(repositoryFile('nlu-models/corpora/emotion'))
    .flatMap((file) => readEmotionRows(file))
    .filter((row) => row.locale.startsWith('zh'))
    .map((row) => row.text);
  return [...intentTexts, ...emotionTexts];
}

/** The pruned dictionary from jieba's full one and the training text (`dataDir` holds emotion/online_shopping_zh.jsonl). */
export function buildJiebaDictionary(dataDir?: string): { dictionary: string; usedWords: number; texts: number; fullWords: number } {
  const fullDictionary = readFullJiebaDictionary();
  const full = Jieba.withDict(Buffer.from(fullDictionary));
  const texts = [...teamChineseTrainingTexts(), ...shoppingCorpus(dataDir).train.map((row) => row.text)];
  const used = new Set<string>();
  for (const text of texts) for (const word of full.cut(normalizeText(text))) used.add(word);
  return {
    dictionary: pruneJiebaDictionary(fullDictionary, used),
    usedWords: used.size,
    texts: texts.length,
    fullWords: fullDictionary.split('\n').filter((line) => line.trim() !== '').length,
  };
}
