/**
 * Change dates: find the booking and check the guest holds it (`find-booking.ts`), ask the new dates
 * until they are readable, in order and not in the past, confirm with Yes / No, and move the booking.
 * The reservation system has the last word (a night sold out, the booking cancelled meanwhile).
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'baton';
import { readStayDates } from '../booking-input.js';
import { phrase, readYesNo } from '../phrases.js';
import type { Reservation, StayDates } from '../reservations.js';
import { AskUntilValidDialog } from './ask-until-valid.js';
import { bookingValues, type HotelDeps, wordsOf, yesNoQuestion } from './deps.js';
import { FIND_BOOKING, FindBookingDialog, type FindBookingOptions } from './find-booking.js';

/** Dialog id; begin with `FindBookingOptions`. */
export const CHANGE_DATES = 'changeDates';
const ASK_DATES = `${CHANGE_DATES}.dates`;
const CONFIRM = `${CHANGE_DATES}.confirm`;
const STEPS = `${CHANGE_DATES}.steps`;

interface Values {
  booking?: Reservation;
  dates?: StayDates;
}

const values = (step: WaterfallStepContext) => step.values as Values;

/** See the module comment. */
export class ChangeDatesDialog extends ComponentDialog {
  readonly #deps: HotelDeps;

  constructor(deps: HotelDeps) {
    super(CHANGE_DATES);
    this.#deps = deps;
    this.addDialog(new FindBookingDialog(deps));
    this.addDialog(
      new AskUntilValidDialog<{ dates: StayDates; nights: number }, Reservation>(ASK_DATES, {
        question: (context, booking) => phrase(wordsOf(deps, context), 'askNewDates', { checkIn: booking.checkIn, checkOut: booking.checkOut }),
        check: (context, answer) => {
          const words = wordsOf(deps, context);
          const reading = readStayDates(answer, deps.today());
          switch (reading.kind) {
            case 'dates':
              return { ok: true, value: reading };
            case 'unreadable':
              return { ok: false, message: phrase(words, 'datesUnreadable') };
            case 'out_of_order':
              return { ok: false, message: phrase(words, 'datesOutOfOrder') };
            case 'in_the_past':
              return { ok: false, message: phrase(words, 'datesInPast') };
            case 'too_long':
              return { ok: false, message: phrase(words, 'datesTooLong', { maxNights: reading.maxNights }) };
          }
        },
        giveUp: (context) => phrase(wordsOf(deps, context), 'tooManyTries'),
      }),
    );
    this.addDialog(new TextPrompt(CONFIRM, async (prompt) => readYesNo(wordsOf(deps, prompt.context), prompt.recognized.value ?? '') !== undefined));
    const steps = [
      (s: WaterfallStepContext) => this.#find(s),
      (s: WaterfallStepContext) => this.#askDates(s),
      (s: WaterfallStepContext) => this.#confirm(s),
      (s: WaterfallStepContext) => this.#act(s),
    ];
    this.addDialog(new WaterfallDialog(STEPS, steps));
    this.initialDialogId = STEPS;
  }

  async #find(step: WaterfallStepContext) {
    return step.beginDialog(FIND_BOOKING, step.options as FindBookingOptions);
  }

  async #askDates(step: WaterfallStepContext) {
    const booking = step.result as Reservation | undefined;
    if (!booking) return step.endDialog();
    if (booking.status === 'cancelled') {
      await step.context.sendActivity(phrase(wordsOf(this.#deps, step.context), 'bookingIsCancelled', { number: booking.number }));
      return step.endDialog();
    }
    values(step).booking = booking;
    return step.beginDialog(ASK_DATES, booking);
  }

  async #confirm(step: WaterfallStepContext) {
    const answer = step.result as { dates: StayDates; nights: number } | undefined;
    const booking = values(step).booking;
    if (!answer || !booking) return step.endDialog();
    values(step).dates = answer.dates;
    const words = wordsOf(this.#deps, step.context);
    const question = phrase(words, 'confirmChange', { number: booking.number, ...answer.dates, nights: answer.nights });
    return step.prompt(CONFIRM, { prompt: yesNoQuestion(words, question), retryPrompt: yesNoQuestion(words, phrase(words, 'answerYesNo')) });
  }

  async #act(step: WaterfallStepContext) {
    const { booking, dates } = values(step);
    if (!booking || !dates) return step.endDialog();
    const words = wordsOf(this.#deps, step.context);
    const number = booking.number;
    if (readYesNo(words, String(step.result)) !== 'yes') {
      await step.context.sendActivity(phrase(words, 'keptAsIs', { number }));
      return step.endDialog();
    }
    const result = await this.#deps.reservations.changeDates(number, dates);
    switch (result.kind) {
      case 'ok':
        await step.context.sendActivity(phrase(words, 'changed', bookingValues(words, result.reservation)));
        break;
      case 'no_availability':
        await step.context.sendActivity(phrase(words, 'noAvailability', { night: result.night }));
        break;
      case 'cancelled':
        await step.context.sendActivity(phrase(words, 'bookingIsCancelled', { number }));
        break;
      case 'not_found':
        await step.context.sendActivity(phrase(words, 'bookingNotFound', { number }));
        break;
    }
    return step.endDialog();
  }
}
