/**
 * The intents the NLU knows (the 27 Bitext customer-service intents) and 'None', and which of them start a
 * dialog rather than a canned answer.
 */

/** Every customer-service intent the recognizer can return, besides 'None'. */
export const SUPPORT_INTENTS = [
  'cancel_order',
  'change_order',
  'change_shipping_address',
  'check_cancellation_fee',
  'check_invoice',
  'check_payment_methods',
  'check_refund_policy',
  'complaint',
  'contact_customer_service',
  'contact_human_agent',
  'create_account',
  'delete_account',
  'delivery_options',
  'delivery_period',
  'edit_account',
  'get_invoice',
  'get_refund',
  'newsletter_subscription',
  'payment_issue',
  'place_order',
  'recover_password',
  'registration_problems',
  'review',
  'set_up_shipping_address',
  'switch_account',
  'track_order',
  'track_refund',
] as const;

/** One of the 27 customer-service intents. */
export type SupportIntent = (typeof SUPPORT_INTENTS)[number];

/** An intent or 'None' (out of scope). */
export type Intent = SupportIntent | 'None';

/** Type guard for intents coming from the recognizer as plain strings. */
export function isSupportIntent(intent: string): intent is SupportIntent {
  return (SUPPORT_INTENTS as readonly string[]).includes(intent);
}
