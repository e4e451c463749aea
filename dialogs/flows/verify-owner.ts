/**
 * Proves the customer owns an order before a flow changes it (cancel, address, refund). Passes at once
 * when the conversation holds a live grant for the order or the channel's shop identity owns it; else
 * asks for the order's e-mail or phone and lets the shop compare. A wrong answer is counted for the
 * conversation; the last one allowed ends with a polite refusal and the way to a person. Ends with
 * true when the flow may go on.
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from '../dialog-kit.js';
import { looksLikeContact } from '../contact.js';
import type { OrderService } from '../shop-api.js';
import { reply } from '../templates/reply.js';
import { button, localeOf, withActions } from './common.js';
import type { OrderAccess } from './order-access.js';

/** Dialog id; begin with `VerifyOwnerOptions`. */
export const VERIFY_OWNER = 'verifyOwner';

/** What a flow passes: the canonical order number FIND_ORDER ended with. */
export interface VerifyOwnerOptions {
  readonly number: string;
  /** Internal: set when re-asking after a wrong answer. */
  readonly retryText?: string;
}

const PROMPT = `${VERIFY_OWNER}.contact`;
const STEPS = `${VERIFY_OWNER}.steps`;

/** Checks that the customer owns the order. */
export class VerifyOwnerDialog extends ComponentDialog {
  readonly #orders: OrderService;
  readonly #access: OrderAccess;

  constructor(orders: OrderService, access: OrderAccess) {
    super(VERIFY_OWNER);
    this.#orders = orders;
    this.#access = access;
    this.addDialog(new TextPrompt(PROMPT));
    this.addDialog(new WaterfallDialog(STEPS, [(s) => this.#ask(s), (s) => this.#check(s)]));
    this.initialDialogId = STEPS;
  }

  async #ask(step: WaterfallStepContext) {
    const { number, retryText } = step.options as VerifyOwnerOptions;
    const { context } = step;
    if (!retryText) {
      const found = await this.#orders.find(number, await this.#access.requesterFor(context, number));
      if (found.kind !== 'found') return step.endDialog(false);
      if (await this.#access.mayAct(context, found.order)) return step.endDialog(true);
    }
    if (await this.#access.locked(context)) return this.#refuse(step);
    return step.prompt(PROMPT, { prompt: retryText ?? reply(localeOf(context), 'verifyAsk', { number }) });
  }

  async #check(step: WaterfallStepContext) {
    const { number } = step.options as VerifyOwnerOptions;
    const { context } = step;
    const locale = localeOf(context);
    const answer = String(step.result ?? '');
    // "I don't remember" is not a guess: asked again, not counted against the conversation.
    if (!looksLikeContact(answer)) {
      return step.replaceDialog(STEPS, { number, retryText: reply(locale, 'verifyNotContact') } satisfies VerifyOwnerOptions);
    }
    const requester = await this.#access.requesterFor(context, number);
    const result = await this.#orders.verifyContact(number, answer, requester);
    switch (result.kind) {
      case 'verified':
        await this.#access.grant(context, number, result.customerId, 'order_contact');
        return step.endDialog(true);
      case 'mismatch': {
        const left = await this.#access.fail(context);
        if (left === 0) return this.#refuse(step);
        return step.replaceDialog(STEPS, { number, retryText: reply(locale, 'verifyRetry', { left }) } satisfies VerifyOwnerOptions);
      }
      case 'too_many_attempts':
        return this.#refuse(step);
      case 'not_found':
        return step.endDialog(false);
    }
  }

  async #refuse(step: WaterfallStepContext) {
    const locale = localeOf(step.context);
    await step.context.sendActivity(withActions(reply(locale, 'verifyLocked'), [button(reply(locale, 'actionHuman'))]));
    return step.endDialog(false);
  }
}
