/**
 * A reply the agent can send with one click: the bot's FAQ answer to the customer's latest message and
 * the facts of the order they mentioned, in the customer's language, opened with an empathy phrase
 * when the customer is upset. Pure: the desk coach gathers the pieces (desk-coach.ts).
 */
import { type EmpathyScenario, pickPhrase } from '../../dialogs/empathy/phrases.js';
import { type Locale, toLocale } from '../../dialogs/locale.js';

/** The order facts a desk shows (handoff `orderFacts`: order, status, carrier, tracking, eta...). */
export type OrderFacts = Readonly<Record<string, string>>;

export interface SuggestedReplyInput {
  /** The customer's language tag; the reply is written in it. */
  readonly locale: string;
  /** The customer's market ('zh-TW', 'en-GB'), for its empathy phrasings. */
  readonly market?: string;
  /** The bot's FAQ answer to the customer's latest message, in the customer's language. */
  readonly answer?: string;
  readonly orderFacts?: OrderFacts;
  /** The customer is upset (negative emotion, a crisis): the reply opens with empathy. */
  readonly upset: boolean;
  readonly scenario: EmpathyScenario;
  /** The same seed as the review's, so the suggestion and the warning name the same phrase. */
  readonly seed: string;
}

const STATUS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: {
    processing: 'is being prepared in our warehouse',
    shipped: 'is on its way',
    out_for_delivery: 'is out for delivery today',
    delivered: 'was delivered',
    cancelled: 'was cancelled',
    'not found': 'could not be found under that number; could you check it for me?',
  },
  zh: {
    processing: '正在仓库备货中',
    shipped: '已发货，正在路上',
    out_for_delivery: '今天正在派送中',
    delivered: '已签收',
    cancelled: '已取消',
    'not found': '没有查到，麻烦您再核对一下订单号',
  },
};

/** "Your order A1001 is on its way (carrier: SF Express, tracking number: SF123, expected: 2026-12-09)." */
export function orderSentence(locale: Locale, facts: OrderFacts): string | undefined {
  const { order, status } = facts;
  if (!order) return undefined;
  const state = status ? (STATUS[locale][status] ?? (locale === 'zh' ? `状态：${status}` : `has the status "${status}"`)) : undefined;
  const extras =
    locale === 'zh'
      ? [facts.carrier && `承运商：${facts.carrier}`, facts.tracking && `运单号：${facts.tracking}`, facts.eta && `预计送达：${facts.eta}`]
      : [facts.carrier && `carrier: ${facts.carrier}`, facts.tracking && `tracking number: ${facts.tracking}`, facts.eta && `expected: ${facts.eta}`];
  const more = extras.filter(Boolean);
  if (locale === 'zh')
    return `您的订单 ${order} ${state ?? '已在系统中'}${more.length > 0 ? `（${more.join('，')}）` : ''}${/[？?]$/.test(state ?? '') ? '' : '。'}`;
  return `Your order ${order} ${state ?? 'is in our system'}${more.length > 0 ? ` (${more.join(', ')})` : ''}${/\?$/.test(state ?? '') ? '' : '.'}`;
}

const OPENING: Readonly<Record<Locale, string>> = {
  en: "Thanks for your patience, I'm looking into this for you now.",
  zh: '感谢您的耐心等待，我这就帮您处理。',
};

/**
 * The suggested reply. With neither an answer nor order facts it is a courteous opening the agent
 * continues, never empty.
 *
 * @example suggestedReply({ locale: 'zh', answer: '...', orderFacts: { order: 'A1001', status: 'shipped' }, upset: true, scenario: 'late_delivery', seed: 't1' })
 */
export function suggestedReply(input: SuggestedReplyInput): { text: string; from: { empathy: boolean; faq: boolean; orderFacts: boolean } } {
  const locale = toLocale(input.locale);
  const facts = input.orderFacts ? orderSentence(locale, input.orderFacts) : undefined;
  const answer = input.answer?.trim() || undefined;
  const empathy = input.upset ? pickPhrase(locale, input.scenario, input.seed, input.market) : undefined;
  const parts = [empathy, facts, answer].filter((part): part is string => Boolean(part));
  if (!facts && !answer) parts.push(OPENING[locale]);
  return { text: parts.join(locale === 'zh' ? '' : ' '), from: { empathy: Boolean(empathy), faq: Boolean(answer), orderFacts: Boolean(facts) } };
}
