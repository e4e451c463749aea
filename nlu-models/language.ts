/**
 * Per-message language detection among a recognizer's locales.
 * Scripts, not word lists: customers mix languages, paste order numbers and emoji, and write two-word messages.
 */
import { replaceNoise } from '../infra/text-codes.js';

const HAN = /\p{Script=Han}/gu;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const LATIN_WORD = /\p{Script=Latin}{2,}/gu;

/**
 * The locale of `text` among `locales`; `locales[0]` (the fallback) when nothing decides.
 * A Han character weighs about two-thirds of a Latin word, so "我的order在哪" is Chinese and
 * "where is my order 谢谢" is English.
 *
 * @example detectLocale('快递到哪了?', ['en', 'zh']) // 'zh'
 */
export function detectLocale(text: string, locales: readonly string[]): string {
  const fallback = locales[0] ?? 'en';
  // Order numbers, URLs, e-mails and codes say nothing about the language, so they are removed first.
  const cleaned = replaceNoise(text, ' ');
  const han = (cleaned.match(HAN) ?? []).length;
  const kana = (cleaned.match(KANA) ?? []).length;
  const latinWords = (cleaned.match(LATIN_WORD) ?? []).length;
  const zhLocale = locales.find((l) => l === 'zh' || l.startsWith('zh-'));
  const enLocale = locales.find((l) => l === 'en' || l.startsWith('en-'));
  if (zhLocale && han > 0 && kana < han && han >= latinWords * 1.5) return zhLocale;
  if (enLocale && latinWords > 0) return enLocale;
  return fallback;
}
