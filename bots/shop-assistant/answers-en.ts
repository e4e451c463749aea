/**
 * The demo shop's own answers in English, one per intent. This is shop content, not engine code: a shop
 * rewrites these with its real policies. Intents that have a dialog (track_order, cancel_order...) still have
 * an answer, used when the dialog cannot run (e.g. the order API is down) and by agents as canned replies.
 */
import type { Intent } from '../../dialogs/intents.js';

/** English answers, per intent. */
export const ANSWERS_EN: Readonly<Record<Intent, string>> = {
  cancel_order:
    'You can cancel an order until it ships: tell me the order number and I will do it for you. Shipped orders can be returned within 30 days instead.',
  change_order:
    'Orders can be changed (size, colour, quantity) until they ship. The quickest way is to cancel and order again; if you prefer, a colleague can edit it for you.',
  change_shipping_address: 'You can change the delivery address until the order ships: tell me the order number and the new address.',
  check_cancellation_fee:
    'Cancelling is free until your order ships. After that you can return it within 30 days; returns of faulty or wrong items are free, others cost a USD 5 return label.',
  check_invoice: 'Your invoice is in your account under Orders > Invoice, and attached to the shipping confirmation e-mail.',
  check_payment_methods:
    'We accept Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay, Alipay and WeChat Pay. All payments are in USD; your bank converts other currencies.',
  check_refund_policy:
    'You can return any item within 30 days of delivery for a full refund. Faulty or wrong items: we pay the return. Refunds go back to the original payment method within 5-7 business days after we receive the item.',
  complaint:
    "I'm sorry we let you down. Tell me what happened, with your order number if it is about an order, and I'll make sure it's put right; a colleague will follow up personally.",
  contact_customer_service:
    'Our customer service team is here Monday to Friday, 9:00 to 18:00: write to support@demo-shop.example or call +1 555 0100, and mention your order number.',
  contact_human_agent:
    "You can reach a person on our team Monday to Friday, 9:00 to 18:00, at support@demo-shop.example or +1 555 0100. Mention your order number so you won't need to repeat yourself.",
  create_account:
    'To create an account, tap "Sign up" at the top of the shop, enter your e-mail and a password, and confirm the e-mail we send you. You can also check out as a guest.',
  delete_account:
    'You can delete your account under Account > Privacy > Delete account. Open orders and refunds are finished first; your data is erased within 30 days.',
  delivery_options:
    'We offer Standard (5-8 business days, free over USD 50), Express (2-3 business days, USD 12) and Pick-up at partner points in selected cities.',
  delivery_period:
    'Orders ship within 1 business day. Standard delivery takes 5-8 business days, Express 2-3. Send me your order number and I will check the date for yours.',
  edit_account:
    'You can change your name, e-mail, phone and saved addresses under Account > Profile. A new e-mail address must be confirmed before it is used.',
  get_invoice: 'You can download a PDF invoice under Account > Orders > Invoice. If you need a company name or VAT number on it, a colleague can reissue it.',
  get_refund: 'I can start a refund for a delivered or cancelled order: tell me the order number and the reason.',
  newsletter_subscription:
    'You can subscribe or unsubscribe under Account > Notifications, or with the link at the bottom of any newsletter. We send at most one e-mail a week.',
  payment_issue:
    'Sorry about the payment trouble. If a payment failed, nothing was charged; any pending amount drops off within 3-5 days. If you were charged twice, send me the order number and a colleague will refund the extra charge.',
  place_order: 'You can order straight from the shop: add items to the cart and check out. If you are not sure what to pick, I can recommend something.',
  recover_password:
    'Tap "Forgot password" on the sign-in page and enter your e-mail; the reset link is valid for 1 hour. Check your spam folder if it does not arrive.',
  registration_problems:
    'If sign-up fails, check that the e-mail is not already registered (try "Forgot password") and that the confirmation e-mail is not in spam. Still stuck? A colleague can help.',
  review: 'Thank you! You can review any delivered item under Account > Orders > Write a review. We read every one.',
  set_up_shipping_address:
    'Add or change saved addresses under Account > Addresses; the default one is used at checkout. To change the address of a placed order, give me its order number.',
  switch_account: 'To use another account, sign out under Account > Sign out and sign in with the other e-mail. Your cart stays on this device.',
  track_order: 'Send me your order number (like A1001) and I will tell you where your parcel is.',
  track_refund: 'Send me your order number and I will check where your refund is.',
  None: "Sorry, I didn't quite get that. I can track an order, handle returns and refunds, or help you choose a product; or you can talk to a person.",
};
