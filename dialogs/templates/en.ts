/**
 * Every message the dialogs send, in English. This object is the source of truth for template keys and
 * their variables: `zh.ts` must have the same shape (checked by the compiler), and `reply()` only accepts
 * keys that exist here.
 */
import type { OrderStatus } from '../shop-api.js';

const statusText: Readonly<Record<OrderStatus, string>> = {
  processing: 'is being prepared in our warehouse',
  shipped: 'is on its way',
  out_for_delivery: 'is out for delivery today',
  delivered: 'was delivered',
  cancelled: 'was cancelled',
};

const mediaWord = { image: 'photo', audio: 'voice message', video: 'video', document: 'file' } as const;

/** English reply templates. */
export const en = {
  greeting: "Hi! I'm the shop assistant. I can track orders, handle returns and refunds, and help you choose a product. What can I do for you?",
  greetingOtherLanguage: '您好！也可以直接用中文和我交流。',
  actionTrack: 'Track my order',
  actionRefund: 'Return or refund',
  actionHuman: 'Talk to a person',
  actionRecommend: 'Recommend a product',
  actionCancelOrder: 'Cancel this order',
  actionChangeAddress: 'Change the address',
  actionRefundStatus: 'Refund status',
  yes: 'Yes',
  no: 'No',
  skip: 'Skip',
  anythingElse: 'Anything else I can help with?',
  stopped: "No problem, I've stopped that. Is there anything else I can help with?",
  backToTopic: 'Now, back to where we were:',
  yesNoReask: 'Sorry, was that a yes or a no?',

  askOrderNumber: "Sure! What's your order number? You'll find it in your confirmation e-mail; it looks like A1001.",
  orderNotFoundRetry: (v: { number: string }) =>
    `I couldn't find an order ${v.number}. Could you check your confirmation e-mail and send the number again? It starts with a letter, like A1001.`,
  orderNumberMissingRetry: "I didn't spot an order number there. It starts with a letter followed by digits, like A1001.",
  orderNotFoundFinal: (v: { number: string }) =>
    `I still can't find ${v.number || 'that order'}, sorry. A colleague can look it up for you by your e-mail address: tap "Talk to a person".`,
  trackStatus: (v: { number: string; status: OrderStatus; carrier?: string; trackingNumber?: string; eta?: string; deliveredAt?: string }) =>
    [
      `Order ${v.number} ${statusText[v.status]}${v.deliveredAt ? ` on ${v.deliveredAt}` : ''}.`,
      v.carrier ? `Carrier: ${v.carrier}${v.trackingNumber ? `, tracking number ${v.trackingNumber}` : ''}.` : '',
      v.eta ? `Expected delivery: ${v.eta}.` : '',
    ]
      .filter(Boolean)
      .join('\n'),

  trackLate: "It's running later than we promised, sorry. If it hasn't arrived in two days, a colleague will chase the carrier for you.",

  cancelConfirm: (v: { number: string; items: string; total: string }) => `Order ${v.number}: ${v.items}, ${v.total}. Do you want me to cancel it?`,
  cancelDone: (v: { number: string; total: string }) =>
    `Done: order ${v.number} is cancelled. Your payment of ${v.total} goes back to you within 3-5 business days.`,
  cancelKept: (v: { number: string }) => `OK, order ${v.number} stays as it is.`,
  cancelShipped: (v: { number: string }) =>
    `Order ${v.number} has already shipped, so I can't cancel it any more. Once it arrives you can return it within 30 days for a full refund: just ask me for a refund.`,
  cancelAlready: (v: { number: string }) => `Order ${v.number} is already cancelled, so there's nothing more to do.`,

  refundAskReason: 'I can help with that. What is the reason for the refund?',
  reasonDamaged: 'Damaged item',
  reasonWrongItem: 'Wrong item',
  reasonChangedMind: 'Changed my mind',
  refundRequested: (v: { number: string; amount: string; expectedBy: string }) =>
    `Your refund request for order ${v.number} (${v.amount}) is in. You should see the money by ${v.expectedBy}; we'll e-mail you the return label.`,
  refundNeedsPerson: (v: { number: string; amount: string }) =>
    `The refund for order ${v.number} (${v.amount}) is above what I may approve myself, so I'm passing it to a colleague who can.`,
  refundNotEligible: (v: { number: string }) =>
    `Order ${v.number} is still on its way. Once it's delivered you can return it within 30 days and I'll open the refund right away.`,
  refundStatus: (v: { number: string; status: 'requested' | 'approved' | 'paid' | 'rejected'; amount?: string; expectedBy?: string }) =>
    ({
      requested: `The refund for order ${v.number}${v.amount ? ` (${v.amount})` : ''} is requested and being reviewed.`,
      approved: `The refund for order ${v.number}${v.amount ? ` (${v.amount})` : ''} is approved.`,
      paid: `The refund for order ${v.number}${v.amount ? ` (${v.amount})` : ''} has been paid.`,
      rejected: `The refund for order ${v.number} was not approved; a colleague can explain why.`,
    })[v.status] + (v.expectedBy && v.status !== 'rejected' && v.status !== 'paid' ? ` Expect it on your account by ${v.expectedBy}.` : ''),
  noRefund: (v: { number: string }) => `There's no refund on order ${v.number} yet. Would you like to request one?`,
  actionRequestRefund: 'Request a refund',

  addressAsk: "What's the new delivery address? Please include street, city and postcode.",
  addressConfirm: (v: { number: string; address: string }) => `Change the delivery address of order ${v.number} to:\n${v.address}\nIs that right?`,
  addressDone: (v: { number: string }) => `Done: order ${v.number} will go to the new address.`,
  addressKept: (v: { number: string }) => `OK, I haven't changed the address of order ${v.number}.`,
  addressShipped: (v: { number: string; carrier: string }) =>
    `Order ${v.number} has already left our warehouse, so I can't change its address any more. ${v.carrier ? `${v.carrier} may be able to redirect it; a` : 'A'} colleague can help you with that.`,
  addressCancelled: (v: { number: string }) => `Order ${v.number} is cancelled, so there's no address to change.`,

  verifyAsk: (v: { number: string }) => `To keep your order safe, please type the e-mail address or phone number you used for order ${v.number}.`,
  verifyRetry: (v: { left: number }) =>
    `That doesn't match what we have for this order. Please check it and try again (${v.left} ${v.left === 1 ? 'try' : 'tries'} left).`,
  verifyNotContact: 'That doesn\'t look like an e-mail address or phone number. Please type the one you used for the order, or say "cancel" to stop.',
  verifyLocked: 'Sorry, I can\'t confirm this order is yours in this chat. A colleague can check your identity and help you: tap "Talk to a person".',
  verifyExpired: (v: { number: string }) =>
    `For your security I need to check again that order ${v.number} is yours before changing it. Please ask me once more.`,

  spinSituation: 'Happy to help you choose! A few quick questions, tap Skip for any. What are you shopping for, and where will you use it?',
  spinProblem: 'What bothers you about what you use now, if anything?',
  spinImplication: 'How does that get in your way day to day?',
  spinNeed: 'What matters most to you in the new one? A budget is useful too.',
  spinIntro: "Based on what you told me, here's what I'd suggest:",
  spinLine: (v: { rank: number; name: string; price: string; reasons: string }) => `${v.rank}. ${v.name}, ${v.price}: ${v.reasons}`,
  spinPopular: 'a customer favourite',
  spinNoMatch: 'I couldn\'t find a good match in stock right now. A colleague can suggest alternatives: tap "Talk to a person".',

  csatAsk: 'How would you rate the help you got today? 1 (poor) to 5 (excellent)',
  csatReask: 'Sorry, I need a number from 1 to 5.',
  csatThanks: (v: { score: number }) => `Thank you for the ${v.score}! Glad we could help. Have a great day!`,
  csatSorry: (v: { score: number }) =>
    `Thank you for being honest with the ${v.score}. I'm sorry we didn't do better this time; your feedback goes straight to the team.`,
  csatSkipped: 'No problem. Thanks for chatting with us!',

  mediaPassedOn: (v: { kind: 'image' | 'audio' | 'video' | 'document' }) =>
    `Thanks for the ${mediaWord[v.kind]}. I'm passing it to a colleague, who will look at it with you.`,
  mediaCannotRead: (v: { kind: 'image' | 'audio' | 'video' | 'document' }) =>
    `Thanks for the ${mediaWord[v.kind]}. I can't look at ${v.kind === 'image' ? 'photos' : 'files'} myself, I'm afraid. Could you tell me in a few words what it's about? Or a colleague can look at it with you.`,
};

/** The shape every locale's templates must have. */
export type Templates = typeof en;
