/**
 * Which dialog an intent starts, and the interruption rule for a message that arrives while a dialog waits
 * for an answer.
 *
 * The rule, in order:
 * 1. The whole message is a stop word ("cancel", "stop", "取消"): end the dialog politely.
 * 2. The message looks like an answer (an order number, yes/no, a 1-5 rating, an e-mail address or phone
 *    number): it is one; continue.
 * 3. A wish for a recommendation ("Recommend a product") outside the SPIN dialog switches to it.
 * 4. The NLU is sure (score >= threshold, default 0.8) of an intent that is not the active dialog's own:
 *    - a dialog intent (e.g. get_refund while tracking) or a request for a person: switch to it;
 *    - any other intent (a FAQ, e.g. payment methods while asked for an order number): answer it, then
 *      ask the pending question again; except in dialogs that wait for free text (SPIN answers, an
 *      address, a refund reason, a rating), where free text is easily misread as a FAQ intent, so it is
 *      taken as the answer.
 * 5. Anything else continues the dialog (the prompt re-asks when the answer is unusable).
 */
import type { Recognition } from '../../nlu-models/recognizer.js';
import { looksLikeContact } from '../contact.js';
import { extractOrderNumber } from '../order-number.js';
import { CANCEL_ORDER } from './cancel-order.js';
import { CHANGE_ADDRESS } from './change-address.js';
import { isStopCommand, parseYesNo } from './common.js';
import { CSAT, parseRating } from './csat.js';
import { REFUND_STATUS, REQUEST_REFUND } from './refund.js';
import { SPIN_PRESALES } from './spin-presales.js';
import { TRACK_ORDER } from './track-order.js';

/** The dialog each intent starts by default (the shop model's intents); intents not listed are answered from the FAQ. */
export const DIALOG_BY_INTENT: Readonly<Record<string, string>> = {
  track_order: TRACK_ORDER,
  cancel_order: CANCEL_ORDER,
  get_refund: REQUEST_REFUND,
  track_refund: REFUND_STATUS,
  change_shipping_address: CHANGE_ADDRESS,
  place_order: SPIN_PRESALES,
};

/** Intents that belong to a dialog, so they never interrupt it ("my refund" while asked a refund reason). */
const OWN_INTENTS: Readonly<Record<string, readonly string[]>> = {
  [TRACK_ORDER]: ['track_order'],
  [CANCEL_ORDER]: ['cancel_order', 'check_cancellation_fee'],
  [REQUEST_REFUND]: ['get_refund', 'track_refund', 'check_refund_policy'],
  [REFUND_STATUS]: ['track_refund', 'get_refund'],
  [CHANGE_ADDRESS]: ['change_shipping_address', 'set_up_shipping_address'],
  [SPIN_PRESALES]: ['place_order'],
  [CSAT]: ['review'],
};

const FREE_TEXT_DIALOGS = new Set([SPIN_PRESALES, CHANGE_ADDRESS, REQUEST_REFUND, CSAT]);

/** Requests for a person end any dialog: the handoff takes the conversation from there. */
export const HUMAN_INTENTS: readonly string[] = ['contact_human_agent', 'contact_customer_service'];

/** Where intents go: a bot's routing (content.routing), in the shape the rule reads. */
export interface Routes {
  /** Intents that start a dialog, each with the dialog's id. */
  readonly dialogByIntent: Readonly<Record<string, string>>;
  /** Intents routed to `human`: the customer asks for a person. */
  readonly humanIntents: readonly string[];
}

/** The routes used when a bot brings no routing: the demo model's intents. */
export const DEFAULT_ROUTES: Routes = { dialogByIntent: DIALOG_BY_INTENT, humanIntents: HUMAN_INTENTS };

/**
 * Routes from a bot's content: `{ track_order: 'trackOrder', contact_human_agent: 'human', faq: 'answer' }`
 * splits into the intents that start a dialog and those that ask for a person; an intent routed to
 * `answer`, or not routed, is in neither (answered from the content). One reading of the routing for the
 * engine and for a bot's own logic.
 * @example routesOf(content.routing).dialogByIntent.track_order // 'trackOrder'
 * @example routesOf(content.routing).humanIntents // ['contact_human_agent']
 */
export function routesOf(routing: Readonly<Record<string, string>>): Routes {
  const entries = Object.entries(routing);
  return {
    dialogByIntent: Object.fromEntries(entries.filter(([, to]) => to !== 'human' && to !== 'answer')),
    humanIntents: entries.filter(([, to]) => to === 'human').map(([intent]) => intent),
  };
}

/** The intent that starts the SPIN dialog, for the "Recommend a product" button. */
function recommendIntent(routes: Routes): string {
  return Object.entries(routes.dialogByIntent).find(([, dialog]) => dialog === SPIN_PRESALES)?.[0] ?? 'place_order';
}

/** "Recommend me a product" has no intent of its own among the 27; these words start the SPIN dialog. */
export function wantsRecommendation(text: string): boolean {
  return /\b(recommend|suggest|what should i (buy|get)|help me (choose|pick))\b|推荐|帮我选|买什么好|选哪个/i.test(text);
}

/** What to do with a message that arrives while `activeDialogId` waits. */
export type Interruption =
  | { readonly kind: 'continue' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'switch'; readonly intent: string }
  | { readonly kind: 'answer'; readonly intent: string };

/** Applies the rule above. */
export function classifyInterruption(
  activeDialogId: string,
  text: string,
  recognition: Recognition | undefined,
  threshold = 0.8,
  routes: Routes = DEFAULT_ROUTES,
): Interruption {
  if (isStopCommand(text)) return { kind: 'stop' };
  if (extractOrderNumber(text) || parseYesNo(text) !== undefined || parseRating(text) !== undefined || looksLikeContact(text)) {
    return { kind: 'continue' };
  }
  // The "Recommend a product" button has no intent of its own, so the NLU may not be sure of it.
  if (activeDialogId !== SPIN_PRESALES && wantsRecommendation(text)) return { kind: 'switch', intent: recommendIntent(routes) };
  if (!recognition || recognition.outOfScope || recognition.intent === 'None' || recognition.score < threshold) {
    return { kind: 'continue' };
  }
  const { intent } = recognition;
  if (OWN_INTENTS[activeDialogId]?.includes(intent) || routes.dialogByIntent[intent] === activeDialogId) return { kind: 'continue' };
  if (routes.dialogByIntent[intent] || routes.humanIntents.includes(intent)) return { kind: 'switch', intent };
  if (FREE_TEXT_DIALOGS.has(activeDialogId)) return { kind: 'continue' };
  return { kind: 'answer', intent };
}
