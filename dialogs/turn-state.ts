/**
 * Typed accessors for what the pipeline learns during a turn. Middleware writes, later middleware and
 * dialogs read; nobody casts `context.turnState`.
 */
import type { TurnContext } from 'botbuilder-core';
import type { Recognition } from '../nlu-models/recognizer.js';

const RECOGNITION = Symbol('baton.recognition');
const LOCALE = Symbol('baton.locale');

/** Stores the NLU result of the current message. */
export function setRecognition(context: TurnContext, recognition: Recognition): void {
  context.turnState.set(RECOGNITION, recognition);
}

/** The NLU result of the current message, or undefined when the message had no text. */
export function getRecognition(context: TurnContext): Recognition | undefined {
  return context.turnState.get(RECOGNITION) as Recognition | undefined;
}

/** Stores the locale replies of this turn are written in. */
export function setLocale(context: TurnContext, locale: string): void {
  context.turnState.set(LOCALE, locale);
}

/** The locale replies of this turn are written in: set by the language middleware, else the activity's, else 'en'. */
export function getLocale(context: TurnContext): string {
  const locale = context.turnState.get(LOCALE) as string | undefined;
  return locale ?? context.activity.locale?.slice(0, 2) ?? 'en';
}
