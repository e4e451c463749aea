/**
 * Cancel order: find the order, explain at once when it cannot be cancelled (shipped: offer a return;
 * already cancelled), else prove the customer owns it (`verify-owner.ts`), confirm with Yes/No and
 * cancel. The shop API has the last word: it may still answer already_shipped if the parcel left
 * between the question and the answer, or not_verified if the proof lapsed meanwhile.
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from '../dialog-kit.js';
import type { Locale } from '../locale.js';
import type { Order } from '../shop-api.js';
import { formatMoney } from '../templates/format.js';
import { reply } from '../templates/reply.js';
import { button, localeOf, stepValues, parseYesNo, withActions, yesNo, yesNoValidator, type FlowDeps } from './common.js';
import { FIND_ORDER, FindOrderDialog, type FindOrderOptions } from './find-order.js';
import { VERIFY_OWNER, VerifyOwnerDialog, type VerifyOwnerOptions } from './verify-owner.js';

interface Values {
  number: string;
}

/** Dialog id; begin with `FindOrderOptions` (the customer's message). */
export const CANCEL_ORDER = 'cancelOrder';

const CONFIRM = `${CANCEL_ORDER}.confirm`;
const STEPS = `${CANCEL_ORDER}.steps`;

/** "2 × ArmorLite phone case" in the customer's language. */
export function describeItems(locale: Locale, order: Order): string {
  return order.items.map((i) => `${i.quantity} × ${i.name[locale] ?? i.name.en}`).join(locale === 'zh' ? '、' : ', ');
}

/** Cancels an order after a confirmation. */
export class CancelOrderDialog extends ComponentDialog {
  readonly #deps: FlowDeps;

  constructor(deps: FlowDeps) {
    super(CANCEL_ORDER);
    this.#deps = deps;
    this.addDialog(new FindOrderDialog(deps));
    this.addDialog(new VerifyOwnerDialog(deps.orders, deps.access));
    this.addDialog(new TextPrompt(CONFIRM, yesNoValidator));
    this.addDialog(new WaterfallDialog(STEPS, [(s) => this.#find(s), (s) => this.#verify(s), (s) => this.#confirm(s), (s) => this.#act(s)]));
    this.initialDialogId = STEPS;
  }

  async #find(step: WaterfallStepContext) {
    return step.beginDialog(FIND_ORDER, step.options as FindOrderOptions);
  }

  /** Says at once when there is nothing to cancel; else checks the customer owns the order. */
  async #verify(step: WaterfallStepContext) {
    const number = step.result as string | undefined;
    if (!number) return step.endDialog();
    const { access, orders } = this.#deps;
    const found = await orders.find(number, await access.requesterFor(step.context, number));
    if (found.kind !== 'found') return step.endDialog();
    const { order } = found;
    if (order.status === 'cancelled') {
      await step.context.sendActivity(reply(localeOf(step.context), 'cancelAlready', { number }));
      return step.endDialog();
    }
    if (order.status !== 'processing') return this.#refuseShipped(step, number);
    stepValues<Values>(step).number = number;
    return step.beginDialog(VERIFY_OWNER, { number } satisfies VerifyOwnerOptions);
  }

  async #confirm(step: WaterfallStepContext) {
    if (step.result !== true) return step.endDialog();
    const number = stepValues<Values>(step).number ?? '';
    const { access, orders } = this.#deps;
    const found = await orders.find(number, await access.requesterFor(step.context, number));
    if (found.kind !== 'found') return step.endDialog();
    const { order } = found;
    const locale = localeOf(step.context);
    const question = reply(locale, 'cancelConfirm', {
      number,
      items: describeItems(locale, order),
      total: formatMoney(locale, order.total, order.currency),
    });
    return step.prompt(CONFIRM, { prompt: yesNo(locale, question), retryPrompt: yesNo(locale, reply(locale, 'yesNoReask')) });
  }

  async #act(step: WaterfallStepContext) {
    const number = stepValues<Values>(step).number ?? '';
    const locale = localeOf(step.context);
    if (!parseYesNo(step.result as string)) {
      await step.context.sendActivity(reply(locale, 'cancelKept', { number }));
      return step.endDialog();
    }
    const result = await this.#deps.orders.cancel(number, await this.#deps.access.requesterFor(step.context, number));
    switch (result.kind) {
      case 'ok': {
        const total = formatMoney(locale, result.order.total, result.order.currency);
        await step.context.sendActivity(reply(locale, 'cancelDone', { number, total }));
        break;
      }
      case 'already_shipped':
        return this.#refuseShipped(step, number);
      case 'already_cancelled':
        await step.context.sendActivity(reply(locale, 'cancelAlready', { number }));
        break;
      case 'not_found':
        await step.context.sendActivity(reply(locale, 'orderNotFoundFinal', { number }));
        break;
      case 'not_verified':
        await step.context.sendActivity(reply(locale, 'verifyExpired', { number }));
        break;
    }
    return step.endDialog();
  }

  async #refuseShipped(step: WaterfallStepContext, number: string) {
    const locale = localeOf(step.context);
    const refund = button(reply(locale, 'actionRefund'), `${locale === 'zh' ? '退款' : 'Refund for order'} ${number}`);
    await step.context.sendActivity(withActions(reply(locale, 'cancelShipped', { number }), [refund]));
    return step.endDialog();
  }
}
