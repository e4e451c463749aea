/**
 * Locales as open BCP 47 tags ('en', 'zh-TW', 'pt-BR'), and the one fallback rule every piece of bot
 * content follows: the exact tag, then its language, then the bot's default locale.
 */

/**
 * The canonical form of a BCP 47 tag ('zh-tw' → 'zh-TW'), or undefined when it is not one.
 * @example canonicalLocale('EN-gb') // 'en-GB'
 */
export function canonicalLocale(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * Where to look for a text in `wanted`, in order: the tag, its language, the default (no repeats).
 * @example localeChain('zh-TW', 'en') // ['zh-TW', 'zh', 'en']
 */
export function localeChain(wanted: string | undefined, defaultLocale: string): readonly string[] {
  const tag = (wanted && canonicalLocale(wanted)) || defaultLocale;
  const language = tag.split('-')[0] ?? tag;
  return [...new Set([tag, language, defaultLocale])];
}

/**
 * The first value `table` has along `localeChain(wanted, defaultLocale)`.
 * @example lookupLocale({ en: 'Hi', zh: '您好' }, 'zh-TW', 'en') // '您好'
 */
export function lookupLocale<T>(table: Readonly<Record<string, T | undefined>>, wanted: string | undefined, defaultLocale: string): T | undefined {
  for (const locale of localeChain(wanted, defaultLocale)) {
    // Own keys only: the tag may be the customer's ('constructor' must not find Object's).
    const value = Object.hasOwn(table, locale) ? table[locale] : undefined;
    if (value !== undefined) return value;
  }
  return undefined;
}
