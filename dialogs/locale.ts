/**
 * Locales are open BCP 47 tags ('en', 'zh-TW', 'fr'): a bot's content may bring any language
 * (dialogs/content/locale-tag.ts has the fallback rule). The engine ships its own reply templates,
 * empathy phrases and date formats in English and Chinese; other tags fall back to those by
 * `toLocale`, or use the templates a bot adds as data.
 */

/** A locale the engine ships texts for. */
export type BuiltInLocale = 'en' | 'zh';

/** Any BCP 47 tag; the built-in ones are named so tables keyed by locale must have them. */
export type Locale = BuiltInLocale | (string & {});

/** The built-in locales, the first being the fallback. */
export const LOCALES: readonly BuiltInLocale[] = ['en', 'zh'];

/** Narrows any locale string ('zh-CN', 'en-US', 'fr') to a built-in one; unknown ones become 'en'. */
export function toLocale(locale: string | undefined): BuiltInLocale {
  const base = (locale ?? '').slice(0, 2).toLowerCase();
  return base === 'zh' ? 'zh' : 'en';
}

/** A piece of text in every built-in locale (and any other a table adds). */
export type LocalizedText = Readonly<Record<BuiltInLocale, string>> & Readonly<Record<string, string>>;
