/**
 * Reading what guests type: a booking number ("r10482", "booking R 10482", "预订号R10482") and a stay's
 * dates ("2027-03-20 to 2027-03-23", "2027年3月20日到3月23日"). Pure functions, no locale data.
 */
import type { StayDates } from './reservations.js';

/** What a message says about a booking number. */
export type BookingNumberReading = { readonly kind: 'number'; readonly number: string } | { readonly kind: 'malformed' } | { readonly kind: 'none' };

/**
 * The booking number in `text`, normalized to `R` + five digits. A run of 4 to 8 digits that is not
 * five (or an `R` with the wrong count) is `malformed`, so the guest hears what a number looks like.
 */
export function readBookingNumber(text: string): BookingNumberReading {
  const digits = /r\s*(?:-\s*)?(\d+)/i.exec(text)?.[1] ?? /(?<!\d)(\d{3,})(?!\d)/.exec(text)?.[1];
  if (digits === undefined) return { kind: 'none' };
  return digits.length === 5 ? { kind: 'number', number: `R${digits}` } : { kind: 'malformed' };
}

/** What a message says about new dates. */
export type StayDatesReading =
  | { readonly kind: 'dates'; readonly dates: StayDates; readonly nights: number }
  /** Fewer than two calendar dates, or a day that does not exist (2027-02-30). */
  | { readonly kind: 'unreadable' }
  /** Check-out is not after check-in. */
  | { readonly kind: 'out_of_order' }
  /** Check-in is before `today`. */
  | { readonly kind: 'in_the_past' }
  /** More nights than the bot books (`maxNights`). */
  | { readonly kind: 'too_long'; readonly maxNights: number };

// The connector before a date without a year is matched, not looked behind: a lookbehind with `\s*` in it
// re-read a run of spaces from every one of its characters.
const DATE = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(?:[到至~–-]\s*|to\s+|until\s+)(\d{1,2})\s*月\s*(\d{1,2})\s*日?/g;

/**
 * Two dates in `text`: check-in then check-out. The second may leave out the year ("2027年3月20日到3月23日").
 * `today` is an ISO day; stays are at most `maxNights` nights.
 */
export function readStayDates(text: string, today: string, maxNights = 30): StayDatesReading {
  const days: string[] = [];
  for (const match of text.matchAll(DATE)) {
    const year = match[1] ?? days[0]?.slice(0, 4);
    const month = match[2] ?? match[4];
    const day = match[3] ?? match[5];
    if (!year || !month || !day) continue;
    const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
    const parsed = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return { kind: 'unreadable' };
    days.push(iso);
  }
  const [checkIn, checkOut] = days;
  if (!checkIn || !checkOut) return { kind: 'unreadable' };
  if (checkOut <= checkIn) return { kind: 'out_of_order' };
  if (checkIn < today) return { kind: 'in_the_past' };
  const nights = Math.round((Date.parse(checkOut) - Date.parse(checkIn)) / 86_400_000);
  if (nights > maxNights) return { kind: 'too_long', maxNights };
  return { kind: 'dates', dates: { checkIn, checkOut }, nights };
}
