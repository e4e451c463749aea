/**
 * FAQ: any intent without a dialog gets the shop's canned answer; an intent learned after the bot was built
 * (a new FAQ intent a supervisor accepted) gets its answer from the `learned` lookup; 'None' gets "I didn't
 * quite get that" with the main menu as buttons, so the customer always has a way forward.
 */
import type { TurnContext } from 'botbuilder';
import type { Intent } from '../intents.js';
import { isSupportIntent } from '../intents.js';
import type { FaqAnswers } from '../shop-api.js';
import { reply } from '../templates/reply.js';
import { markNotUnderstood } from '../turn-state.js';
import { localeOf, mainMenu, withActions } from './common.js';

/** Answers of intents learned after the bot was built: the text for `intent` in `locale`, or undefined (not one). */
export type LearnedAnswer = (intent: string, locale: string) => string | undefined;

/** The answer text for `intent` in `context`'s locale, falling back to English, then to the 'None' answer. */
export function faqAnswer(context: TurnContext, answers: FaqAnswers, intent: string, learned?: LearnedAnswer): string {
  const locale = localeOf(context);
  const learnedText = isSupportIntent(intent) || intent === 'None' ? undefined : learned?.(intent, locale);
  if (learnedText) return learnedText;
  const key: Intent = isSupportIntent(intent) ? intent : 'None';
  return answers[locale][key] || answers.en[key] || answers[locale].None;
}

/**
 * Sends the FAQ answer for `intent`; out-of-scope messages also get the main menu as buttons. With
 * `askHelpful`, an answer carries "did this help?" Yes / No buttons and resolves 'asked_helpful' (the
 * caller keeps the question open for the next message).
 */
export async function answerFaq(
  context: TurnContext,
  answers: FaqAnswers,
  intent: string,
  suffix = '',
  { askHelpful = false, learned }: { askHelpful?: boolean; learned?: LearnedAnswer } = {},
): Promise<'answered' | 'asked_helpful' | 'not_understood'> {
  const text = faqAnswer(context, answers, intent, learned) + suffix;
  const isLearned = !isSupportIntent(intent) && intent !== 'None' && Boolean(learned?.(intent, localeOf(context)));
  if (isSupportIntent(intent) || isLearned) {
    if (!askHelpful) {
      await context.sendActivity(text);
      return 'answered';
    }
    const locale = localeOf(context);
    await context.sendActivity(withActions(`${text}\n\n${reply(locale, 'helpfulAsk')}`, [reply(locale, 'yes'), reply(locale, 'no')]));
    return 'asked_helpful';
  } else {
    // The bot had no answer: the handoff counts these turns ("not understood N times in a row").
    markNotUnderstood(context);
    await context.sendActivity(withActions(text, mainMenu(localeOf(context))));
    return 'not_understood';
  }
}
