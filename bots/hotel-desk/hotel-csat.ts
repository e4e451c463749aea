/**
 * The hotel's satisfaction question after a person resolved the guest's conversation: "How would you rate
 * our help? (1-5)" with five buttons, asked in the proactive turn the handoff runs (`BotParts.beginCsat`).
 * The guest's next message, if it is a rating, goes to the engine (`BotServices.onCsatScore`, which stores
 * it on the ticket) and is thanked for; anything else is handled as a new question, and the rating is
 * not asked again.
 */
import { type BotParts, type BotServices, type ConversationState, parseRating, type StatePropertyAccessor, type TurnContext } from 'baton';
import { type HotelPhrases, phrase, wordsFor } from './phrases.js';

/** Where the question was asked ('handoff' after an agent resolved), as the engine names it. */
type CsatSource = Parameters<BotServices['onCsatScore']>[2]['source'];

/** What the question was about, as the engine passed it, kept until the guest answers. */
interface PendingCsat {
  readonly locale: string;
  readonly source: CsatSource;
  readonly intent?: string;
}

/** What `createHotelCsat` needs. */
export interface HotelCsatOptions {
  readonly conversationState: ConversationState;
  readonly phrases: HotelPhrases;
  readonly onCsatScore: BotServices['onCsatScore'];
}

/** The question (`beginCsat`) and the handler of the answer (`takeAnswer`: true when the message was the answer). */
export function createHotelCsat({ conversationState, phrases, onCsatScore }: HotelCsatOptions): {
  readonly beginCsat: NonNullable<BotParts['beginCsat']>;
  readonly takeAnswer: (context: TurnContext) => Promise<boolean>;
} {
  const pending: StatePropertyAccessor<PendingCsat | undefined> = conversationState.createProperty('hotelCsat');
  return {
    async beginCsat(context, options = {}) {
      const locale = options.locale ?? 'en';
      await pending.set(context, { locale, source: options.source ?? 'handoff', ...(options.intent ? { intent: options.intent } : {}) });
      const ratings = ['1', '2', '3', '4', '5'].map((value) => ({ type: 'imBack', title: value, value }));
      await context.sendActivity({ type: 'message', text: phrase(wordsFor(phrases, locale), 'csatQuestion'), suggestedActions: { to: [], actions: ratings } });
    },
    async takeAnswer(context) {
      const asked = await pending.get(context);
      if (!asked) return false;
      await pending.delete(context);
      const score = parseRating(context.activity.text);
      if (score === undefined) return false;
      await onCsatScore(score, context, { source: asked.source, ...(asked.intent ? { intent: asked.intent } : {}) });
      await context.sendActivity(phrase(wordsFor(phrases, asked.locale), 'csatThanks'));
      return true;
    },
  };
}
