/**
 * Typed accessors for what the pipeline learns during a turn. Middleware writes, later middleware and
 * dialogs read; nobody casts `context.turnState`.
 */
import type { TurnContext } from './turn-kit.js';
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

const HUMAN_REQUEST = Symbol('baton.humanRequest');

/**
 * A dialog decides a person must take over (e.g. a refund above the bot's limit). The escalation
 * policy reads it once the dialogs are done and queues the conversation with reason `dialog`.
 */
export function requestHuman(context: TurnContext, reason: string): void {
  context.turnState.set(HUMAN_REQUEST, { reason });
}

/** The request a dialog made this turn, if any. */
export function getHumanRequest(context: TurnContext): { readonly reason: string } | undefined {
  return context.turnState.get(HUMAN_REQUEST) as { readonly reason: string } | undefined;
}

const NOT_UNDERSTOOD = Symbol('baton.notUnderstood');

/**
 * The bot could not make sense of this message (it fell back to "I didn't quite get that"). A message
 * an active dialog took as its answer (an order number, "yes", an address) is understood, whatever the
 * NLU scored it; only the dialogs know which, so they say so here.
 */
export function markNotUnderstood(context: TurnContext): void {
  context.turnState.set(NOT_UNDERSTOOD, true);
}

/** True when the dialogs fell back this turn. */
export function wasNotUnderstood(context: TurnContext): boolean {
  return context.turnState.get(NOT_UNDERSTOOD) === true;
}

/**
 * Who the customer proved to be, from evidence only the server holds: a Direct Line token the shop's
 * backend generated with the signed-in user's id inside (`source: 'shop_token'`), or a check the
 * dialogs ran themselves (`'order_contact'`: the order's e-mail or phone; `'one_time_code'`). Never
 * read from the activity: anything on it is the client's word.
 */
export interface VerifiedCustomer {
  readonly userId: string;
  readonly source: 'shop_token' | 'order_contact' | 'one_time_code';
  /** The display name the shop's backend bound with the id, when it gave one. */
  readonly name?: string;
}

const VERIFIED_CUSTOMER = Symbol('baton.verifiedCustomer');

/** Set by a channel adapter (or a verification step) when the customer's identity was proven this turn. */
export function setVerifiedCustomer(context: TurnContext, customer: VerifiedCustomer): void {
  context.turnState.set(VERIFIED_CUSTOMER, customer);
}

/** The customer's proven identity this turn, or undefined when nothing proved it. */
export function getVerifiedCustomer(context: TurnContext): VerifiedCustomer | undefined {
  return context.turnState.get(VERIFIED_CUSTOMER) as VerifiedCustomer | undefined;
}

const TYPING = Symbol('baton.typing');

/**
 * A channel that shows "typing…" offers it here for the turn instead of showing it at once; the
 * pipeline starts it only when the bot is the one to answer (`startTyping`), so a customer whose
 * conversation a person holds never sees the bot "typing" and then saying nothing.
 */
export function offerTyping(context: TurnContext, start: () => void): void {
  context.turnState.set(TYPING, start);
}

/** Starts the channel's "typing…" for this turn, when the channel offered one. */
export function startTyping(context: TurnContext): void {
  (context.turnState.get(TYPING) as (() => void) | undefined)?.();
}

const CUSTOMER_LANGUAGE = Symbol('baton.customerLanguage');

/**
 * The language the customer wrote this message in, when it was identified: any language ('de', 'es'),
 * not only the locales the bot answers in (`getLocale`). Set by the language step.
 */
export function setCustomerLanguage(context: TurnContext, language: string): void {
  context.turnState.set(CUSTOMER_LANGUAGE, language);
}

/** The identified language of this message, or undefined when it was too short or ambiguous to tell. */
export function getCustomerLanguage(context: TurnContext): string | undefined {
  return context.turnState.get(CUSTOMER_LANGUAGE) as string | undefined;
}

/** True when this message is in a language the bot has no models for (it cannot answer it itself). */
export function isUnservedLanguage(context: TurnContext, served: readonly string[]): boolean {
  const language = getCustomerLanguage(context);
  return language !== undefined && !served.some((locale) => locale.slice(0, 2) === language.slice(0, 2));
}

const TRANSLATED_TEXT = Symbol('baton.translatedText');

/** The message translated into the bot's own language, when it was written in one the bot has no model for. */
export function setTranslatedText(context: TurnContext, translation: { readonly text: string; readonly to: string }): void {
  context.turnState.set(TRANSLATED_TEXT, translation);
}

/** This message in the bot's language, when a translation was made (emotion and crisis were read on it). */
export function getTranslatedText(context: TurnContext): { readonly text: string; readonly to: string } | undefined {
  return context.turnState.get(TRANSLATED_TEXT) as { readonly text: string; readonly to: string } | undefined;
}

const MARKET = Symbol('baton.market');

/** The market this turn is written for ('zh-TW', 'en-GB'; dialogs/market.ts), when the bot serves it. */
export function setMarket(context: TurnContext, market: string): void {
  context.turnState.set(MARKET, market);
}

/** The market of this turn, or undefined for the language's own wording. */
export function getMarket(context: TurnContext): string | undefined {
  return context.turnState.get(MARKET) as string | undefined;
}

const ANSWERED_INTENT = Symbol('baton.answeredIntent');

/** The dialogs answered this message from the NLU's intent (a FAQ answer or a dialog it started), not from a pending question. */
export function markAnsweredFromIntent(context: TurnContext, intent: string): void {
  context.turnState.set(ANSWERED_INTENT, intent);
}

/** The intent the dialogs answered this message from, or undefined when they answered otherwise. */
export function getAnsweredIntent(context: TurnContext): string | undefined {
  return context.turnState.get(ANSWERED_INTENT) as string | undefined;
}

const TURN_FAILED = Symbol('baton.turnFailed');

/**
 * Marks that the turn failed and the engine's error boundary answered for it (the error is not rethrown),
 * so a channel that claimed the delivery can release it and the platform's redelivery runs again.
 */
export function markTurnFailed(context: TurnContext): void {
  context.turnState.set(TURN_FAILED, true);
}

/** True when the engine's error boundary caught a failure in this turn. */
export function turnFailed(context: TurnContext): boolean {
  return context.turnState.get(TURN_FAILED) === true;
}

const DELIVERY_KEY = Symbol('baton.deliveryKey');

/**
 * Makes this (proactive) turn's sends idempotent at a channel that can key them: whoever starts the turn
 * with a key (an agent's reply sent again, handoff/service/reply-keys.ts) sets it before sending, and a
 * channel whose store takes keyed writes (the web channel's log) writes each send under
 * `takeDeliveryKey`, so the same turn run again writes nothing twice. A digest, never a client's raw key.
 */
export function setDeliveryKey(context: TurnContext, key: string): void {
  context.turnState.set(DELIVERY_KEY, { key, sends: 0 });
}

/**
 * The key of this turn's next send (`<key>|<n>`, n counting the sends of the turn), or undefined when
 * the turn has none. Each call takes the next: a channel calls it once per activity it writes.
 */
export function takeDeliveryKey(context: TurnContext): string | undefined {
  const held = context.turnState.get(DELIVERY_KEY) as { key: string; sends: number } | undefined;
  if (!held) return undefined;
  return `${held.key}|${held.sends++}`;
}
