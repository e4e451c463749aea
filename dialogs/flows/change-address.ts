/**
 * Change shipping address: order number, refused at once if the order already shipped or was cancelled,
 * else proof that the customer owns the order (`verify-owner.ts`), the new address, a Yes/No confirmation showing it back, and the change.
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from '../dialog-kit.js';
import { reply } from '../templates/reply.js';
import { button, localeOf, stepValues, parseYesNo, withActions, yesNo, yesNoValidator, type FlowDeps } from './common.js';

import { FIND_ORDER, FindOrderDialog, type FindOrderOptions } from './find-order.js';
import { VERIFY_OWNER, VerifyOwnerDialog, type VerifyOwnerOptions } from './verify-owner.js';

interface Values {
  number: string;
  address: string;
}

/** Dialog id; begin with `FindOrderOptions` (the customer's message). */
export const CHANGE_ADDRESS = 'changeAddress';

const ADDRESS = `${CHANGE_ADDRESS}.address`;
const CONFIRM = `${CHANGE_ADDRESS}.confirm`;
type Step = WaterfallStepContext;

/** Changes where an unshipped order goes. */
export class ChangeAddressDialog extends ComponentDialog {
  readonly #deps: FlowDeps;

  constructor(deps: FlowDeps) {
    super(CHANGE_ADDRESS);
    this.#deps = deps;
    this.addDialog(new FindOrderDialog(deps));
    this.addDialog(new VerifyOwnerDialog(deps.orders, deps.access));
    // An address shorter than this is a slip ("ok", "12"), not somewhere a parcel can go.
    this.addDialog(new TextPrompt(ADDRESS, async (p) => p.recognized.succeeded && (p.recognized.value ?? '').trim().length >= 6));
    this.addDialog(new TextPrompt(CONFIRM, yesNoValidator));
    this.addDialog(
      new WaterfallDialog(`${CHANGE_ADDRESS}.steps`, [
        (s: Step) => s.beginDialog(FIND_ORDER, s.options as FindOrderOptions),
        (s: Step) => this.#verify(s),
        (s: Step) => this.#askAddress(s),
        (s: Step) => this.#confirm(s),
        (s: Step) => this.#act(s),
      ]),
    );
    this.initialDialogId = `${CHANGE_ADDRESS}.steps`;
  }

  /** Says at once when the address can no longer change; else checks the customer owns the order. */
  async #verify(step: Step) {
    const number = step.result as string | undefined;
    if (!number) return step.endDialog();
    const found = await this.#deps.orders.find(number, await this.#deps.access.requesterFor(step.context, number));
    if (found.kind !== 'found') return step.endDialog();
    const locale = localeOf(step.context);
    const { order } = found;
    if (order.status === 'cancelled') {
      await step.context.sendActivity(reply(locale, 'addressCancelled', { number }));
      return step.endDialog();
    }
    if (order.status !== 'processing') {
      const text = reply(locale, 'addressShipped', { number, carrier: order.carrier ?? '' });
      await step.context.sendActivity(withActions(text, [button(reply(locale, 'actionHuman'))]));
      return step.endDialog();
    }
    stepValues<Values>(step).number = number;
    return step.beginDialog(VERIFY_OWNER, { number } satisfies VerifyOwnerOptions);
  }

  async #askAddress(step: Step) {
    if (step.result !== true) return step.endDialog();
    const ask = reply(localeOf(step.context), 'addressAsk');
    return step.prompt(ADDRESS, { prompt: ask, retryPrompt: ask });
  }

  async #confirm(step: Step) {
    const locale = localeOf(step.context);
    const address = String(step.result).trim();
    stepValues<Values>(step).address = address;
    const question = reply(locale, 'addressConfirm', { number: stepValues<Values>(step).number ?? '', address });
    return step.prompt(CONFIRM, { prompt: yesNo(locale, question), retryPrompt: yesNo(locale, reply(locale, 'yesNoReask')) });
  }

  async #act(step: Step) {
    const locale = localeOf(step.context);
    const number = stepValues<Values>(step).number ?? '';
    if (!parseYesNo(step.result as string)) {
      await step.context.sendActivity(reply(locale, 'addressKept', { number }));
      return step.endDialog();
    }
    const requester = await this.#deps.access.requesterFor(step.context, number);
    const result = await this.#deps.orders.changeAddress(number, { text: stepValues<Values>(step).address ?? '' }, requester);
    const text = {
      ok: () => reply(locale, 'addressDone', { number }),
      already_shipped: () => reply(locale, 'addressShipped', { number, carrier: '' }),
      already_cancelled: () => reply(locale, 'addressCancelled', { number }),
      not_found: () => reply(locale, 'orderNotFoundFinal', { number }),
      not_verified: () => reply(locale, 'verifyExpired', { number }),
    }[result.kind]();
    await step.context.sendActivity(text);
    return step.endDialog();
  }
}
