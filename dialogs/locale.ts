/**
 * The locales the bot writes replies in. Anything else falls back to English, so a French customer
 * still gets an answer rather than an error.
 */

/** A locale the dialogs have templates, phrases and answers for. */
export type Locale = 'en' | 'zh';

/** All supported locales, the first being the fallback. */
export const LOCALES: readonly Locale[] = ['en', 'zh'];

/** Narrows any locale string ('zh-CN', 'en-US', 'fr') to a supported one; unknown ones become 'en'. */
export function toLocale(locale: string | undefined): Locale {
  const base = (locale ?? '').slice(0, 2).toLowerCase();
  return base === 'zh' ? 'zh' : 'en';
}

/** A piece of text in every supported locale. */
export type LocalizedText = Readonly<Record<Locale, string>>;
