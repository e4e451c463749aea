/**
 * The hotel desk's logic for one turn: greet a new guest; go on with the active dialog (a stop word
 * ends it, a clear FAQ question in between is answered and the dialog's question stands); else start
 * the dialog the intent asks for, answer the FAQ, or say what the bot can do. A request for a person is
 * the escalation policy's (ESCALATION_SETTINGS.humanIntents); a weaker one is passed on here.
 */
import {
  type BotParts,
  type ConversationState,
  DialogSet,
  type DialogState,
  getRecognition,
  isStopCommand,
  markAnsweredFromIntent,
  markNotUnderstood,
  type Recognition,
  requestHuman,
  type TurnContext,
} from 'baton';
import { FAQ_INTENTS, phrase } from './content.js';
import { BOOKING_STATUS, BookingStatusDialog, CANCEL_BOOKING, CancelBookingDialog } from './dialogs/booking-dialogs.js';
import { CHANGE_DATES, ChangeDatesDialog } from './dialogs/change-dates.js';
import { type HotelDeps, wordsOf } from './dialogs/deps.js';
import type { FindBookingOptions } from './dialogs/find-booking.js';

/** What `createHotelBot` needs. */
export interface HotelBotOptions extends HotelDeps {
  readonly conversationState: ConversationState;
  /** NLU score from which a FAQ question inside a dialog is answered rather than taken as the answer. Default 0.85. */
  readonly interruptThreshold?: number;
}

const DIALOG_BY_INTENT: Readonly<Record<string, string>> = {
  booking_status: BOOKING_STATUS,
  change_dates: CHANGE_DATES,
  cancel_booking: CANCEL_BOOKING,
};

const isFaq = (intent: string) => (FAQ_INTENTS as readonly string[]).includes(intent);

/** A question rather than an answer to the dialog's: a few words, no digits (numbers and dates are answers). */
function isQuestionInDialog(recognition: Recognition | undefined, threshold: number): recognition is Recognition {
  if (!recognition || recognition.outOfScope || !isFaq(recognition.intent) || recognition.score < threshold) return false;
  const text = recognition.text.trim();
  return !/\d/.test(text) && (text.split(/\s+/).length >= 3 || /[\u4e00-\u9fff]{4,}/u.test(text));
}

/** Builds the logic and the `endDialogs` the handoff calls when a person takes over. */
export function createHotelBot(options: HotelBotOptions): Pick<BotParts, 'logic' | 'endDialogs'> {
  const { conversationState, interruptThreshold = 0.85 } = options;
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('hotelDialogs'));
  dialogs.add(new BookingStatusDialog(options));
  dialogs.add(new ChangeDatesDialog(options));
  dialogs.add(new CancelBookingDialog(options));

  const answer = async (context: TurnContext, intent: string) => {
    markAnsweredFromIntent(context, intent);
    await context.sendActivity(wordsOf(options, context).answers[intent] ?? '');
  };

  async function onMessage(context: TurnContext): Promise<void> {
    const dc = await dialogs.createContext(context);
    const text = context.activity.text ?? '';
    const recognition = getRecognition(context);
    const words = wordsOf(options, context);
    if (dc.activeDialog) {
      if (isStopCommand(text)) {
        await dc.cancelAllDialogs();
        await context.sendActivity(phrase(words, 'stopped'));
        return;
      }
      if (isQuestionInDialog(recognition, interruptThreshold)) return answer(context, recognition.intent);
      await dc.continueDialog();
      return;
    }
    const intent = recognition && !recognition.outOfScope ? recognition.intent : 'None';
    const dialogId = DIALOG_BY_INTENT[intent];
    if (dialogId) {
      markAnsweredFromIntent(context, intent);
      await dc.beginDialog(dialogId, { text } satisfies FindBookingOptions);
    } else if (isFaq(intent)) {
      await answer(context, intent);
    } else if (intent === 'talk_to_person') {
      requestHuman(context, 'requested_human');
    } else {
      markNotUnderstood(context);
      await context.sendActivity(phrase(words, 'fallback'));
    }
  }

  return {
    async logic(context) {
      if (context.activity.type === 'conversationUpdate') {
        const joined = (context.activity.membersAdded ?? []).some((member) => member.id !== context.activity.recipient?.id);
        if (joined) await context.sendActivity(phrase(wordsOf(options, context), 'greeting'));
        return;
      }
      if (context.activity.type === 'message') await onMessage(context);
    },
    async endDialogs(context) {
      const dc = await dialogs.createContext(context);
      await dc.cancelAllDialogs();
    },
  };
}
