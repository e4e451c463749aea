/**
 * Track order: order number (from the message or asked), then status, carrier and ETA (the tracking
 * number only to a customer who proved the order is theirs),
 * with next steps as buttons that carry the order number so the next flow does not ask again.
 */
import type { CardAction } from '../turn-kit.js';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialog-kit.js';
import type { Locale } from '../locale.js';
import type { Order } from '../shop-api.js';
import { formatDate } from '../templates/format.js';
import { reply } from '../templates/reply.js';
import { button, localeOf, withActions, type FlowDeps } from './common.js';
import { FIND_ORDER, FindOrderDialog, type FindOrderOptions } from './find-order.js';

/** Dialog id; begin with `FindOrderOptions` (the customer's message). */
export const TRACK_ORDER = 'trackOrder';

/** The buttons that make sense after seeing an order's status. */
function nextSteps(locale: Locale, order: Order): CardAction[] {
  const human = button(reply(locale, 'actionHuman'));
  const value = (action: string) => `${action} ${order.number}`;
  switch (order.status) {
    case 'processing':
      return [
        button(reply(locale, 'actionCancelOrder'), value(locale === 'zh' ? '取消订单' : 'Cancel order')),
        button(reply(locale, 'actionChangeAddress'), value(locale === 'zh' ? '修改地址' : 'Change address of order')),
        human,
      ];
    case 'delivered':
      return [button(reply(locale, 'actionRefund'), value(locale === 'zh' ? '退款' : 'Refund for order')), human];
    default:
      return [human];
  }
}

/** Half a day of grace: an ETA of "today" is not late until the day is mostly over. */
const LATE_AFTER_MS = 12 * 3600 * 1000;

/**
 * The status of one order as a reply text, dates in the locale and the shop's time zone. Nothing
 * personal: status, carrier and dates; the tracking number (a carrier's page shows the recipient's town
 * and name) only with `owner`.
 */
export function describeOrder(locale: Locale, order: Order, timeZone: string, now: Date = new Date(), owner = false): string {
  const inTransit = order.status === 'shipped' || order.status === 'out_for_delivery';
  const late = inTransit && order.eta !== undefined && order.eta.getTime() < now.getTime() - LATE_AFTER_MS;
  const status = reply(locale, 'trackStatus', {
    number: order.number,
    status: order.status,
    carrier: order.carrier,
    trackingNumber: owner ? order.trackingNumber : undefined,
    eta: order.eta && order.status !== 'delivered' ? formatDate(locale, order.eta, timeZone) : undefined,
    deliveredAt: order.deliveredAt ? formatDate(locale, order.deliveredAt, timeZone) : undefined,
  });
  return late ? `${status}\n${reply(locale, 'trackLate')}` : status;
}

/** Tells the customer where their order is. */
export class TrackOrderDialog extends ComponentDialog {
  readonly #deps: FlowDeps;

  constructor(deps: FlowDeps) {
    super(TRACK_ORDER);
    this.#deps = deps;
    this.addDialog(new FindOrderDialog(deps));
    this.addDialog(new WaterfallDialog(`${TRACK_ORDER}.steps`, [(s) => this.#find(s), (s) => this.#show(s)]));
    this.initialDialogId = `${TRACK_ORDER}.steps`;
  }

  async #find(step: WaterfallStepContext) {
    return step.beginDialog(FIND_ORDER, step.options as FindOrderOptions);
  }

  async #show(step: WaterfallStepContext) {
    const number = step.result as string | undefined;
    if (!number) return step.endDialog();
    const { access, orders } = this.#deps;
    const found = await orders.find(number, await access.requesterFor(step.context, number));
    if (found.kind !== 'found') return step.endDialog();
    const locale = localeOf(step.context);
    const owner = await access.mayAct(step.context, found.order);
    const text = describeOrder(locale, found.order, this.#deps.timeZone, this.#deps.clock(), owner);
    await step.context.sendActivity(withActions(text, nextSteps(locale, found.order)));
    await this.#deps.offerOrderUpdates?.(step.context, found.order);
    return step.endDialog(found.order.number);
  }
}
