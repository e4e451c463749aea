/**
 * Which empathy scenario a message belongs to, from its intent and from keywords in English and Chinese.
 * Keywords win over the intent because they are more specific: "my refund for the broken kettle" is a
 * damaged item even when the intent is get_refund.
 */
import type { EmpathyScenario } from './phrases.js';

/** Checked in this order; the first scenario with a matching keyword wins. */
const KEYWORDS: readonly (readonly [EmpathyScenario, RegExp])[] = [
  [
    'damaged_or_wrong_item',
    /broken|damaged|smashed|cracked|defective|faulty|doesn'?t work|wrong (item|size|colou?r|product)|not what i ordered|missing (item|part)|坏了|破了|损坏|碎了|发错|错发|不是我买的|少发|漏发|质量问题/i,
  ],
  ['refund_waiting', /refund|money back|reimburse|退款|退钱|钱还没退|没退/i],
  [
    'payment_problem',
    /charged (me )?twice|double charged|overcharged|payment (failed|declined|problem)|card (was )?declined|charge[ds]?\b|扣款|扣费|扣了|多扣|重复扣|支付失败|付款失败|付不了/i,
  ],
  [
    'late_delivery',
    /still (hasn'?t|has not|not) (arrived|come|shipped)|not (arrived|received|delivered)|hasn'?t arrived|never arrived|where is my (order|parcel|package)|late|delayed|taking (so|too) long|还没到|没收到|还没收到|迟迟|太慢|延误|还没发货|怎么还没/i,
  ],
];

/** The scenario an intent suggests when no keyword decided it. */
const BY_INTENT: Readonly<Record<string, EmpathyScenario>> = {
  track_order: 'late_delivery',
  delivery_period: 'late_delivery',
  track_refund: 'refund_waiting',
  get_refund: 'refund_waiting',
  payment_issue: 'payment_problem',
  check_payment_methods: 'payment_problem',
};

/**
 * The scenario of a message.
 *
 * @example detectScenario('track_order', '我的快递还没到') // 'late_delivery'
 */
export function detectScenario(intent: string | undefined, text: string): EmpathyScenario {
  for (const [scenario, pattern] of KEYWORDS) {
    if (pattern.test(text)) return scenario;
  }
  return (intent && BY_INTENT[intent]) || 'generic';
}
