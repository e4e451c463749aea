/**
 * The empathy phrase library: acknowledgements of the customer's feeling, per locale and scenario.
 * Several phrasings each, so a customer who is upset for three turns does not read the same sentence
 * three times. Phrases are one sentence and end with punctuation: they open a reply.
 */
import type { Locale } from '../locale.js';

/** What the customer is upset about; `generic` when nothing more specific was detected. */
export type EmpathyScenario = 'late_delivery' | 'damaged_or_wrong_item' | 'refund_waiting' | 'payment_problem' | 'generic';

/** Every scenario, for iteration in tests and docs. */
export const EMPATHY_SCENARIOS: readonly EmpathyScenario[] = ['late_delivery', 'damaged_or_wrong_item', 'refund_waiting', 'payment_problem', 'generic'];

/**
 * Market variants (dialogs/market.ts): the scenarios whose wording differs there; others fall back to
 * the language. zh-TW in Traditional characters; en-GB with British usage.
 */
export const EMPATHY_VARIANTS: Readonly<Record<string, Partial<Record<EmpathyScenario, readonly string[]>>>> = {
  'zh-TW': {
    late_delivery: [
      '非常理解您等待包裹的心情，讓您久等了，真的很抱歉。',
      '包裹遲遲沒到確實讓人著急，非常抱歉。',
      '讓您等了這麼久，真的很抱歉，我馬上幫您查看。',
    ],
    damaged_or_wrong_item: ['非常抱歉，收到這樣的商品一定很失望。', '真的很抱歉帶給您不好的購物體驗。', '非常理解您的心情，這不是您應該收到的商品。'],
    refund_waiting: ['非常理解您著急等退款的心情。', '退款遲遲沒到確實讓人擔心，很抱歉讓您久等。', '理解您想盡快拿到退款，我來幫您處理。'],
    payment_problem: ['遇到扣款問題一定很著急，非常理解。', '很抱歉付款上帶給您麻煩。', '理解您對這筆扣款的擔心，我們一起來查清楚。'],
    generic: ['非常理解您的心情。', '很抱歉造成您的不便。', '您的感受我完全理解，我會盡力幫您解決。'],
  },
  'en-GB': {
    late_delivery: [
      "I'm sorry your parcel is taking this long; I know how frustrating the wait is.",
      "I completely understand: you expected it by now, and that's rubbish.",
      "Sorry for the wait. I understand you'd like your parcel, not excuses.",
    ],
    generic: ['I understand how frustrating this is.', "I'm sorry you're having this bother.", "I hear you, and I'd like to help put this right."],
  },
};

/** The phrases, per locale then scenario. */
export const EMPATHY_PHRASES: Readonly<Record<Locale, Readonly<Record<EmpathyScenario, readonly string[]>>>> = {
  en: {
    late_delivery: [
      "I'm sorry your order is taking this long; I know how frustrating waiting is.",
      "I completely understand: you expected it by now, and that's annoying.",
      'Sorry for the wait. I understand you want your parcel, not excuses.',
    ],
    damaged_or_wrong_item: [
      "I'm really sorry, that's not what you should have received.",
      'I understand how disappointing it is to open a parcel and find that.',
      "Sorry about that, it's not the experience we want you to have.",
    ],
    refund_waiting: [
      "I understand waiting for your money back is stressful; let's sort it out.",
      'Sorry your refund is taking time. I know you want it settled.',
      'I hear you: nobody likes waiting for a refund.',
    ],
    payment_problem: [
      "I'm sorry about the payment trouble; I know money issues are worrying.",
      'I understand how unsettling an unexpected charge is.',
      "Sorry for the hassle with your payment; let's get it right.",
    ],
    generic: ['I understand how frustrating this is.', "I'm sorry you're having this trouble.", 'I hear you, and I want to help put this right.'],
  },
  zh: {
    late_delivery: ['非常理解您等待包裹的心情，让您久等了，实在抱歉。', '包裹迟迟没到确实让人着急，非常抱歉。', '让您等了这么久，真的很抱歉，我马上帮您看看。'],
    damaged_or_wrong_item: ['非常抱歉，收到这样的商品一定很失望。', '真的很抱歉给您带来不好的购物体验。', '非常理解您的心情，这不是您应该收到的商品。'],
    refund_waiting: ['非常理解您着急等退款的心情。', '退款迟迟没到确实让人担心，很抱歉让您久等。', '理解您想尽快拿到退款，我来帮您处理。'],
    payment_problem: ['遇到扣款问题一定很着急，非常理解。', '很抱歉支付上给您带来了麻烦。', '理解您对这笔扣款的担心，我们一起来查清楚。'],
    generic: ['非常理解您的心情。', '很抱歉给您带来了不便。', '您的感受我完全理解，我会尽力帮您解决。'],
  },
};

/** Phrases bots brought as data (content.empathy): locale or market tag → scenario → phrases. */
const DATA_PHRASES = new Map<string, Partial<Record<string, readonly string[]>>>();

/**
 * Makes a bot's empathy phrases available to `pickPhrase` (createShopBot does it with its content); they
 * come before the built-in ones for their locale and scenario. Process-wide, like the data templates.
 */
export function useEmpathyPhrases(phrases: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>): void {
  for (const [locale, byScenario] of Object.entries(phrases)) DATA_PHRASES.set(locale, { ...DATA_PHRASES.get(locale), ...byScenario });
}

/** FNV-1a: a tiny stable hash, so the same conversation and turn always pick the same phrasing. */
function hash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * One acknowledgement for `scenario` in `locale`, chosen by `seed` (e.g. `${conversationId}:${turn}`).
 *
 * @example pickPhrase('zh', 'generic', 'conv-1:3') // e.g. '非常理解您的心情。'
 */
export function pickPhrase(locale: Locale, scenario: EmpathyScenario, seed: string, market?: string): string {
  const phrases =
    (market ? (DATA_PHRASES.get(market)?.[scenario] ?? EMPATHY_VARIANTS[market]?.[scenario]) : undefined) ??
    DATA_PHRASES.get(locale)?.[scenario] ??
    (EMPATHY_PHRASES[locale] ?? EMPATHY_PHRASES.en)[scenario];
  return phrases[hash(seed) % phrases.length] ?? EMPATHY_PHRASES.en.generic[0] ?? '';
}
