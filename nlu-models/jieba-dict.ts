/**
 * The Chinese word dictionary the tokenizer cuts with: jieba's own (349,000 words) pruned to the words that
 * matter, so the process does not keep jieba-rs's full word table (about 50 MB resident; the pruned one is
 * about 13 MB). Kept: every single character (the fallback of every cut), the 50,000 most frequent words,
 * and every word jieba's full dictionary cuts out of the Chinese text the shipped models train on. One extra
 * entry, a private-use character no text contains, carries the frequency of the dropped words, so the
 * dictionary's total, which every word's probability divides by, is jieba's: the text the models train on
 * is cut exactly as with the full dictionary (`jieba-dict.test.ts` checks it), and a rare compound word in a
 * new message is cut into its parts, which the features also see as characters and character pairs.
 * Rebuild after upgrading `@node-rs/jieba` or changing the Chinese training text:
 * `npx tsx nlu-models/scripts/build-jieba-dict.ts` (it reads online_shopping_zh from BATON_DATA_DIR).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The pruned dictionary shipped with the models. */
export const jiebaDictFile: string = fileURLToPath(new URL('./models/language/jieba-dict.txt', import.meta.url));

/** Most frequent words of jieba's dictionary kept whether or not the training text uses them. */
export const FREQUENT_WORDS_KEPT = 50_000;

/** The entry that carries the dropped words' frequency: U+E000 never occurs in a message (private use). */
export const DROPPED_FREQUENCY_WORD = '\uE000';

/** jieba's full dictionary (`word frequency tag` lines), as `@node-rs/jieba` ships it. */
export function readFullJiebaDictionary(): string {
  return readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt'), 'utf8');
}

/**
 * Prunes `fullDictionary` to single characters, the `frequentCount` most frequent words and `usedWords`,
 * in the original order (jieba-rs breaks ties by it), plus the entry carrying the dropped frequency.
 */
export function pruneJiebaDictionary(fullDictionary: string, usedWords: ReadonlySet<string>, frequentCount = FREQUENT_WORDS_KEPT): string {
  const entries = fullDictionary
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [word = '', frequency = '0'] = line.split(' ');
      return { line, word, frequency: Number(frequency) };
    });
  const frequent = new Set(
    [...entries]
      .sort((a, b) => b.frequency - a.frequency)
      .slice(0, frequentCount)
      .map((e) => e.word),
  );
  let dropped = 0;
  const kept: string[] = [];
  for (const entry of entries) {
    if ([...entry.word].length === 1 || frequent.has(entry.word) || usedWords.has(entry.word)) kept.push(entry.line);
    else dropped += entry.frequency;
  }
  kept.push(`${DROPPED_FREQUENCY_WORD} ${dropped} x`);
  return `${kept.join('\n')}\n`;
}
