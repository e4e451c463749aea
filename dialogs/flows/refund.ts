/**
 * Refunds: request one (order number, proof the customer owns it, then the reason) and check one
 * (track_refund; the amount only to the proven owner). Whether an order may be refunded is the shop's
 * rule, so the dialog asks the API and explains its answer.
 */
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from '../dialog-kit.js';
import type { Locale } from '../locale.js';
import type { Refund } from '../shop-api.js';
import { formatDate, formatMoney } from '../templates/format.js';
import { reply } from '../templates/reply.js';
import { requestHuman } from '../turn-state.js';
import { button, localeOf, stepValues, withActions, type FlowDeps } from './common.js';

import { FIND_ORDER, FindOrderDialog, type FindOrderOptions } from './find-order.js';
import { VERIFY_OWNER, VerifyOwnerDialog, type VerifyOwnerOptions } from './verify-owner.js';

interface Values {
  number: string;
}

/** Dialog id of the refund request; begin with `FindOrderOptions`. */
export const REQUEST_REFUND = 'requestRefund';
/** Dialog id of the refund status check; begin with `FindOrderOptions`. */
export const REFUND_STATUS = 'refundStatus';

const REASON = `${REQUEST_REFUND}.reason`;

/** The status of a refund as a reply text; the amount only when `withAmount` (the owner asks). */
export function describeRefund(locale: Locale, refund: Refund, timeZone: string, withAmount = true): string {
  return reply(locale, 'refundStatus', {
    number: refund.orderNumber,
    status: refund.status,
    ...(withAmount ? { amount: formatMoney(locale, refund.amount, refund.currency) } : {}),
    expectedBy: refund.expectedBy ? formatDate(locale, refund.expectedBy, timeZone) : undefined,
  });
}

/** Opens a refund request. */
export class RequestRefundDialog extends ComponentDialog {
  readonly #deps: FlowDeps;

  constructor(deps: FlowDeps) {
    super(REQUEST_REFUND);
    this.#deps = deps;
    this.addDialog(new FindOrderDialog(deps));
    this.addDialog(new VerifyOwnerDialog(deps.orders, deps.access));
    this.addDialog(new TextPrompt(REASON));
    const steps = [
      (s: WaterfallStepContext) => this.#find(s),
      (s: WaterfallStepContext) => this.#verify(s),
      (s: WaterfallStepContext) => this.#askReason(s),
      (s: WaterfallStepContext) => this.#submit(s),
    ];
    this.addDialog(new WaterfallDialog(`${REQUEST_REFUND}.steps`, steps));
    this.initialDialogId = `${REQUEST_REFUND}.steps`;
  }

  async #find(step: WaterfallStepContext) {
    return step.beginDialog(FIND_ORDER, step.options as FindOrderOptions);
  }

  async #verify(step: WaterfallStepContext) {
    const number = step.result as string | undefined;
    if (!number) return step.endDialog();
    stepValues<Values>(step).number = number;
    return step.beginDialog(VERIFY_OWNER, { number } satisfies VerifyOwnerOptions);
  }

  async #askReason(step: WaterfallStepContext) {
    if (step.result !== true) return step.endDialog();
    const number = stepValues<Values>(step).number ?? '';
    const locale = localeOf(step.context);
    if (await this.#aboveLimit(step, number)) return step.endDialog();
    const reasons = [reply(locale, 'reasonDamaged'), reply(locale, 'reasonWrongItem'), reply(locale, 'reasonChangedMind')];
    return step.prompt(REASON, { prompt: withActions(reply(locale, 'refundAskReason'), reasons) });
  }

  /** A refund the bot may not approve: the customer is told, and the handoff takes it (reason `dialog`). */
  async #aboveLimit(step: WaterfallStepContext, number: string): Promise<boolean> {
    const limit = this.#deps.refundLimit;
    if (limit === undefined) return false;
    const found = await this.#deps.orders.find(number, await this.#deps.access.requesterFor(step.context, number));
    if (found.kind !== 'found' || found.order.total <= limit) return false;
    const locale = localeOf(step.context);
    const amount = formatMoney(locale, found.order.total, found.order.currency);
    await step.context.sendActivity(reply(locale, 'refundNeedsPerson', { number, amount }));
    requestHuman(step.context, `refund of ${amount} above the bot's limit`);
    return true;
  }

  async #submit(step: WaterfallStepContext) {
    const number = stepValues<Values>(step).number ?? '';
    const locale = localeOf(step.context);
    const requester = await this.#deps.access.requesterFor(step.context, number);
    const result = await this.#deps.orders.requestRefund(number, String(step.result ?? '').trim(), requester);
    switch (result.kind) {
      case 'ok': {
        const { refund } = result;
        await step.context.sendActivity(
          reply(locale, 'refundRequested', {
            number,
            amount: formatMoney(locale, refund.amount, refund.currency),
            expectedBy: formatDate(locale, refund.expectedBy ?? refund.requestedAt, this.#deps.timeZone),
          }),
        );
        break;
      }
      case 'already_requested':
        await step.context.sendActivity(describeRefund(locale, result.refund, this.#deps.timeZone));
        break;
      case 'not_eligible':
        await step.context.sendActivity(reply(locale, 'refundNotEligible', { number }));
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
}

/** Tells the customer where their refund is. */
export class RefundStatusDialog extends ComponentDialog {
  readonly #deps: FlowDeps;

  constructor(deps: FlowDeps) {
    super(REFUND_STATUS);
    this.#deps = deps;
    this.addDialog(new FindOrderDialog(deps));
    this.addDialog(new WaterfallDialog(`${REFUND_STATUS}.steps`, [(s) => s.beginDialog(FIND_ORDER, s.options as FindOrderOptions), (s) => this.#show(s)]));
    this.initialDialogId = `${REFUND_STATUS}.steps`;
  }

  async #show(step: WaterfallStepContext) {
    const number = step.result as string | undefined;
    if (!number) return step.endDialog();
    const locale = localeOf(step.context);
    const { access, orders } = this.#deps;
    const result = await orders.refundStatus(number, await access.requesterFor(step.context, number));
    if (result.kind === 'found') {
      const found = await orders.find(number, await access.requesterFor(step.context, number));
      const owner = found.kind === 'found' && (await access.mayAct(step.context, found.order));
      await step.context.sendActivity(describeRefund(locale, result.refund, this.#deps.timeZone, owner));
    } else if (result.kind === 'no_refund') {
      const request = button(reply(locale, 'actionRequestRefund'), `${locale === 'zh' ? '退款' : 'Refund for order'} ${number}`);
      await step.context.sendActivity(withActions(reply(locale, 'noRefund', { number }), [request]));
    }
    return step.endDialog();
  }
}
