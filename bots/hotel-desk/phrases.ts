/**
 * The hotel desk's words, as data: FAQ answers per intent, dialog phrases, and the yes/no words, one JSON
 * file per locale in `content/`. Checked when the bot is built: a missing answer or phrase, or a phrase
 * whose {placeholders} differ from English, stops the start with a message that names the fix.
 * A new language is one more file plus one line in `HOTEL_CONTENT`.
 */
import { ConfigError } from 'baton';
import en from './content/en.json' with { type: 'json' };
import zh from './content/zh.json' with { type: 'json' };

/** The intents answered from `answers` (the others start a dialog or reach a person). */
export const FAQ_INTENTS = ['check_in_time', 'check_out_time', 'breakfast', 'parking', 'wifi', 'pets', 'invoice'] as const;
/** The intents that start a booking dialog. */
export const BOOKING_INTENTS = ['booking_status', 'change_dates', 'cancel_booking'] as const;
/** Every intent of the hotel desk model besides `None`. */
export const HOTEL_INTENTS = [...BOOKING_INTENTS, ...FAQ_INTENTS, 'talk_to_person'] as const;

/** One locale's words. */
export interface LocaleContent {
  readonly answers: Readonly<Record<string, string>>;
  readonly phrases: Readonly<Record<string, string>>;
  readonly yesWords: readonly string[];
  readonly noWords: readonly string[];
}

/** The content per locale tag; `en` is required and the fallback. */
export type HotelContent = Readonly<Record<string, LocaleContent>>;

/** The shipped content: English and Chinese. */
export const HOTEL_CONTENT: HotelContent = { en, zh };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

/**
 * Checks `content` against the English file and the FAQ intents, and returns it.
 * @throws ConfigError naming the locale, the key and the fix.
 */
export function validateContent(content: HotelContent): HotelContent {
  const base = content.en;
  if (!base) throw new ConfigError('Hotel content has no "en" locale: add content/en.json, the fallback for every other language.');
  for (const [locale, words] of Object.entries(content)) {
    for (const intent of FAQ_INTENTS) {
      if (!words.answers[intent]?.trim())
        throw new ConfigError(`Hotel content "${locale}" has no answer for intent "${intent}": add "answers.${intent}" to content/${locale}.json.`);
    }
    for (const [key, text] of Object.entries(base.phrases)) {
      const own = words.phrases[key];
      if (own === undefined)
        throw new ConfigError(`Hotel content "${locale}" lacks phrase "${key}": add "phrases.${key}" to content/${locale}.json (English: "${text}").`);
      if (placeholders(own).join() !== placeholders(text).join()) {
        throw new ConfigError(
          `Hotel content "${locale}" phrase "${key}" has placeholders {${placeholders(own).join('}, {')}}; it needs {${placeholders(text).join('}, {')}} as in English.`,
        );
      }
    }
    if (words.yesWords.length === 0 || words.noWords.length === 0)
      throw new ConfigError(`Hotel content "${locale}" needs at least one of "yesWords" and of "noWords".`);
  }
  return content;
}

/** The words of one conversation's locale (`zh-CN` reads `zh`; a locale without content reads English). */
export function wordsFor(content: HotelContent, locale: string): LocaleContent {
  return content[locale] ?? content[locale.split('-')[0] ?? ''] ?? (content.en as LocaleContent);
}

/** A phrase with its {placeholders} filled. An unknown key is a programming error and throws. */
export function phrase(words: LocaleContent, key: string, values: Readonly<Record<string, string | number>> = {}): string {
  const text = words.phrases[key];
  if (text === undefined) throw new Error(`No hotel phrase "${key}"`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

/** "yes" / "no" / undefined for anything else, by the locale's words (case and end punctuation aside). */
export function readYesNo(words: LocaleContent, text: string): 'yes' | 'no' | undefined {
  const said = text
    .trim()
    .toLowerCase()
    .replace(/[.!?。！？,，]+$/u, '');
  if (words.yesWords.includes(said)) return 'yes';
  if (words.noWords.includes(said)) return 'no';
  return undefined;
}
