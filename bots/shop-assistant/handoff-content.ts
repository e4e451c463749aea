/**
 * What the demo shop gives its agents: canned replies by short name, the bot's suggested answer to
 * the customer's last message, and the facts of the order the customer mentioned. Shop content; a
 * shop replaces these with its own.
 */
import type { FaqAnswers, OrderService } from '../../dialogs/shop-api.js';
import { extractOrderNumber } from '../../dialogs/order-number.js';
import { toLocale } from '../../dialogs/locale.js';
import type { CannedReply } from '../../handoff/desk-api.js';
import type { Recognizer } from '../../nlu-models/recognizer.js';

/** The demo shop's canned replies, in English and Chinese. */
export const SHOP_CANNED_REPLIES: readonly CannedReply[] = [
  { name: 'greeting', locale: 'en', text: "Hi, I'm here to help. Let me look into this for you." },
  { name: 'order-number', locale: 'en', text: 'Could you send me your order number? It starts with a letter, e.g. A1001.' },
  {
    name: 'shipping-delay',
    locale: 'en',
    text: "I'm sorry your parcel is late. I've asked the carrier to prioritise it and will update you here as soon as I hear back.",
  },
  { name: 'refund-timeline', locale: 'en', text: 'Refunds are paid within 5 working days of approval; your bank may take 2-3 more days to show it.' },
  { name: 'goodbye', locale: 'en', text: 'Is there anything else I can do for you? If not, have a great day!' },
  { name: 'greeting', locale: 'zh', text: '您好，我来帮您处理，请稍等。' },
  { name: 'order-number', locale: 'zh', text: '请提供一下您的订单号（以字母开头，例如 A1001）。' },
  { name: 'shipping-delay', locale: 'zh', text: '非常抱歉包裹延误了。我已请物流优先处理，有消息会第一时间在这里告诉您。' },
  { name: 'refund-timeline', locale: 'zh', text: '退款审核通过后 5 个工作日内原路退回，银行入账可能还需要 2-3 天。' },
  { name: 'goodbye', locale: 'zh', text: '请问还有其他可以帮您的吗？祝您生活愉快！' },
  // Taiwan (MARKETS=zh-TW): Traditional characters and local usage; other names fall back to zh.
  { name: 'greeting', locale: 'zh-TW', text: '您好，我來幫您處理，請稍候。' },
  { name: 'order-number', locale: 'zh-TW', text: '麻煩提供一下您的訂單編號（以英文字母開頭，例如 A1001）。' },
  { name: 'goodbye', locale: 'zh-TW', text: '請問還有其他需要幫忙的地方嗎？祝您有美好的一天！' },
  // Britain (MARKETS=en-GB).
  { name: 'goodbye', locale: 'en-GB', text: 'Is there anything else I can help with? If not, have a lovely day!' },
];

/** The bot's FAQ answer to `text`, when the NLU knows what it is about. */
export function shopSuggestedAnswer(recognizer: Recognizer, answers: FaqAnswers) {
  return async (text: string, locale: string): Promise<string | undefined> => {
    const recognition = await recognizer.recognize(text, { locale });
    if (recognition.outOfScope || recognition.intent === 'None') return undefined;
    return (answers[toLocale(locale)] as Readonly<Record<string, string>>)[recognition.intent];
  };
}

/** The latest order the customer mentioned, as facts an agent reads at a glance. */
export function shopOrderFacts(orders: OrderService) {
  return async (customerTexts: readonly string[]): Promise<Record<string, string>> => {
    for (const text of [...customerTexts].reverse()) {
      const number = extractOrderNumber(text);
      if (!number) continue;
      const found = await orders.find(number, { kind: 'staff', purpose: 'desk_facts' });
      if (found.kind !== 'found') return { order: number, status: 'not found' };
      const { order } = found;
      return {
        order: order.number,
        status: order.status,
        total: `${order.total.toFixed(2)} ${order.currency}`,
        placed: order.placedAt.toISOString().slice(0, 10),
        ...(order.carrier ? { carrier: order.carrier } : {}),
        ...(order.trackingNumber ? { tracking: order.trackingNumber } : {}),
        ...(order.eta ? { eta: order.eta.toISOString().slice(0, 10) } : {}),
      };
    }
    return {};
  };
}
