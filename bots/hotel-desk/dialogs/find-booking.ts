/**
 * Finds the guest's booking and checks they hold it: the booking number (taken from the first message
 * when it carries one, else asked), then the surname on the booking. A malformed or unknown number and a
 * wrong surname each get a clear message; three bad answers pass the guest to the front desk.
 * Ends with the `Reservation`, or `undefined` when a person takes over.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'baton';
import { readBookingNumber } from '../booking-input.js';
import { phrase } from '../phrases.js';
import type { Reservation } from '../reservations.js';
import { AskUntilValidDialog, type Checked } from './ask-until-valid.js';
import { type HotelDeps, wordsOf } from './deps.js';

/** Dialog id; begin with `FindBookingOptions`. */
export const FIND_BOOKING = 'hotel.findBooking';
const ASK_NUMBER = `${FIND_BOOKING}.number`;
const ASK_SURNAME = `${FIND_BOOKING}.surname`;
const STEPS = `${FIND_BOOKING}.steps`;

export interface FindBookingOptions {
  /** The message that started the dialog ("cancel booking R10482"). */
  readonly text: string;
}

const sameName = (a: string, b: string) => a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'base' }) === 0;

/** See the module comment. */
export class FindBookingDialog extends ComponentDialog {
  readonly #deps: HotelDeps;

  constructor(deps: HotelDeps) {
    super(FIND_BOOKING);
    this.#deps = deps;
    const giveUp = (context: Parameters<typeof wordsOf>[1]) => phrase(wordsOf(deps, context), 'tooManyTries');
    this.addDialog(
      new AskUntilValidDialog<Reservation, undefined>(ASK_NUMBER, {
        question: (context) => phrase(wordsOf(deps, context), 'askBookingNumber'),
        check: (context, answer) => this.#checkNumber(context, answer),
        giveUp,
      }),
    );
    this.addDialog(
      new AskUntilValidDialog<Reservation, Reservation>(ASK_SURNAME, {
        question: (context, booking) => phrase(wordsOf(deps, context), 'askSurname', { number: booking.number }),
        check: (context, answer, booking) =>
          booking.surnames.some((surname) => sameName(surname, answer))
            ? { ok: true, value: booking }
            : { ok: false, message: phrase(wordsOf(deps, context), 'surnameMismatch', { number: booking.number }) },
        giveUp,
      }),
    );
    this.addDialog(new WaterfallDialog(STEPS, [(step) => this.#number(step), (step) => this.#surname(step), (step) => step.endDialog(step.result)]));
    this.initialDialogId = STEPS;
  }

  async #checkNumber(context: Parameters<typeof wordsOf>[1], answer: string): Promise<Checked<Reservation>> {
    const words = wordsOf(this.#deps, context);
    const reading = readBookingNumber(answer);
    if (reading.kind !== 'number') return { ok: false, message: phrase(words, 'bookingNumberMalformed', { text: answer.trim().slice(0, 40) }) };
    const booking = await this.#deps.reservations.lookup(reading.number);
    return booking ? { ok: true, value: booking } : { ok: false, message: phrase(words, 'bookingNotFound', { number: reading.number }) };
  }

  /** A number in the first message is checked at once (an unknown one is said so); else it is asked. */
  async #number(step: WaterfallStepContext) {
    const { text } = step.options as FindBookingOptions;
    if (readBookingNumber(text).kind === 'number') {
      const checked = await this.#checkNumber(step.context, text);
      if (checked.ok) return step.next(checked.value);
      await step.context.sendActivity(checked.message);
    }
    return step.beginDialog(ASK_NUMBER);
  }

  async #surname(step: WaterfallStepContext) {
    const booking = step.result as Reservation | undefined;
    if (!booking) return step.endDialog(undefined);
    return step.beginDialog(ASK_SURNAME, booking);
  }
}
