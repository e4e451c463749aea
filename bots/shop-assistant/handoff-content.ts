/**
 * What the demo shop gives its agents: canned replies by short name, the bot's suggested answer to
 * the customer's last message, and the facts of the order the customer mentioned. Shop content; a
 * shop replaces these with its own.
 */
import type { FaqAnswers, OrderService } from '../../dialogs/shop-api.js';
import { extractOrderNumber } from '../../dialogs/order-number.js';
import { cannedRepliesOf, localeChain } from '../../dialogs/content/index.js';
import type { CannedReply } from '../../handoff/desk-api.js';
import type { Recognizer } from '../../nlu-models/recognizer.js';
import { SHOP_CONTENT } from './content.js';

/** The demo shop's canned replies, in English and Chinese (and zh-TW, en-GB wording), from its content. */
export const SHOP_CANNED_REPLIES: readonly CannedReply[] = cannedRepliesOf(SHOP_CONTENT);

/** The bot's FAQ answer to `text`, when the NLU knows what it is about. */
export function shopSuggestedAnswer(recognizer: Recognizer, answers: FaqAnswers) {
  return async (text: string, locale: string): Promise<string | undefined> => {
    const recognition = await recognizer.recognize(text, { locale });
    if (recognition.outOfScope || recognition.intent === 'None') return undefined;
    // Per intent along the chain: a tag that words only some answers falls back to its language for the rest.
    for (const tag of localeChain(locale, SHOP_CONTENT.defaultLocale)) {
      const text = answers[tag]?.[recognition.intent];
      if (text) return text;
    }
    return undefined;
  };
}

/** The latest order the customer mentioned, as facts an agent reads at a glance. */
export function shopOrderFacts(orders: OrderService) {
  return async (customerTexts: readonly string[]): Promise<Record<string, string>> => {
    for (const text of [...customerTexts].reverse()) {
      const number = extractOrderNumber(text);
      if (!number) continue;
      const found = await orders.find(number, { kind: 'staff', purpose: 'desk_facts' });
      if (found.kind !== 'found') return { order: number, status: 'not found' };
      const { order } = found;
      return {
        order: order.number,
        status: order.status,
        total: `${order.total.toFixed(2)} ${order.currency}`,
        placed: order.placedAt.toISOString().slice(0, 10),
        ...(order.carrier ? { carrier: order.carrier } : {}),
        ...(order.trackingNumber ? { tracking: order.trackingNumber } : {}),
        ...(order.eta ? { eta: order.eta.toISOString().slice(0, 10) } : {}),
      };
    }
    return {};
  };
}
