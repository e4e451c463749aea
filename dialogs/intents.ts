/**
 * Intents are open strings: a bot's intents come from its content (dialogs/content/) and its NLU model,
 * not from a list compiled into the engine. 'None' is the one the engine knows: nothing was understood.
 */

/** An intent name as the recognizer returns it, e.g. 'track_order'; 'None' when out of scope. */
export type Intent = string;

/** The intent of a message nothing was understood in. */
export const NONE_INTENT = 'None';

/**
 * The demo shop model's intents (the 27 Bitext customer-service intents), for code that needs that
 * model's list; the engine itself does not.
 */
export { BITEXT_INTENTS as SUPPORT_INTENTS } from '../nlu-models/bitext-intents.js';
