/**
 * Which language a customer writes in, for any language (not only the ones the bot has models for):
 * the ticket's language, routing, and whether the bot can answer at all.
 *
 * Unambiguous scripts decide first (Hangul, kana, Thai, Arabic, Han); Latin and Cyrillic text goes to
 * ELD (Efficient Language Detector, n-gram tables, ~0.15 ms a short message), and only its scores for
 * the languages we name count, so a Russian complaint is never "Ukrainian by a hair". Short or tied
 * messages ("ok", "hello", an order number) are undetermined: the caller keeps the conversation's
 * language rather than guess.
 */
import { replaceNoise } from '../infra/text-codes.js';
import { loadEldDetector } from './eld-table.js';

// ELD's `small` table, packed (see eld-table.ts): the same detector at a tenth of the memory.
const eld = loadEldDetector();

/** The languages of the main cross-border markets, identified by default. */
export const MARKET_LANGUAGES = ['en', 'zh', 'es', 'pt', 'fr', 'de', 'it', 'ru', 'ar', 'ja', 'ko', 'th', 'vi', 'id'] as const;

/** Only this much of a message is read: a language shows in its first few sentences, and the cost stays bounded. */
export const IDENTIFY_MAX_CHARS = 400;
/** Fewer letters than this (outside unambiguous scripts) decide nothing. */
const MIN_LETTERS = 10;
/** The best language must beat the runner-up by this much of ELD's score, or the message is a tie. */
const MIN_MARGIN = 0.04;
/** ELD's score below which no language is claimed (real sentences score 0.75 and up, keyboard mashing under 0.5). */
const MIN_SCORE = 0.6;

const SCRIPTS: readonly [RegExp, string][] = [
  [/\p{Script=Hangul}/gu, 'ko'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Arabic}/gu, 'ar'],
];
const HAN = /\p{Script=Han}/gu;
const LETTER = /\p{L}/gu;
/** ELD tells Malay from Indonesian by a hair; for routing they are one language. */
const ALIASES: Readonly<Record<string, string>> = { ms: 'id' };

export interface IdentifyOptions {
  /** The languages to choose among (ISO 639-1); default `MARKET_LANGUAGES`. */
  readonly languages?: readonly string[];
}

/** What was found: a language, or nothing decided (too short, a tie, no letters). */
export type Identification = { readonly language: string; readonly reliable: true } | { readonly language?: undefined; readonly reliable: false };

const UNDETERMINED: Identification = { reliable: false };

/**
 * The language of `text`, among `languages`. Linear in the (bounded) input.
 * @example identifyLanguage('Wo ist mein Paket? Ich warte seit zwei Wochen') // { language: 'de', reliable: true }
 * @example identifyLanguage('ok') // { reliable: false }
 */
export function identifyLanguage(text: string, { languages = MARKET_LANGUAGES }: IdentifyOptions = {}): Identification {
  // Links, addresses and codes say nothing about the language (one linear pass: infra/text-codes.ts).
  const cleaned = replaceNoise(text.slice(0, IDENTIFY_MAX_CHARS), ' ');
  const letters = (cleaned.match(LETTER) ?? []).length;
  if (letters === 0) return UNDETERMINED;
  const allowed = new Set(languages);
  for (const [script, language] of SCRIPTS) {
    const count = (cleaned.match(script) ?? []).length;
    if (count * 2 >= letters && allowed.has(language)) return { language, reliable: true };
  }
  const han = (cleaned.match(HAN) ?? []).length;
  if (han * 2 >= letters && allowed.has('zh')) return { language: 'zh', reliable: true };
  if (letters < MIN_LETTERS) return UNDETERMINED;
  const result = eld.detect(cleaned);
  // Gibberish ("zxqv blorptang") scores low everywhere: it is "not understood", not a foreign language.
  if (!result.isReliable()) return UNDETERMINED;
  const scores = result.getScores();
  const ranked = Object.entries(scores)
    .map(([language, score]) => [ALIASES[language] ?? language, score] as const)
    .filter(([language]) => allowed.has(language))
    .sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_SCORE) return UNDETERMINED;
  if (second && second[0] !== best[0] && best[1] - second[1] < MIN_MARGIN) return UNDETERMINED;
  return { language: best[0], reliable: true };
}

/** English names of the market languages, for agents' cards and logs ("German (de)"). */
export function languageName(language: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(language);
    return name && name !== language ? `${name} (${language})` : language;
  } catch {
    return language;
  }
}
