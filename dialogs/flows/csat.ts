/**
 * CSAT: "How would you rate...? 1 to 5" with 1..5 buttons. Accepts "5", "five", "五", "5分", "5 stars";
 * re-asks once on anything else, then lets it go (a customer who does not want to rate is not pressed).
 * The score goes to the `onScore` callback: the handoff calls `beginCsat` after an agent resolves a ticket,
 * and the metrics keep the score.
 */
import type { TurnContext } from '../turn-kit.js';
import { ComponentDialog, TextPrompt, WaterfallDialog, type DialogContext, type WaterfallStepContext } from '../dialog-kit.js';
import { markAcknowledged, pickPhrase, withAcknowledgement } from '../empathy/acknowledge.js';
import { reply } from '../templates/reply.js';
import type { CsatSource } from '../order-care/ports.js';
import { localeOf, withActions } from './common.js';

/** Dialog id of the CSAT question. */
export const CSAT = 'csat';

/** What a CSAT question is about: where it was asked and, outside a handoff, the conversation's intent. */
export interface CsatContext {
  readonly source: CsatSource;
  readonly intent?: string;
}

/** Receives the customer's score, 1 to 5; awaited before the thank-you is sent. */
export type CsatScoreHandler = (score: number, context: TurnContext, about: CsatContext) => Promise<void> | void;

const WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
};

/**
 * The rating in a message, or undefined: a lone 1-5 digit (with "分", "星", "stars", "/5" around it),
 * a number word in English or Chinese, or one to five ⭐.
 *
 * @example parseRating('5分') // 5; parseRating('五星') // 5; parseRating('15') // undefined
 */
export function parseRating(text: string | undefined): number | undefined {
  const t = (text ?? '').normalize('NFKC').trim().toLowerCase();
  const stars = /^(⭐|★){1,5}$/u.exec(t);
  if (stars) return [...t].length;
  const digit = /^(?:i'?d (?:say|give)\s+)?([1-5])(?:\s*(?:分|星|stars?|points?|\/\s*5|out of 5))?[\s.!。！]*$/.exec(t);
  if (digit?.[1]) return Number(digit[1]);
  const word = /^(one|two|three|four|five|一|二|两|三|四|五)(?:\s*(?:分|星|颗星|stars?))?[\s.!。！]*$/.exec(t);
  return word?.[1] ? WORDS[word[1]] : undefined;
}

const PROMPT = `${CSAT}.rating`;

/** Asks for a 1-5 rating, reports it, thanks the customer (with an apology for 1-3). */
export class CsatDialog extends ComponentDialog {
  readonly #onScore: CsatScoreHandler;
  readonly #askComment: ((context: TurnContext, about: CsatContext) => Promise<void>) | undefined;

  /** `askComment`: after a score outside a handoff, invites an optional comment (the bot's pending question). */
  constructor({ onScore, askComment }: { onScore: CsatScoreHandler; askComment?: (context: TurnContext, about: CsatContext) => Promise<void> }) {
    super(CSAT);
    this.#onScore = onScore;
    this.#askComment = askComment;
    // The second unusable answer is accepted so the next step can let the customer go instead of nagging.
    this.addDialog(new TextPrompt(PROMPT, async (p) => parseRating(p.recognized.value) !== undefined || p.attemptCount >= 2));
    this.addDialog(new WaterfallDialog(`${CSAT}.steps`, [(s) => this.#ask(s), (s) => this.#thank(s)]));
    this.initialDialogId = `${CSAT}.steps`;
  }

  async #ask(step: WaterfallStepContext) {
    const about = (step.options ?? {}) as Partial<CsatContext>;
    Object.assign(step.values, { about: { source: about.source ?? 'handoff', ...(about.intent ? { intent: about.intent } : {}) } });
    const locale = localeOf(step.context);
    const buttons = ['1', '2', '3', '4', '5'];
    return step.prompt(PROMPT, {
      prompt: withActions(reply(locale, 'csatAsk'), buttons),
      retryPrompt: withActions(reply(locale, 'csatReask'), buttons),
    });
  }

  async #thank(step: WaterfallStepContext) {
    const locale = localeOf(step.context);
    const score = parseRating(step.result as string);
    if (score === undefined) {
      await step.context.sendActivity(reply(locale, 'csatSkipped'));
      return step.endDialog();
    }
    const about = (step.values as { about?: CsatContext }).about ?? { source: 'handoff' };
    await this.#onScore(score, step.context, about);
    if (score >= 4) {
      await step.context.sendActivity(reply(locale, 'csatThanks', { score }));
    } else {
      const seed = `${step.context.activity.conversation?.id ?? ''}:csat`;
      const text = withAcknowledgement(locale, pickPhrase(locale, 'generic', seed), reply(locale, 'csatSorry', { score }));
      markAcknowledged(step.context);
      await step.context.sendActivity(text);
    }
    if (about.source !== 'handoff') await this.#askComment?.(step.context, about);
    return step.endDialog(score);
  }
}

/** Starts the CSAT question on a dialog stack (e.g. right after an agent resolved the conversation). */
export async function beginCsat(dc: DialogContext, about: CsatContext = { source: 'handoff' }): Promise<void> {
  await dc.beginDialog(CSAT, about);
}
