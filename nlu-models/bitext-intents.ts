/**
 * The 27 Bitext customer-service intents the shop model (nlu-models/corpora/shop) is trained on. This is
 * what that model knows, not a list the engine depends on: a bot's intents come from its content and its
 * own model.
 */

/** Every intent of the shop model, besides 'None'. */
export const BITEXT_INTENTS = [
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
