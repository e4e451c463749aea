/**
 * Translation at the desk boundary: what the customer writes reaches the agent in the agent's
 * language, and what the agent writes reaches the customer in theirs. The provider only ever sees
 * masked text (cards, phones, e-mails, addresses), and a failure never loses a message: the original
 * goes through, with a notice saying it was not translated.
 */
import { sameLanguage, type Translator } from '../../infra/translator.js';
import { maskText } from '../privacy/index.js';

/** `text` (the bot's own notice) in the customer's `language`; the text as it is without a translator or when the provider fails. */
export async function inCustomerLanguage(translator: Translator | undefined, text: string, language: string): Promise<string> {
  if (!translator || sameLanguage(language, 'en') || sameLanguage(language, 'zh')) return text;
  const translated = await translator.translate({ text, to: language }).catch(() => undefined);
  return translated?.text ?? text;
}

/** A message carried across the language boundary. */
export type Carried =
  | { readonly translated: false }
  | { readonly translated: true; readonly text: string; readonly from: string; readonly to: string }
  | { readonly translated: false; readonly failed: true; readonly notice: string };

/** The notice an agent sees when a message went through untranslated. */
export const TRANSLATION_FAILED_NOTICE = 'Translation is unavailable right now: this is the original text.';

/**
 * Translates `text` from `from` into `to` when they differ and a translator is set. `masked` says the
 * text is already masked; otherwise it is masked before it leaves for the provider.
 */
export async function carryAcross(
  translator: Translator | undefined,
  text: string,
  { from, to, masked = false }: { from: string; to: string; masked?: boolean },
): Promise<Carried> {
  if (!translator || !text.trim() || sameLanguage(from, to)) return { translated: false };
  try {
    const result = await translator.translate({ text: masked ? text : maskText(text), from, to });
    return { translated: true, text: result.text, from, to };
  } catch {
    return { translated: false, failed: true, notice: TRANSLATION_FAILED_NOTICE };
  }
}
