import { describe, expect, it } from 'vitest';
import type { Recognition } from '../../nlu-models/recognizer.js';
import { decideEscalation, parseEscalationSettings, type EscalationInput, type TurnSummary } from './index.js';

/** A Recognition as the NLU would produce it for `text`. */
function rec(text: string, over: { intent?: string; score?: number; emotion?: number; locale?: string } = {}): Recognition {
  const intent = over.intent ?? 'None';
  const emotion = over.emotion ?? 0;
  return {
    text,
    locale: over.locale ?? (/[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en'),
    intent,
    score: over.score ?? (intent === 'None' ? 0.2 : 0.9),
    outOfScope: intent === 'None',
    alternatives: intent === 'None' ? [] : [{ intent, score: over.score ?? 0.9 }],
    emotion: { score: emotion, negative: emotion < -0.3 },
  };
}

const t0 = Date.parse('2026-11-23T09:00:00Z');
function turn(intent: string, score: number, emotionScore = 0, i = 0): TurnSummary {
  return { intent, score, outOfScope: intent === 'None', emotionScore, at: t0 + i * 30_000 };
}

function input(recognition: Recognition, over: Partial<EscalationInput> = {}): EscalationInput {
  return { recognition, history: [], customer: {}, ...over };
}

describe('decideEscalation: ordinary questions stay with the bot', () => {
  const ordinary: Array<[string, string]> = [
    ['where is my order?', 'order_status'],
    ['What payment methods do you accept?', 'payment_methods'],
    ['Can I return shoes that do not fit?', 'return_policy'],
    ['How long does shipping to Canada take?', 'shipping_time'],
    ['Is the human hair wig available in brown?', 'product_availability'],
    ['Does the order go through a customs agent?', 'shipping_customs'],
    ['Please forward it to my colleague Sue, she handles returns', 'return_policy'],
    ['My order A1001 has an issue with the address', 'order_status'],
    ['我的订单在哪里?', 'order_status'],
    ['你们支持哪些付款方式?', 'payment_methods'],
    ['这款烟雾报警器什么时候发货?', 'shipping_time'],
    ['这款相机的曝光补偿怎么调?', 'product_question'],
    ['这个音箱支持多媒体播放吗?', 'product_question'],
    ['你们用的是人工智能吗?', 'faq'],
  ];
  it.each(ordinary)('%s', (text, intent) => {
    const decision = decideEscalation(input(rec(text, { intent, emotion: 0.1 }), { history: [turn('greeting', 0.95, 0.3)] }));
    expect(decision).toMatchObject({ escalate: false, signals: { intent, lowConfidenceTurns: 0 } });
  });
});

describe('decideEscalation: crisis', () => {
  const cases: Array<[string, string]> = [
    ['If this is not refunded today I will call my lawyer.', 'lawyer'],
    ["I'm going to sue you for this.", 'sue'],
    ['No need to sue anyone yet, but fix it.', 'sue'],
    ['I will file a chargeback with my bank', 'chargeback'],
    ["I'll report you to the FTC", 'report you to'],
    ['Reporting this to the BBB tonight.', 'BBB'],
    ['I am going to the press with this', 'going to the press'],
    ["I'll post it on twitter so everyone sees", 'post it on twitter'],
    ['The charger caught fire on my desk!', 'caught fire'],
    ['This heater is dangerous', 'dangerous'],
    ['再不退款我就投诉到12315', '12315'],
    ['我要去消协投诉你们', '消协'],
    ['信不信我把你们曝光', '曝光'],
    ['我已经联系律师了', '律师'],
    ['我要起诉你们公司', '起诉'],
    ['你们这是诈骗,我要报警', '诈骗'],
    ['我会找媒体', '媒体'],
    ['我去工商局告你们', '工商局'],
    ['充电宝着火了!', '着火'],
    ['孩子被烫伤了,受伤很严重', '烫伤'],
  ];
  it.each(cases)('%s → crisis (%s)', (text, phrase) => {
    const decision = decideEscalation(input(rec(text, { intent: 'complaint', score: 0.8, emotion: -0.9 })));
    expect(decision.escalate).toBe(true);
    if (!decision.escalate) return;
    expect(decision.reason).toBe('crisis');
    expect(decision.priority).toBe(100);
    expect(decision.matched).toBe(phrase);
    expect(decision.detail).toContain(phrase);
  });

  it('ignores look-alikes: pursue, issue, lawyered, 报警器', () => {
    for (const text of ['I will pursue the refund', 'There is an issue', 'We totally lawyered that contract', '报警器坏了怎么办']) {
      expect(decideEscalation(input(rec(text, { intent: 'product_question' }))).escalate).toBe(false);
    }
  });

  it('outranks every other reason, and a VIP rises by the boost', () => {
    const decision = decideEscalation(
      input(rec('转人工!不然我就起诉', { intent: 'contact_human_agent', emotion: -0.95 }), {
        customer: { vip: true },
        dialogRequest: { reason: 'refund above limit' },
      }),
    );
    expect(decision).toMatchObject({ escalate: true, reason: 'crisis', priority: 115, matched: '起诉', numbers: { kind: 'legal', vipBoost: 15 } });
  });
});

describe('decideEscalation: negative_emotion', () => {
  it('fires when the score is under the threshold (en)', () => {
    const decision = decideEscalation(input(rec('This is the third time my parcel is late, absolutely useless!', { intent: 'order_status', emotion: -0.82 })));
    expect(decision).toMatchObject({
      escalate: true,
      reason: 'negative_emotion',
      priority: 80,
      numbers: { emotionScore: -0.82, threshold: -0.6 },
    });
  });

  it('fires on a falling trend even when no single message is under the threshold (zh)', () => {
    const history = [turn('order_status', 0.9, -0.3, 0), turn('order_status', 0.9, -0.45, 1)];
    const decision = decideEscalation(input(rec('都三天了还没发货,你们到底怎么回事', { intent: 'order_status', emotion: -0.55 }), { history }));
    expect(decision).toMatchObject({ escalate: true, reason: 'negative_emotion', numbers: { trendMean: -0.433, trend: -0.25, window: 3 } });
  });

  it('does not fire when the customer is calming down', () => {
    const history = [turn('order_status', 0.9, -0.59, 0), turn('order_status', 0.9, -0.5, 1)];
    const decision = decideEscalation(input(rec('ok, thanks for checking', { intent: 'thanks', emotion: -0.3 }), { history }));
    expect(decision).toMatchObject({ escalate: false, signals: { emotionTrendMean: -0.463 } });
  });

  it('honours a per-bot threshold', () => {
    const settings = parseEscalationSettings({ negativeEmotionThreshold: -0.9 });
    expect(decideEscalation(input(rec('so annoying', { intent: 'order_status', emotion: -0.82 })), settings).escalate).toBe(false);
  });
});

describe('decideEscalation: requested_human', () => {
  it.each([
    ['I want to talk to a real person', 'real person'],
    ['Can I speak to someone please?', 'speak to someone'],
    ['agent', 'agent'],
    ['get me a representative', 'representative'],
    ['转人工', '转人工'],
    ['我要找真人', '真人'],
    ['你们客服呢?', '客服'],
    ['能不能找个人来处理', '找个人'],
  ])('%s (wording)', (text, phrase) => {
    const decision = decideEscalation(input(rec(text, { intent: 'None', score: 0.3 })));
    expect(decision).toMatchObject({ escalate: true, reason: 'requested_human', priority: 60, matched: phrase });
  });

  it('fires on the intent at or above its score', () => {
    const decision = decideEscalation(input(rec('need help from your team', { intent: 'contact_customer_service', score: 0.74 })));
    expect(decision).toMatchObject({ escalate: true, reason: 'requested_human', numbers: { score: 0.74, threshold: 0.7 } });
  });

  it('ignores the intent under its score when the wording does not ask for anyone', () => {
    const decision = decideEscalation(input(rec('need help from your team', { intent: 'contact_customer_service', score: 0.55 })));
    expect(decision.escalate).toBe(false);
  });

  // A question about how to reach the team is answered with the contact details, in both languages,
  // whichever of the two contact intents the NLU picks; a plain "put me through" beside it still counts.
  it.each([
    ['客服电话是多少', 'contact_customer_service'],
    ['有没有人工客服的电话', 'contact_human_agent'],
    ['客服邮箱', 'contact_customer_service'],
    ['人工客服几点上班', 'contact_human_agent'],
    ["what's your customer service phone number?", 'contact_customer_service'],
    ['how can I email you?', 'contact_customer_service'],
    ['what is the email address of your support team', 'contact_human_agent'],
    ['Do you have a phone number for an agent?', 'contact_human_agent'],
  ])('%s is a contact-details question, not a request', (text, intent) => {
    expect(decideEscalation(input(rec(text, { intent, score: 0.95 }))).escalate).toBe(false);
  });

  // The same mistake with other words: they name a person without asking for one.
  it.each([
    ['Is this toy safe for humans?', 'product_question'],
    ['Does the Nova 12 work with my mobile operator?', 'product_question'],
    ['这块人工草坪多少钱?', 'product_question'],
    ['安装的人工费怎么算?', 'product_question'],
    ['这是真人照片吗?', 'product_question'],
  ])('%s is not a request for a person', (text, intent) => {
    expect(decideEscalation(input(rec(text, { intent, score: 0.9 }))).escalate).toBe(false);
  });

  it.each([
    ['human please', 'human please'],
    ['Can I get a human?', 'a human'],
    ['operator!', 'operator'],
    ['人工', '人工'],
    ['我要人工', '人工'],
    ['人工客服在吗', '人工'],
    ['能和真人说话吗', '真人'],
  ])('%s still asks for a person', (text, phrase) => {
    expect(decideEscalation(input(rec(text, { intent: 'None', score: 0.3 })))).toMatchObject({ escalate: true, reason: 'requested_human', matched: phrase });
  });

  it.each(['I want to talk to a real person, what is your phone number?', '转人工，电话多少'])('%s still reaches a person', (text) => {
    expect(decideEscalation(input(rec(text, { intent: 'contact_human_agent', score: 0.95 })))).toMatchObject({ escalate: true, reason: 'requested_human' });
  });

  it('matches bot-specific phrases', () => {
    const settings = parseEscalationSettings({ extraHumanPhrases: ['stylist'] });
    expect(decideEscalation(input(rec('can a stylist help me pick?', { intent: 'product_question' })), settings)).toMatchObject({
      reason: 'requested_human',
      matched: 'stylist',
    });
  });
});

describe('decideEscalation: not_understood', () => {
  it('fires on the second out-of-scope turn in a row (the current one counts)', () => {
    const history = [turn('greeting', 0.95), turn('None', 0.2, 0, 1)];
    const decision = decideEscalation(input(rec('the thingy with the blue lid, you know', { intent: 'None', score: 0.25 }), { history }));
    expect(decision).toMatchObject({ escalate: true, reason: 'not_understood', priority: 40, numbers: { lowConfidenceTurns: 2, turns: 2 } });
  });

  it('counts low-confidence in-scope turns too (zh)', () => {
    const history = [turn('shipping_time', 0.42)];
    const decision = decideEscalation(input(rec('那个东西那个啥能不能弄一下', { intent: 'return_policy', score: 0.38 }), { history }));
    expect(decision).toMatchObject({ reason: 'not_understood' });
  });

  it('does not fire on one miss, nor when an understood turn breaks the run', () => {
    expect(decideEscalation(input(rec('blorp', { intent: 'None' }))).escalate).toBe(false);
    const history = [turn('None', 0.1), turn('order_status', 0.9, 0, 1)];
    expect(decideEscalation(input(rec('hmm what', { intent: 'None' }), { history }))).toMatchObject({ escalate: false, signals: { lowConfidenceTurns: 1 } });
  });

  it('honours N per bot', () => {
    const settings = parseEscalationSettings({ notUnderstood: { turns: 3 } });
    const history = [turn('None', 0.1)];
    expect(decideEscalation(input(rec('???', { intent: 'None' }), { history }), settings).escalate).toBe(false);
    expect(settings.notUnderstood.lowConfidenceBelow).toBe(0.5);
  });
});

describe('decideEscalation: dialog', () => {
  it('fires when a flow asks for a person, below every other reason', () => {
    const decision = decideEscalation(
      input(rec('I want a refund of $450 for order A1001', { intent: 'refund_request' }), { dialogRequest: { reason: 'refund above limit' } }),
    );
    expect(decision).toMatchObject({ escalate: true, reason: 'dialog', priority: 30, numbers: { dialogReason: 'refund above limit' } });
    expect(decision.escalate && decision.detail).toContain('refund above limit');
  });

  it('loses to a human request in the same message', () => {
    const decision = decideEscalation(input(rec('退款500元,转人工处理', { intent: 'refund_request' }), { dialogRequest: { reason: 'refund above limit' } }));
    expect(decision).toMatchObject({ reason: 'requested_human' });
  });
});
