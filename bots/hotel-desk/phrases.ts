/**
 * The hotel dialogs' own words: the questions, confirmations and errors of the booking dialogs, the welcome
 * message, and the yes/no words, one JSON file per locale in `phrases/`. They stay the hotel's data, not
 * the framework's `BotContent` (content/), because BotContent holds what every bot has (answers per
 * intent, canned replies, escalation phrases, routing) and its `templates` part is checked against the
 * engine's own template keys; a bot's dialog phrases have keys only its dialogs know. Checked when the bot
 * is built: a missing phrase, or one whose {placeholders} differ from English, stops the start with a
 * message that names the fix. A new language is one more file plus one line in `HOTEL_PHRASES`.
 */
import { ConfigError, fillTemplate, lookupLocale } from 'baton';
import en from './phrases/en.json' with { type: 'json' };
import zh from './phrases/zh.json' with { type: 'json' };

/** One locale's dialog words. */
export interface LocalePhrases {
  readonly phrases: Readonly<Record<string, string>>;
  readonly yesWords: readonly string[];
  readonly noWords: readonly string[];
}

/** The dialog words per locale tag; `en` is required and the fallback. */
export type HotelPhrases = Readonly<Record<string, LocalePhrases>>;

/** The shipped phrases: English and Chinese. */
export const HOTEL_PHRASES: HotelPhrases = { en, zh };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/**
 * Checks every locale's phrases against English, and returns them.
 * @throws ConfigError naming the locale, the key and the fix.
 */
export function validatePhrases(all: HotelPhrases): HotelPhrases {
  const base = all.en;
  if (!base) throw new ConfigError('Hotel phrases have no "en" locale: add phrases/en.json, the fallback for every other language.');
  for (const [locale, words] of Object.entries(all)) {
    for (const [key, text] of Object.entries(base.phrases)) {
      const own = words.phrases[key];
      if (own === undefined)
        throw new ConfigError(`Hotel phrases "${locale}" lack "${key}": add "phrases.${key}" to phrases/${locale}.json (English: "${text}").`);
      if (placeholders(own).join() !== placeholders(text).join()) {
        throw new ConfigError(
          `Hotel phrases "${locale}" phrase "${key}" has placeholders {${placeholders(own).join('}, {')}}; it needs {${placeholders(text).join('}, {')}} as in English.`,
        );
      }
    }
    if (words.yesWords.length === 0 || words.noWords.length === 0)
      throw new ConfigError(`Hotel phrases "${locale}" need at least one of "yesWords" and of "noWords" (phrases/${locale}.json).`);
  }
  return all;
}

/** The words of one conversation's locale (`zh-CN` reads `zh`; a locale without phrases reads English). */
export function wordsFor(all: HotelPhrases, locale: string): LocalePhrases {
  return lookupLocale(all, locale, 'en') ?? (all.en as LocalePhrases);
}

/**
 * A phrase with its {placeholders} filled as the engine fills its templates (`fillTemplate`: a missing
 * value leaves the placeholder as written). An unknown key is a programming error and throws.
 */
export function phrase(words: LocalePhrases, key: string, values: Readonly<Record<string, string | number>> = {}): string {
  const text = words.phrases[key];
  if (text === undefined) throw new Error(`No hotel phrase "${key}"`);
  return fillTemplate(text, values);
}

const END_PUNCTUATION = new Set('.!?。！？,，');

/**
 * `text` without the punctuation it ends with. A loop from the end: `/[.!?。！？,，]+$/` would retry from
 * every character of a long run of punctuation followed by something else, quadratic in the run.
 */
function withoutEndPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && END_PUNCTUATION.has(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

/** "yes" / "no" / undefined for anything else, by the locale's words (case and end punctuation aside). */
export function readYesNo(words: LocalePhrases, text: string): 'yes' | 'no' | undefined {
  const said = withoutEndPunctuation(text.trim().toLowerCase());
  if (words.yesWords.includes(said)) return 'yes';
  if (words.noWords.includes(said)) return 'no';
  return undefined;
}
