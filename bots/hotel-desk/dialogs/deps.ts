/** What the hotel dialogs share: the reservation system, the dialog phrases, and today's date. */
import { getLocale, type TurnContext } from 'baton';
import { type HotelPhrases, type LocalePhrases, phrase, wordsFor } from '../phrases.js';
import type { Reservation, Reservations } from '../reservations.js';

export interface HotelDeps {
  readonly reservations: Reservations;
  readonly phrases: HotelPhrases;
  /** Today in the hotel's time zone, as an ISO day (`2027-03-14`). */
  readonly today: () => string;
}

/** The words of this turn's locale. */
export function wordsOf(deps: HotelDeps, context: TurnContext): LocalePhrases {
  return wordsFor(deps.phrases, getLocale(context));
}

/** A message with Yes / No buttons, in this turn's locale. */
export function yesNoQuestion(words: LocalePhrases, text: string) {
  const yes = phrase(words, 'yes');
  const no = phrase(words, 'no');
  return {
    type: 'message',
    text,
    suggestedActions: {
      to: [],
      actions: [
        { type: 'imBack', title: yes, value: yes },
        { type: 'imBack', title: no, value: no },
      ],
    },
  };
}

/** The values a booking's phrases use: number, room, dates, nights, status. */
export function bookingValues(words: LocalePhrases, booking: Reservation): Record<string, string | number> {
  const nights = Math.round((Date.parse(booking.checkOut) - Date.parse(booking.checkIn)) / 86_400_000);
  return {
    number: booking.number,
    room: phrase(words, `room.${booking.roomType}`),
    checkIn: booking.checkIn,
    checkOut: booking.checkOut,
    nights,
    status: phrase(words, `status.${booking.status}`),
  };
}
