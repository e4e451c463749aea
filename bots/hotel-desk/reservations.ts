/**
 * The hotel's reservation system, as the bot sees it: look a booking up, move its dates, cancel it.
 * A real hotel implements this over its property-management system; `demo-reservations.ts` keeps a few
 * bookings in memory. Every result is a typed union, so the dialogs branch on `kind`, never on a message.
 */

/** A room booking. Dates are ISO calendar days (`2027-03-14`) in the hotel's time zone. */
export interface Reservation {
  /** The booking number guests see in their confirmation e-mail: `R` and five digits, e.g. `R10482`. */
  readonly number: string;
  /** The surnames that prove a guest holds the booking (the booker's, in Latin letters and, when given, in Chinese). */
  readonly surnames: readonly string[];
  readonly roomType: 'double' | 'twin' | 'suite';
  readonly checkIn: string;
  readonly checkOut: string;
  readonly status: 'confirmed' | 'cancelled';
}

/** New dates for a stay: the night of `checkIn` up to the morning of `checkOut`. */
export interface StayDates {
  readonly checkIn: string;
  readonly checkOut: string;
}

/** What a change of dates came to. */
export type ChangeDatesResult =
  | { readonly kind: 'ok'; readonly reservation: Reservation }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'cancelled' }
  /** A night of the new stay is sold out: `night` is the first such day. */
  | { readonly kind: 'no_availability'; readonly night: string };

/** What a cancellation came to. */
export type CancelResult = { readonly kind: 'ok'; readonly reservation: Reservation } | { readonly kind: 'not_found' } | { readonly kind: 'already_cancelled' };

/** The port the hotel desk bot needs. Calls may reject when the system is down; the engine apologizes then. */
export interface Reservations {
  /** The booking with this number (already normalized: `R10482`), or undefined. */
  lookup(number: string): Promise<Reservation | undefined>;
  /** Moves a confirmed booking to new dates (validated by the caller: check-out after check-in). */
  changeDates(number: string, dates: StayDates): Promise<ChangeDatesResult>;
  cancel(number: string): Promise<CancelResult>;
}
