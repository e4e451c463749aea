/**
 * The two short booking dialogs: the status of a booking, and its cancellation (after a Yes / No). Both
 * first find the booking and check the guest holds it (`find-booking.ts`).
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'baton';
import { phrase, readYesNo } from '../phrases.js';
import type { Reservation } from '../reservations.js';
import { bookingValues, type HotelDeps, wordsOf, yesNoQuestion } from './deps.js';
import { FIND_BOOKING, FindBookingDialog, type FindBookingOptions } from './find-booking.js';

/** Dialog ids; begin with `FindBookingOptions`. */
export const BOOKING_STATUS = 'bookingStatus';
export const CANCEL_BOOKING = 'cancelBooking';

/** Tells the status, room and dates of the guest's booking. */
export class BookingStatusDialog extends ComponentDialog {
  constructor(deps: HotelDeps) {
    super(BOOKING_STATUS);
    this.addDialog(new FindBookingDialog(deps));
    this.addDialog(
      new WaterfallDialog(`${BOOKING_STATUS}.steps`, [
        (step) => step.beginDialog(FIND_BOOKING, step.options as FindBookingOptions),
        async (step) => {
          const booking = step.result as Reservation | undefined;
          if (booking) {
            const words = wordsOf(deps, step.context);
            await step.context.sendActivity(phrase(words, 'bookingStatus', bookingValues(words, booking)));
          }
          return step.endDialog();
        },
      ]),
    );
    this.initialDialogId = `${BOOKING_STATUS}.steps`;
  }
}

/** Cancels the guest's booking after a Yes. */
export class CancelBookingDialog extends ComponentDialog {
  readonly #deps: HotelDeps;

  constructor(deps: HotelDeps) {
    super(CANCEL_BOOKING);
    this.#deps = deps;
    this.addDialog(new FindBookingDialog(deps));
    this.addDialog(
      new TextPrompt(`${CANCEL_BOOKING}.confirm`, async (prompt) => readYesNo(wordsOf(deps, prompt.context), prompt.recognized.value ?? '') !== undefined),
    );
    this.addDialog(
      new WaterfallDialog(`${CANCEL_BOOKING}.steps`, [
        (step) => step.beginDialog(FIND_BOOKING, step.options as FindBookingOptions),
        (step) => this.#confirm(step),
        (step) => this.#act(step),
      ]),
    );
    this.initialDialogId = `${CANCEL_BOOKING}.steps`;
  }

  async #confirm(step: WaterfallStepContext) {
    const booking = step.result as Reservation | undefined;
    if (!booking) return step.endDialog();
    const words = wordsOf(this.#deps, step.context);
    if (booking.status === 'cancelled') {
      await step.context.sendActivity(phrase(words, 'alreadyCancelled', { number: booking.number }));
      return step.endDialog();
    }
    (step.values as { booking?: Reservation }).booking = booking;
    const question = yesNoQuestion(words, phrase(words, 'confirmCancel', bookingValues(words, booking)));
    return step.prompt(`${CANCEL_BOOKING}.confirm`, { prompt: question, retryPrompt: yesNoQuestion(words, phrase(words, 'answerYesNo')) });
  }

  async #act(step: WaterfallStepContext) {
    const booking = (step.values as { booking?: Reservation }).booking;
    if (!booking) return step.endDialog();
    const words = wordsOf(this.#deps, step.context);
    const number = booking.number;
    if (readYesNo(words, String(step.result)) !== 'yes') {
      await step.context.sendActivity(phrase(words, 'keptAsIs', { number }));
      return step.endDialog();
    }
    const result = await this.#deps.reservations.cancel(number);
    const key = result.kind === 'ok' ? 'cancelled' : result.kind === 'already_cancelled' ? 'alreadyCancelled' : 'bookingNotFound';
    await step.context.sendActivity(phrase(words, key, { number }));
    return step.endDialog();
  }
}
