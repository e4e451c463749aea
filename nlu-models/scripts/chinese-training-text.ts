/**
 * The Chinese text of the team's training corpora, as the pruned jieba dictionary's builder and its test
 * read it: every zh row of `corpora/shop`, `corpora/emotion` and the hotel desk's corpus (not the dev or
 * held-out sets, whose cuts show how new text is cut).
 */
import { existsSync } from 'node:fs';
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
