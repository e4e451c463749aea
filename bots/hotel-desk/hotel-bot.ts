/**
 * The hotel desk's logic for one turn: greet a new guest; go on with the active dialog (a stop word
 * ends it, a clear FAQ question in between is answered and the dialog's question stands); else start
 * the dialog the intent asks for (the content's routing), answer from the content (FAQ, greeting), or
 * say what the bot can do (the `None` answer). A confident request for a person (an intent routed to
 * `human`) is the escalation policy's (`BotParts.humanIntents`); a weaker one is passed on here. A rating
 * after an agent resolved goes to the CSAT (hotel-csat.ts).
 */
import {
  type BotContent,
  type BotParts,
  type ConversationState,
  DialogSet,
  type DialogState,
  getLocale,
  getRecognition,
  isStopCommand,
  markAnsweredFromIntent,
  markNotUnderstood,
  type Recognition,
  requestHuman,
  routesOf,
  type TurnContext,
} from 'baton';
import { answerFor, isAnswered } from './content.js';
import { BookingStatusDialog, CancelBookingDialog } from './dialogs/booking-dialogs.js';
import { ChangeDatesDialog } from './dialogs/change-dates.js';
import { type HotelDeps, wordsOf } from './dialogs/deps.js';
import type { FindBookingOptions } from './dialogs/find-booking.js';
import { phrase } from './phrases.js';

/** What `createHotelBot` needs. */
export interface HotelBotOptions extends HotelDeps {
  readonly conversationState: ConversationState;
  /** Answers and routing (content/). */
  readonly content: BotContent;
  /** Takes a rating after an agent resolved; true when the message was one. Default: no CSAT. */
  readonly takeCsatAnswer?: (context: TurnContext) => Promise<boolean>;
  /** NLU score from which a FAQ question inside a dialog is answered rather than taken as the answer. Default 0.85. */
  readonly interruptThreshold?: number;
}

/** A question rather than an answer to the dialog's: a few words, no digits (numbers and dates are answers). */
function isQuestionInDialog(content: BotContent, recognition: Recognition | undefined, threshold: number): recognition is Recognition {
  if (!recognition || recognition.outOfScope || !isAnswered(content, recognition.intent) || recognition.score < threshold) return false;
  const text = recognition.text.trim();
  return !/\d/.test(text) && (text.split(/\s+/).length >= 3 || /[\u4e00-\u9fff]{4,}/u.test(text));
}

/** Builds the logic and the `endDialogs` the handoff calls when a person takes over. */
export function createHotelBot(options: HotelBotOptions): Pick<BotParts, 'logic' | 'endDialogs'> {
  const { conversationState, content, interruptThreshold = 0.85, takeCsatAnswer } = options;
  const routes = routesOf(content.routing);
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('hotelDialogs'));
  dialogs.add(new BookingStatusDialog(options));
  dialogs.add(new ChangeDatesDialog(options));
  dialogs.add(new CancelBookingDialog(options));

  const answer = async (context: TurnContext, intent: string) => {
    markAnsweredFromIntent(context, intent);
    await context.sendActivity(answerFor(content, intent, getLocale(context)) ?? '');
  };

  async function onMessage(context: TurnContext): Promise<void> {
    const dc = await dialogs.createContext(context);
    const text = context.activity.text ?? '';
    const recognition = getRecognition(context);
    const words = wordsOf(options, context);
    if (await takeCsatAnswer?.(context)) return;
    if (dc.activeDialog) {
      if (isStopCommand(text)) {
        await dc.cancelAllDialogs();
        await context.sendActivity(phrase(words, 'stopped'));
        return;
      }
      if (isQuestionInDialog(content, recognition, interruptThreshold)) return answer(context, recognition.intent);
      await dc.continueDialog();
      return;
    }
    const intent = recognition && !recognition.outOfScope ? recognition.intent : 'None';
    const dialog = routes.dialogByIntent[intent];
    if (routes.humanIntents.includes(intent)) {
      requestHuman(context, 'requested_human');
    } else if (dialog) {
      markAnsweredFromIntent(context, intent);
      await dc.beginDialog(dialog, { text } satisfies FindBookingOptions);
    } else if (isAnswered(content, intent)) {
      await answer(context, intent);
    } else {
      markNotUnderstood(context);
      await context.sendActivity(answerFor(content, 'None', getLocale(context)) ?? '');
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
