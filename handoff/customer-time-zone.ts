/**
 * The customer's time zone, for everything that speaks of their time: the agent's card and console,
 * the opening hours the customer is told, quiet hours for proactive notices. Channels that report it
 * (Direct Line's `localTimezone`, the widget) win; otherwise it is inferred from what the channel does
 * send: the WhatsApp number's country, or the region or language of Telegram's `language_code`. A
 * country with several zones gets its main one (where most of its customers live).
 *
 * @example customerTimeZone({ channelId: 'whatsapp', conversationId: '4915112345678' }) // { timeZone: 'Europe/Berlin', source: 'phone' }
 */
import { regionOfPhoneId } from './privacy/index.js';

/** Where the zone came from: shown to agents, so an inference is not taken for a fact. */
export type TimeZoneSource = 'reported' | 'phone' | 'language';

export interface CustomerTimeZoneInput {
  readonly channelId?: string;
  /** For WhatsApp, the customer's number (the conversation id). */
  readonly conversationId?: string;
  /** The zone the client reported (Direct Line `localTimezone`); checked, never trusted blindly. */
  readonly reportedTimeZone?: unknown;
  /** The channel's language tag (Telegram `language_code`, e.g. 'pt-br', 'de'). */
  readonly locale?: string;
}

/** The main zone of countries that span several. */
const MAIN_ZONE: Readonly<Record<string, string>> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  EC: 'America/Guayaquil',
  RU: 'Europe/Moscow',
  UA: 'Europe/Kyiv',
  KZ: 'Asia/Almaty',
  CN: 'Asia/Shanghai',
  MN: 'Asia/Ulaanbaatar',
  ID: 'Asia/Jakarta',
  MY: 'Asia/Kuala_Lumpur',
  AU: 'Australia/Sydney',
  NZ: 'Pacific/Auckland',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  DE: 'Europe/Berlin',
  CD: 'Africa/Kinshasa',
};

/** A language's home market, for a bare language tag without a region. 'en' and 'es' span continents: no guess. */
const LANGUAGE_COUNTRY: Readonly<Record<string, string>> = {
  de: 'DE',
  fr: 'FR',
  it: 'IT',
  ja: 'JP',
  ko: 'KR',
  th: 'TH',
  vi: 'VN',
  id: 'ID',
  zh: 'CN',
  ru: 'RU',
  pt: 'BR',
  nl: 'NL',
  pl: 'PL',
  tr: 'TR',
  uk: 'UA',
  he: 'IL',
};

/** The main IANA zone of a country (ISO 3166 alpha-2), or undefined for an unknown code. */
export function countryTimeZone(country: string): string | undefined {
  const code = country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  if (MAIN_ZONE[code]) return MAIN_ZONE[code];
  try {
    // Intl.Locale#getTimeZones (ES2025 Intl Locale Info) is in Node's V8, not yet in TypeScript's lib.
    const locale = new Intl.Locale(`und-${code}`) as Intl.Locale & { getTimeZones?: () => string[] };
    return locale.getTimeZones?.()?.[0];
  } catch {
    return undefined;
  }
}

/** True for a zone this runtime knows (a client may send anything). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The customer's time zone and how it was learned, or undefined when nothing tells it. */
export function customerTimeZone({
  channelId,
  conversationId,
  reportedTimeZone,
  locale,
}: CustomerTimeZoneInput): { timeZone: string; source: TimeZoneSource } | undefined {
  if (isTimeZone(reportedTimeZone)) return { timeZone: reportedTimeZone, source: 'reported' };
  if (channelId?.startsWith('whatsapp')) {
    const country = regionOfPhoneId(conversationId);
    const zone = country ? countryTimeZone(country) : undefined;
    if (zone) return { timeZone: zone, source: 'phone' };
  }
  if (channelId === 'telegram' && locale) {
    const [language, region] = locale.slice(0, 16).toLowerCase().split(/[-_]/);
    const country = region && /^[a-z]{2}$/.test(region) ? region : LANGUAGE_COUNTRY[language ?? ''];
    const zone = country ? countryTimeZone(country) : undefined;
    if (zone) return { timeZone: zone, source: 'language' };
  }
  return undefined;
}
