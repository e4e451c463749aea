/**
 * Language and NLU for every customer message: picks the reply locale (sticky per conversation, so a
 * bare order number or "5" keeps the language the customer has been writing in) and stores the
 * recognizer's result for the gate, the policy and the dialogs (`getRecognition`).
 */
import type { StatePropertyAccessor } from '../turn-kit.js';
import type { Translator } from '../../infra/translator.js';
import { identifyLanguage } from '../../nlu-models/language-id.js';
import { marketFor, type MarketTag } from '../market.js';
import { knownProactiveLocale } from '../proactive-locale.js';
import type { Recognizer } from '../../nlu-models/recognizer.js';
import {
  getCustomerLanguage,
  getLocale,
  isUnservedLanguage,
  setCustomerLanguage,
  setLocale,
  setMarket,
  setRecognition,
  setTranslatedText,
} from '../turn-state.js';
import type { TurnMiddleware } from './compose.js';
import { withoutLetterCodes } from '../../infra/text-codes.js';

/** Letters of any script: a message without them (digits, emoji, punctuation) tells no language. */
const HAS_LETTERS = /\p{L}/u;

export interface LanguageOptions {
  readonly recognizer: Recognizer;
  /** Where the conversation's last language is kept (a ConversationState property). */
  readonly conversationLocale: StatePropertyAccessor<string>;
  /** The language of a conversation that has said nothing telling yet. */
  readonly defaultLocale?: string;
  /** The markets the bot writes for (`MARKETS`, dialogs/market.ts); empty: the languages only. */
  readonly markets?: readonly MarketTag[];
}

/** Sets the turn's locale: detected from the text when it has letters, else the conversation's. */
export function language({ recognizer, conversationLocale, defaultLocale = recognizer.locales[0] ?? 'en', markets = [] }: LanguageOptions): TurnMiddleware {
  return async function languageMiddleware(context, next) {
    // A proactive turn only sends what its caller wrote, in the locale the caller gives: no state read for it.
    const given = knownProactiveLocale(context);
    if (given) {
      setLocale(context, given);
      const market = marketFor(context.activity.locale, given, markets);
      if (market) setMarket(context, market);
      return next();
    }
    const previous = await conversationLocale.get(context);
    const channelLocale = context.activity.locale?.slice(0, 2);
    const text = context.activity.type === 'message' ? (context.activity.text ?? '').trim() : '';
    let locale = previous ?? (channelLocale && recognizer.locales.includes(channelLocale) ? channelLocale : defaultLocale);
    // Order numbers, prices and codes ("A1001", "#12-34") are the same in every language: ignore them.
    if (HAS_LETTERS.test(withoutLetterCodes(text))) locale = recognizer.detectLanguage(text);
    // Any language, not only the bot's: a German complaint must reach a person, not the English FAQ.
    const identified = text ? identifyLanguage(text) : undefined;
    if (identified?.reliable) setCustomerLanguage(context, identified.language);
    setLocale(context, locale);
    const market = marketFor(context.activity.locale, locale, markets);
    if (market) setMarket(context, market);
    if (locale !== previous) await conversationLocale.set(context, locale);
    await next();
  };
}

export interface NluOptions {
  readonly recognizer: Recognizer;
  /**
   * When set, a message in a language the recognizer has no model for is translated into its first
   * locale and read there, so emotion and crisis wording count in every language. A failed
   * translation leaves the original to the recognizer (and the message to a person).
   */
  readonly translator?: Translator;
}

/** Runs the recognizer on message text, in the turn's locale. */
export function understand({ recognizer, translator }: NluOptions): TurnMiddleware {
  return async function nluMiddleware(context, next) {
    const text = context.activity.type === 'message' ? (context.activity.text ?? '').trim() : '';
    if (text) {
      let read = text;
      let locale = getLocale(context);
      if (translator && isUnservedLanguage(context, recognizer.locales)) {
        const to = recognizer.locales[0] ?? 'en';
        const translated = await translator.translate({ text, to, from: getCustomerLanguage(context) }).catch(() => undefined);
        if (translated) {
          setTranslatedText(context, { text: translated.text, to });
          read = translated.text;
          locale = to;
        }
      }
      setRecognition(context, await recognizer.recognize(read, { locale }));
    }
    await next();
  };
}
