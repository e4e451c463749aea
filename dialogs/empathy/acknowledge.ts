/**
 * Empathy first: when the customer is upset, the first reply of the turn opens with an acknowledgement.
 * It is done with one `onSendActivities` hook per turn, so every dialog, prompt and FAQ answer gets it
 * without each remembering to, and a turn that sends three messages acknowledges only once.
 */
import { ActivityTypes, type TurnContext } from '../turn-kit.js';
import type { Locale } from '../locale.js';
import { getLocale, getMarket, getRecognition } from '../turn-state.js';
import { detectScenario } from './detect-scenario.js';
import { pickPhrase } from './phrases.js';

// The phrase picker lives beside the phrases (no SDK), so desks and the coach can use it too.
export { pickPhrase };

const ACKNOWLEDGED = Symbol('baton.empathy.acknowledged');

/** Joins an acknowledgement and a reply: a space in English, nothing in Chinese (its punctuation is full-width). */
export function withAcknowledgement(locale: Locale, phrase: string, text: string): string {
  return locale === 'zh' ? `${phrase}${text}` : `${phrase} ${text}`;
}

/** Records that this turn already acknowledged the feeling (e.g. CSAT's own apology), so the hook stays quiet. */
export function markAcknowledged(context: TurnContext): void {
  context.turnState.set(ACKNOWLEDGED, true);
}

/** True once this turn's replies opened with an acknowledgement. */
export function wasAcknowledged(context: TurnContext): boolean {
  return context.turnState.get(ACKNOWLEDGED) === true;
}

/**
 * Installs the hook for this turn: if the NLU read the message as negative, the first outgoing message with
 * text starts with an acknowledgement for the detected scenario. Neutral messages are left alone.
 * Call it once at the start of the turn, before any reply.
 */
export function openWithEmpathy(context: TurnContext, seed: string): void {
  const recognition = getRecognition(context);
  if (!recognition?.emotion.negative) return;
  // The language as it is: a bot's own phrases may cover it (content.empathy); pickPhrase falls back to English.
  const locale = getLocale(context).split('-')[0]?.toLowerCase() || 'en';
  const phrase = pickPhrase(locale, detectScenario(recognition.intent, recognition.text), seed, getMarket(context));
  context.onSendActivities(async (_ctx, activities, next) => {
    if (!wasAcknowledged(context)) {
      const first = activities.find((a) => a.type === ActivityTypes.Message && typeof a.text === 'string' && a.text);
      if (first?.text) {
        first.text = withAcknowledgement(locale, phrase, first.text);
        markAcknowledged(context);
      }
    }
    return next();
  });
}
