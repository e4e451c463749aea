/**
 * FAQ: any intent without a dialog gets the shop's canned answer; an intent learned after the bot was built
 * (a new FAQ intent a supervisor accepted) gets its answer from the `learned` lookup; 'None' gets "I didn't
 * quite get that" with the main menu as buttons, so the customer always has a way forward.
 */
import type { TurnContext } from '../turn-kit.js';
import { localeChain } from '../content/locale-tag.js';
import { NONE_INTENT } from '../intents.js';
import type { FaqAnswers } from '../shop-api.js';
import { getLocale, getMarket } from '../turn-state.js';
import { reply } from '../templates/reply.js';
import { markNotUnderstood } from '../turn-state.js';
import { localeOf, mainMenu, withActions } from './common.js';

/** Answers of intents learned after the bot was built: the text for `intent` in `locale`, or undefined (not one). */
export type LearnedAnswer = (intent: string, locale: string) => string | undefined;

/**
 * The bot's own answer to `intent` for this turn's customer: the market's tag, its language, then
 * `defaultLocale` ('zh-TW' → 'zh' → 'en'); undefined when the bot has none (not one of its intents).
 */
export function ownAnswer(context: TurnContext, answers: FaqAnswers, intent: string, defaultLocale = 'en'): string | undefined {
  if (intent === NONE_INTENT) return undefined;
  return answerAlongChain(answers, getMarket(context) ?? getLocale(context), defaultLocale, intent);
}

/** The first answer to `intent` along `localeChain`: per intent, so a tag that words only some intents falls back to its language for the rest. */
function answerAlongChain(answers: FaqAnswers, wanted: string, defaultLocale: string, intent: string): string | undefined {
  for (const locale of localeChain(wanted, defaultLocale)) {
    const text = answers[locale]?.[intent];
    if (typeof text === 'string' && text) return text;
  }
  return undefined;
}

/** The answer text for `intent` in `context`'s locale (falling back as `ownAnswer` does), else a learned one, else 'None''s. */
export function faqAnswer(context: TurnContext, answers: FaqAnswers, intent: string, learned?: LearnedAnswer, defaultLocale = 'en'): string {
  const own = ownAnswer(context, answers, intent, defaultLocale);
  if (own) return own;
  const learnedText = intent === NONE_INTENT ? undefined : learned?.(intent, localeOf(context));
  if (learnedText) return learnedText;
  return answerAlongChain(answers, getMarket(context) ?? getLocale(context), defaultLocale, NONE_INTENT) ?? '';
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
  { askHelpful = false, learned, defaultLocale = 'en' }: { askHelpful?: boolean; learned?: LearnedAnswer; defaultLocale?: string } = {},
): Promise<'answered' | 'asked_helpful' | 'not_understood'> {
  const text = faqAnswer(context, answers, intent, learned, defaultLocale) + suffix;
  const own = ownAnswer(context, answers, intent, defaultLocale) !== undefined;
  const isLearned = !own && intent !== NONE_INTENT && Boolean(learned?.(intent, localeOf(context)));
  if (own || isLearned) {
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
