/**
 * FAQ: any intent without a dialog gets the shop's canned answer; 'None' gets "I didn't quite get that"
 * with the main menu as buttons, so the customer always has a way forward.
 */
import type { TurnContext } from 'botbuilder';
import type { Intent } from '../intents.js';
import { isSupportIntent } from '../intents.js';
import type { FaqAnswers } from '../shop-api.js';
import { markNotUnderstood } from '../turn-state.js';
import { localeOf, mainMenu, withActions } from './common.js';

/** The answer text for `intent` in `context`'s locale, falling back to English, then to the 'None' answer. */
export function faqAnswer(context: TurnContext, answers: FaqAnswers, intent: string): string {
  const key: Intent = isSupportIntent(intent) ? intent : 'None';
  const locale = localeOf(context);
  return answers[locale][key] || answers.en[key] || answers[locale].None;
}

/** Sends the FAQ answer for `intent`; out-of-scope messages also get the main menu as buttons. */
export async function answerFaq(context: TurnContext, answers: FaqAnswers, intent: string, suffix = ''): Promise<void> {
  const text = faqAnswer(context, answers, intent) + suffix;
  if (isSupportIntent(intent)) {
    await context.sendActivity(text);
  } else {
    // The bot had no answer: the handoff counts these turns ("not understood N times in a row").
    markNotUnderstood(context);
    await context.sendActivity(withActions(text, mainMenu(localeOf(context))));
  }
}
