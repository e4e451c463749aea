/**
 * Market variants of the reply templates: only the keys whose wording differs in that market. Every
 * other key falls back to the language's template (en.ts, zh.ts). zh-TW is written in Traditional
 * characters with Taiwan's usage (訂單, 包裹, 客服); en-GB with British spelling and usage.
 */
import type { Templates } from './en.js';

export const TEMPLATE_VARIANTS: Readonly<Record<string, Partial<Templates>>> = {
  'zh-TW': {
    greeting: '您好！我是購物小幫手，可以幫您查詢訂單、辦理退換貨和退款，也可以幫您挑選商品。請問有什麼可以為您服務的？',
    greetingOtherLanguage: 'You can also chat with me in English.',
  },
  'en-GB': {
    greeting: "Hello! I'm the shop assistant. I can track orders, sort out returns and refunds, and help you choose a product. What can I do for you?",
  },
  'en-US': {},
  'zh-CN': {},
};
