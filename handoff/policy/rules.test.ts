import { describe, expect, it, vi } from 'vitest';
import type { Recognition } from '../../nlu-models/recognizer.js';
import { BUILT_IN_RULES, crisisRule, decideEscalation, escalationRule, type EscalationInput, type EscalationRule } from './index.js';

function rec(text: string, emotion = 0): Recognition {
  return {
    text,
    locale: 'en',
    intent: 'payment_issue',
    score: 0.9,
    outOfScope: false,
    alternatives: [],
    emotion: { score: emotion, negative: emotion < -0.3 },
  };
}
const input = (text: string, vip = false, emotion = 0): EscalationInput => ({ recognition: rec(text, emotion), history: [], customer: { vip } });

/** The guide's example: a VIP who mentions a bulk order is worth a person's time. */
const vipBulkOrder = escalationRule('vip_bulk_order', ({ input: { customer, recognition } }) =>
  customer.vip && /\bbulk\b/i.test(recognition.text) ? { reason: 'requested_human', detail: 'VIP customer asks about a bulk order' } : undefined,
);

describe('escalation rules', () => {
  it('a bot rule escalates with its reason, and its name travels in the decision and the ticket details', () => {
    const decision = decideEscalation(input('I want to place a bulk order', true), undefined, { rules: [...BUILT_IN_RULES, vipBulkOrder] });
    expect(decision).toMatchObject({
      escalate: true,
      reason: 'requested_human',
      rule: 'vip_bulk_order',
      priority: 60 + 15,
      detail: 'VIP customer asks about a bulk order (VIP customer)',
      numbers: { rule: 'vip_bulk_order', vipBoost: 15 },
    });
    expect(decideEscalation(input('I want to place a bulk order', false), undefined, { rules: [...BUILT_IN_RULES, vipBulkOrder] }).escalate).toBe(false);
  });

  it('the higher priority wins, and an equal one goes to the earlier rule', () => {
    const text = 'I want to place a bulk order, can I talk to a real person';
    const after = decideEscalation(input(text, true), undefined, { rules: [...BUILT_IN_RULES, vipBulkOrder] });
    expect(after).toMatchObject({ reason: 'requested_human', detail: expect.stringContaining('Asked for a person') });
    expect(after).not.toHaveProperty('rule');
    const before = decideEscalation(input(text, true), undefined, { rules: [vipBulkOrder, ...BUILT_IN_RULES] });
    expect(before).toMatchObject({ reason: 'requested_human', rule: 'vip_bulk_order' });
    const crisisToo = decideEscalation(input(`${text}, or my lawyer will`, true), undefined, { rules: [vipBulkOrder, ...BUILT_IN_RULES] });
    expect(crisisToo).toMatchObject({ reason: 'crisis' });
  });

  it('a built-in rule can be dropped', () => {
    expect(decideEscalation(input('my lawyer will call you')).escalate).toBe(true);
    const rules = BUILT_IN_RULES.filter((rule) => rule !== crisisRule);
    expect(decideEscalation(input('my lawyer will call you'), undefined, { rules }).escalate).toBe(false);
  });

  it('a throwing rule is reported and skipped; the other rules still decide', () => {
    const broken: EscalationRule = escalationRule('broken', () => {
      throw new Error('boom');
    });
    const onRuleError = vi.fn();
    const decision = decideEscalation(input('can I talk to a real person'), undefined, { rules: [broken, ...BUILT_IN_RULES], onRuleError });
    expect(decision).toMatchObject({ escalate: true, reason: 'requested_human' });
    expect(onRuleError).toHaveBeenCalledWith('broken', expect.objectContaining({ message: 'boom' }));
    expect(decideEscalation(input('hello'), undefined, { rules: [broken], onRuleError }).escalate).toBe(false);
  });

  it('a rule that answers something other than a proposal (an async rule, an unknown reason) is reported and skipped, never a NaN priority', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const asyncRule = escalationRule('async_rule', (async () => {
        throw new Error('async boom');
      }) as unknown as EscalationRule);
      const unknownReason = escalationRule('typo', () => ({ reason: 'crisiss', detail: 'a typo' }) as never);
      const notAnObject = escalationRule('truthy', () => true as never);
      const onRuleError = vi.fn();
      for (const rule of [asyncRule, unknownReason, notAnObject]) {
        const decision = decideEscalation(input('hello'), undefined, { rules: [rule, ...BUILT_IN_RULES], onRuleError });
        expect(decision.escalate).toBe(false);
        const human = decideEscalation(input('can I talk to a real person'), undefined, { rules: [rule, ...BUILT_IN_RULES], onRuleError });
        expect(human).toMatchObject({ escalate: true, reason: 'requested_human', priority: 60 });
      }
      expect(onRuleError.mock.calls.map(([name]) => name)).toEqual(['async_rule', 'async_rule', 'typo', 'typo', 'truthy', 'truthy']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a named function is a rule; a rule without a name is refused with the fix', () => {
    function chargebackWord({ input: { recognition } }: Parameters<EscalationRule>[0]) {
      return /refund dispute/.test(recognition.text) ? ({ reason: 'dialog', detail: 'refund dispute' } as const) : undefined;
    }
    expect(decideEscalation(input('a refund dispute'), undefined, { rules: [chargebackWord] })).toMatchObject({ rule: 'chargebackWord', reason: 'dialog' });
    expect(() => escalationRule(' ', () => undefined)).toThrow(/needs a name/);
  });
});
