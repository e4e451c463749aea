/**
 * Language and NLU for every customer message: picks the reply locale (sticky per conversation, so a
 * bare order number or "5" keeps the language the customer has been writing in) and stores the
 * recognizer's result for the gate, the policy and the dialogs (`getRecognition`).
 */
import type { StatePropertyAccessor } from 'botbuilder-core';
import type { Recognizer } from '../../nlu-models/recognizer.js';
import { getLocale, setLocale, setRecognition } from '../turn-state.js';
import type { TurnMiddleware } from './compose.js';

/** Letters of any script: a message without them (digits, emoji, punctuation) tells no language. */
const HAS_LETTERS = /\p{L}/u;
/** Order numbers, prices and codes ("A1001", "#12-34") are the same in every language: ignore them. */
const CODES = /[A-Za-z#]*\d[\w-]*/g;

export interface LanguageOptions {
  readonly recognizer: Recognizer;
  /** Where the conversation's last language is kept (a ConversationState property). */
  readonly conversationLocale: StatePropertyAccessor<string>;
  /** The language of a conversation that has said nothing telling yet. */
  readonly defaultLocale?: string;
}

/** Sets the turn's locale: detected from the text when it has letters, else the conversation's. */
export function language({ recognizer, conversationLocale, defaultLocale = recognizer.locales[0] ?? 'en' }: LanguageOptions): TurnMiddleware {
  return async function languageMiddleware(context, next) {
    const previous = await conversationLocale.get(context);
    const channelLocale = context.activity.locale?.slice(0, 2);
    const text = context.activity.type === 'message' ? (context.activity.text ?? '').trim() : '';
    let locale = previous ?? (channelLocale && recognizer.locales.includes(channelLocale) ? channelLocale : defaultLocale);
    if (HAS_LETTERS.test(text.replace(CODES, ''))) locale = recognizer.detectLanguage(text);
    setLocale(context, locale);
    if (locale !== previous) await conversationLocale.set(context, locale);
    await next();
  };
}

export interface NluOptions {
  readonly recognizer: Recognizer;
}

/** Runs the recognizer on message text, in the turn's locale. */
export function understand({ recognizer }: NluOptions): TurnMiddleware {
  return async function nluMiddleware(context, next) {
    const text = context.activity.type === 'message' ? (context.activity.text ?? '').trim() : '';
    if (text) {
      setRecognition(context, await recognizer.recognize(text, { locale: getLocale(context) }));
    }
    await next();
  };
}
