/**
 * Dates and money written the way each locale reads them ("Tue, 24 Nov" / "11月24日 周二", "USD 38.00").
 * Dialogs format values first and hand plain strings to the templates, so templates stay pure text.
 */
import type { Locale } from '../locale.js';

const INTL_LOCALE: Readonly<Record<Locale, string>> = { en: 'en-GB', zh: 'zh-CN' };

/** A delivery date, e.g. "Tuesday 24 November" or "11月24日星期二", in the shop's time zone. */
export function formatDate(locale: Locale, date: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale] ?? locale, { weekday: 'long', month: 'long', day: 'numeric', timeZone }).format(date);
}

/** An amount with its currency code, e.g. "USD 38.00"; the code avoids "$" meaning different dollars. */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  const number = new Intl.NumberFormat(INTL_LOCALE[locale] ?? locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  return `${currency} ${number}`;
}
