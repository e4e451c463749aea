/**
 * A demo reservation system in memory: five bookings, and New Year's Eve sold out so a change of dates
 * can fail the way a real one does. Each call to `createDemoReservations` starts from the same bookings.
 */
import type { CancelResult, ChangeDatesResult, Reservation, Reservations, StayDates } from './reservations.js';

/** The demo bookings (README and the demo page name them). */
export const DEMO_BOOKINGS: readonly Reservation[] = [
  { number: 'R10482', surnames: ['Smith'], roomType: 'double', checkIn: '2027-03-14', checkOut: '2027-03-17', status: 'confirmed' },
  { number: 'R20391', surnames: ['Wang', '王'], roomType: 'twin', checkIn: '2027-04-02', checkOut: '2027-04-05', status: 'confirmed' },
  { number: 'R33710', surnames: ['Garcia'], roomType: 'suite', checkIn: '2027-05-20', checkOut: '2027-05-22', status: 'confirmed' },
  { number: 'R40217', surnames: ['Li', '李'], roomType: 'double', checkIn: '2027-06-01', checkOut: '2027-06-04', status: 'confirmed' },
  { number: 'R55120', surnames: ['Müller', 'Mueller'], roomType: 'twin', checkIn: '2027-02-10', checkOut: '2027-02-12', status: 'cancelled' },
];

/** Days (month-day) on which the demo hotel has no room left. */
const SOLD_OUT = ['12-31'];

/** Every night of a stay: check-in day up to, not including, check-out day. */
export function nightsOf(dates: StayDates): string[] {
  const nights: string[] = [];
  for (let day = new Date(`${dates.checkIn}T00:00:00Z`); day.toISOString().slice(0, 10) < dates.checkOut; day.setUTCDate(day.getUTCDate() + 1)) {
    nights.push(day.toISOString().slice(0, 10));
  }
  return nights;
}

/** Creates the demo reservation system. */
export function createDemoReservations(bookings: readonly Reservation[] = DEMO_BOOKINGS): Reservations {
  const byNumber = new Map(bookings.map((booking) => [booking.number, booking]));
  return {
    async lookup(number) {
      return byNumber.get(number);
    },
    async changeDates(number, dates): Promise<ChangeDatesResult> {
      const booking = byNumber.get(number);
      if (!booking) return { kind: 'not_found' };
      if (booking.status === 'cancelled') return { kind: 'cancelled' };
      const soldOut = nightsOf(dates).find((night) => SOLD_OUT.includes(night.slice(5)));
      if (soldOut) return { kind: 'no_availability', night: soldOut };
      const changed = { ...booking, checkIn: dates.checkIn, checkOut: dates.checkOut };
      byNumber.set(number, changed);
      return { kind: 'ok', reservation: changed };
    },
    async cancel(number): Promise<CancelResult> {
      const booking = byNumber.get(number);
      if (!booking) return { kind: 'not_found' };
      if (booking.status === 'cancelled') return { kind: 'already_cancelled' };
      const cancelled = { ...booking, status: 'cancelled' as const };
      byNumber.set(number, cancelled);
      return { kind: 'ok', reservation: cancelled };
    },
  };
}
