/**
 * Market tone: the same language reads differently across markets (zh-CN / zh-TW, en-US / en-GB).
 * A bot chooses its markets (`MARKETS=zh-TW,en-GB`); a customer whose channel says they are in one
 * (Telegram's `language_code`, the widget's or Direct Line's `locale`) gets that market's phrasing
 * where one exists, and the language's otherwise. Variants are partial: a key they leave out falls
 * back to the language.
 */

/** A market: a language with a region or script, e.g. 'zh-TW', 'en-GB'. */
export type MarketTag = `${string}-${string}`;

const MARKET = /^([a-z]{2})-([A-Za-z]{2,4})$/;
/** Channel tags that name a market by script or another region of it. */
const ALIASES: Readonly<Record<string, string>> = { 'zh-hant': 'zh-TW', 'zh-hk': 'zh-TW', 'zh-mo': 'zh-TW', 'zh-hans': 'zh-CN', 'zh-sg': 'zh-CN' };

/** Normalizes a tag: 'zh-tw' → 'zh-TW', 'zh-Hant' → 'zh-TW'; undefined for anything that is no market. */
export function normalizeMarket(tag: string | undefined): MarketTag | undefined {
  if (!tag || tag.length > 16) return undefined;
  const lower = tag.replace('_', '-').toLowerCase();
  const aliased = ALIASES[lower] ?? lower;
  const match = MARKET.exec(aliased);
  if (!match) return undefined;
  return `${match[1]}-${match[2]!.length === 2 ? match[2]!.toUpperCase() : match[2]}` as MarketTag;
}

/**
 * Validates `MARKETS` (comma-separated, e.g. 'zh-TW,en-GB'); empty means the languages only.
 * @throws Error naming the bad entry and the form.
 */
export function parseMarkets(setting: string | undefined): readonly MarketTag[] {
  if (!setting?.trim()) return [];
  return setting.split(',').map((entry) => {
    const market = normalizeMarket(entry.trim());
    if (!market) throw new Error(`MARKETS: '${entry.trim().slice(0, 20)}' is not a market; use language-REGION tags, e.g. MARKETS=zh-TW,en-GB`);
    return market;
  });
}

/**
 * The market to write in: the channel's tag when the bot serves that market and it is in the
 * language being written, else undefined (the language itself).
 * @example marketFor('zh-hant', 'zh', ['zh-TW']) // 'zh-TW'
 */
export function marketFor(channelLocale: string | undefined, language: string, markets: readonly MarketTag[]): MarketTag | undefined {
  const market = normalizeMarket(channelLocale);
  if (!market || market.slice(0, 2) !== language.slice(0, 2)) return undefined;
  return markets.includes(market) ? market : undefined;
}

/** The tags to try for `locale`, most specific first: 'zh-TW' → ['zh-TW', 'zh']. */
export function fallbackChain(locale: string): readonly string[] {
  const market = normalizeMarket(locale);
  const language = locale.slice(0, 2).toLowerCase();
  return market ? [market, language] : [language];
}
