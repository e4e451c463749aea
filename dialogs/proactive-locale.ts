/**
 * A proactive turn whose caller already knows the conversation's locale. The handoff tells customers
 * things written before the turn starts (an agent joined, a queue update), in the locale it read from the
 * conversation's facts; the language middleware then takes that locale as is instead of loading the
 * conversation state for it, which was a Redis round trip and a state decode on every such message.
 * It travels with the call (AsyncLocalStorage), so no channel's `continueConversation` signature changes.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ActivityEventNames, ActivityTypes, type TurnContext } from './turn-kit.js';

const known = new AsyncLocalStorage<string | undefined>();

/**
 * Runs `work` (which starts a proactive turn) with the conversation's locale known; with none, with no
 * locale known (an outer one is not inherited), so the turn reads its conversation's state as any other.
 * @example await withKnownLocale(facts.locale, () => channel.continueConversation(reference, send));
 */
export function withKnownLocale<T>(locale: string | undefined, work: () => Promise<T>): Promise<T> {
  return known.run(locale || undefined, work);
}

/** The locale the caller of this proactive turn gave; undefined for any other turn (customer turns included). */
export function knownProactiveLocale(context: TurnContext): string | undefined {
  const { type, name } = context.activity;
  return type === ActivityTypes.Event && name === ActivityEventNames.ContinueConversation ? known.getStore() : undefined;
}
