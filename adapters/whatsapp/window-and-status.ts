/**
 * What the adapter reports to the rest of Baton: a message held back by the 24-hour window (so the
 * handoff can tell the agent their reply reached the customer only as a template), and delivery
 * statuses, failures included. Reports go to callbacks and to the turn, read with `outsideWindowSends`.
 */
import type { Activity, TurnContext } from '../../dialogs/turn-kit.js';
import { BatonError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { WebhookEvent } from './cloud-api-webhook.js';
import type { GraphErrorDetail, MessageStatus } from './payload-types.js';

/** An approved template message: its name and language code as in WhatsApp Manager (e.g. 'en_US'). */
export interface WhatsAppTemplate {
  name: string;
  language: string;
  /** Body parameters ({{1}}, {{2}}...) in order, for templates that have them (e.g. an order update). */
  parameters?: string[];
}

/**
 * A free-form message that the 24-hour window kept from the customer. `activity` is what was not sent;
 * `outcome` says what went instead: the template (`messageId` is its wamid), nothing because the template
 * already went to this customer earlier in the same turn, or nothing because no template is configured
 * (the send then throws `whatsapp_outside_window`).
 */
export type OutsideWindowEvent = {
  conversationId: string;
  activity: Partial<Activity>;
  /** When the customer last wrote, if remembered. */
  lastInboundAt?: Date;
} & (
  | { outcome: 'template_sent'; template: WhatsAppTemplate; messageId: string }
  | { outcome: 'template_already_sent'; template: WhatsAppTemplate }
  | { outcome: 'not_sent' }
);

/** A `failed` status Meta reported on a message we sent. */
export interface DeliveryFailure {
  /** The wamid of our message. */
  messageId: string;
  /** The customer's wa_id. */
  conversationId: string;
  /** Meta's reasons, e.g. code 131047 (window closed) or 131026 (not a WhatsApp user). */
  errors: GraphErrorDetail[];
  status: MessageStatus;
}

const SENDS = Symbol('baton.whatsapp.outsideWindow');

/**
 * The messages of this turn that the 24-hour window held back, in order; empty when all went out.
 * @example
 * await adapter.continueConversation(reference, async (context) => {
 *   await context.sendActivity(agentReply);
 *   if (outsideWindowSends(context).length > 0) await tellAgent('The customer got a template; they must write back first.');
 * });
 */
export function outsideWindowSends(context: TurnContext): readonly OutsideWindowEvent[] {
  return (context.turnState.get(SENDS) as OutsideWindowEvent[] | undefined) ?? [];
}

/**
 * What an agent should be told about this turn's messages the window held back: their text did not
 * reach the customer, the template did. Shaped as the handoff's `DeliveryNotice`, for its
 * `deliveryNotices` option; empty when everything went out as written.
 */
export function windowNotices(context: TurnContext): { code: 'sent_as_template'; message: string }[] {
  return outsideWindowSends(context)
    .filter((event) => event.outcome === 'template_sent')
    .map((event) => ({
      code: 'sent_as_template' as const,
      message:
        `WhatsApp's 24-hour window has closed (the customer last wrote ${event.lastInboundAt ? event.lastInboundAt.toISOString() : 'more than 24 hours ago'}), ` +
        `so they received the template "${event.template.name}" asking them to write back, not your reply. Send it again once they answer.`,
    }));
}

/** What `windowReport` needs besides the turn. */
export interface WindowReportInput {
  conversationId: string;
  activity: Partial<Activity>;
  lastInbound: number | undefined;
  template: WhatsAppTemplate | undefined;
  logger?: Logger;
  onOutsideWindow?: (event: OutsideWindowEvent) => void;
}

/**
 * Handles one message the window holds back: sends the template once per customer and turn (a second
 * template in a row would only annoy), records and reports the event, and resolves the template's wamid
 * ('' when none was sent).
 * @throws BatonError `whatsapp_outside_window` when no template is configured.
 */
export async function windowReport(
  context: TurnContext,
  input: WindowReportInput,
  sendTemplate: (template: WhatsAppTemplate) => Promise<string>,
): Promise<string> {
  const { conversationId, activity, lastInbound, template, logger, onOutsideWindow } = input;
  const sends = [...outsideWindowSends(context)];
  const base = { conversationId, activity, ...(lastInbound === undefined ? {} : { lastInboundAt: new Date(lastInbound) }) };
  let event: OutsideWindowEvent;
  if (!template) event = { ...base, outcome: 'not_sent' };
  else if (sends.some((sent) => sent.conversationId === conversationId && sent.outcome === 'template_sent'))
    event = { ...base, outcome: 'template_already_sent', template };
  else event = { ...base, outcome: 'template_sent', template, messageId: await sendTemplate(template) };
  context.turnState.set(SENDS, [...sends, event]);
  logger?.warn(
    { conversationId, outcome: event.outcome, lastInboundAt: base.lastInboundAt },
    'whatsapp: outside the 24-hour window; free-form message not sent',
  );
  try {
    onOutsideWindow?.(event);
  } catch (error) {
    logger?.error({ err: error }, 'whatsapp: onOutsideWindow threw');
  }
  if (event.outcome === 'not_sent') {
    throw new BatonError(
      'whatsapp_outside_window',
      `WhatsApp: customer ${conversationId} last wrote more than 24 hours ago, so only a template message may be sent, and none is configured. Set WHATSAPP_TEMPLATE_NAME (and WHATSAPP_TEMPLATE_LANGUAGE) to an approved template, or wait for the customer to write.`,
    );
  }
  return event.outcome === 'template_sent' ? event.messageId : '';
}

/** Logs a status or batch error; a `failed` status also goes to `onDeliveryFailure`. */
export function reportStatus(
  event: Exclude<WebhookEvent, { kind: 'message' }>,
  { logger, onDeliveryFailure }: { logger?: Logger; onDeliveryFailure?: (failure: DeliveryFailure) => void },
): void {
  if (event.kind === 'error') {
    logger?.warn({ errors: event.errors }, 'whatsapp: the webhook reported errors');
    return;
  }
  const { status } = event;
  if (status.status !== 'failed') {
    logger?.debug({ id: status.id, status: status.status, recipient: status.recipient_id }, 'whatsapp: message status');
    return;
  }
  const errors = Array.isArray(status.errors) ? status.errors : [];
  logger?.warn({ id: status.id, recipient: status.recipient_id, errors }, 'whatsapp: message delivery failed');
  try {
    onDeliveryFailure?.({ messageId: status.id, conversationId: status.recipient_id, errors, status });
  } catch (error) {
    logger?.error({ err: error }, 'whatsapp: onDeliveryFailure threw');
  }
}
