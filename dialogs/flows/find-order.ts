/**
 * Gets a valid order number from the customer: takes it from the message that started the flow when there
 * is one, else asks; re-asks once with a hint when the number is missing or unknown, then gives up politely
 * and offers a person. Ends with the canonical order number, or undefined when it gave up.
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from '../dialog-kit.js';
import { extractOrderNumber } from '../order-number.js';
import type { OrderService } from '../shop-api.js';
import type { OrderAccess } from './order-access.js';
import { reply } from '../templates/reply.js';
import { button, localeOf, withActions } from './common.js';

/** Dialog id of the order-number step every order flow begins with. */
export const FIND_ORDER = 'findOrder';

/** What a flow passes when it begins `FIND_ORDER`. */
export interface FindOrderOptions {
  /** The customer's message that started the flow; an order number in it is used without asking. */
  readonly text?: string;
}

/** Internal: carried through `replaceDialog` to re-ask once. */
interface AttemptOptions extends FindOrderOptions {
  readonly attempt?: number;
  readonly retryText?: string;
}

const PROMPT = 'findOrder.text';
const STEPS = 'findOrder.steps';

/** Asks for and checks an order number. */
export class FindOrderDialog extends ComponentDialog {
  readonly #orders: OrderService;
  readonly #access: OrderAccess;

  constructor({ orders, access }: { readonly orders: OrderService; readonly access: OrderAccess }) {
    super(FIND_ORDER);
    this.#orders = orders;
    this.#access = access;
    this.addDialog(new TextPrompt(PROMPT));
    this.addDialog(new WaterfallDialog(STEPS, [(s) => this.#ask(s), (s) => this.#lookup(s)]));
    this.initialDialogId = STEPS;
  }

  async #ask(step: WaterfallStepContext) {
    const options = (step.options ?? {}) as AttemptOptions;
    const inMessage = options.text ? extractOrderNumber(options.text) : undefined;
    if (inMessage) return step.next(inMessage);
    const text = options.retryText ?? reply(localeOf(step.context), 'askOrderNumber');
    return step.prompt(PROMPT, { prompt: text });
  }

  async #lookup(step: WaterfallStepContext) {
    const locale = localeOf(step.context);
    const attempt = ((step.options ?? {}) as AttemptOptions).attempt ?? 0;
    const number = extractOrderNumber(String(step.result ?? ''));
    const found = number ? await this.#orders.find(number, await this.#access.requesterFor(step.context, number)) : undefined;
    if (found?.kind === 'found') return step.endDialog(found.order.number);
    if (attempt === 0) {
      const retryText = number ? reply(locale, 'orderNotFoundRetry', { number }) : reply(locale, 'orderNumberMissingRetry');
      return step.replaceDialog(STEPS, { attempt: 1, retryText } satisfies AttemptOptions);
    }
    const final = reply(locale, 'orderNotFoundFinal', { number: number ?? '' });
    await step.context.sendActivity(withActions(final, [button(reply(locale, 'actionHuman'))]));
    return step.endDialog(undefined);
  }
}
