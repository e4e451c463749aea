/**
 * The escalation policy: given what the NLU read in one message and the turns before it, should a
 * person take over, why, and how urgently. Pure: no clock, no I/O, the same input gives the same
 * decision, so it is tested with plain objects and replayed from transcripts. The reasons themselves
 * are rules (`rules.ts`): the built-in ones, plus any a bot adds.
 */
import type { EscalationDecision, EscalationInput, EscalationSignals } from './decision.js';
import { BUILT_IN_RULES, round, type EscalationRule, type RuleEscalation } from './rules.js';
import { defaultEscalationSettings, type EscalationSettings } from './settings.js';

/** Which rules run, and who hears of a rule that threw. */
export interface DecideOptions {
  /**
   * The rules, in order; the order breaks ties between proposals of equal priority (earlier wins).
   * Default `BUILT_IN_RULES`; a bot adds its own with `[...BUILT_IN_RULES, myRule]`.
   */
  readonly rules?: readonly EscalationRule[];
  /** A rule threw: it is skipped (the others still decide); report it here, e.g. to the logger. */
  readonly onRuleError?: (rule: string, error: unknown) => void;
}

/**
 * Decides whether the current message hands the conversation to a person. Every rule is checked and
 * the proposal with the highest priority wins (crisis > negative_emotion > requested_human >
 * not_understood > dialog by default; ties go to the earlier rule); a VIP adds `settings.vipBoost`.
 * A bot's own rule (a name other than its reason) is named in `numbers.rule` and in `rule`.
 * @example
 * const decision = decideEscalation({ recognition, history, customer: { vip: true } });
 * if (decision.escalate) queue.open({ reason: decision.reason, priority: decision.priority, details: decision.numbers });
 */
export function decideEscalation(
  input: EscalationInput,
  settings: EscalationSettings = defaultEscalationSettings,
  { rules = BUILT_IN_RULES, onRuleError }: DecideOptions = {},
): EscalationDecision {
  const signals = computeSignals(input, settings);
  let best: { readonly rule: string; readonly proposal: RuleEscalation } | undefined;
  for (const rule of rules) {
    let proposal: RuleEscalation | undefined;
    try {
      proposal = rule({ input, signals, settings });
    } catch (error) {
      onRuleError?.(rule.name, error);
      continue;
    }
    if (proposal != null && !isProposal(proposal, settings)) {
      // A rule written in JavaScript may answer a promise (async) or a reason with no priority: skipped, never a NaN priority.
      const answered: unknown = proposal;
      if (typeof (answered as PromiseLike<unknown> | null)?.then === 'function') {
        void Promise.resolve(answered).catch(() => undefined);
        onRuleError?.(rule.name, new TypeError(`Escalation rule '${rule.name}' answered a promise; a rule is synchronous (no I/O).`));
      } else {
        onRuleError?.(rule.name, new TypeError(`Escalation rule '${rule.name}' answered neither undefined nor { reason, detail } with a known reason.`));
      }
      continue;
    }
    if (proposal && (!best || settings.priorities[proposal.reason] > settings.priorities[best.proposal.reason])) best = { rule: rule.name, proposal };
  }
  if (!best) return { escalate: false, signals };

  const { rule, proposal } = best;
  const boost = input.customer.vip ? settings.vipBoost : 0;
  // The queue scores tickets with exact integers in -900..900; keep the sum inside.
  const priority = Math.max(-900, Math.min(900, settings.priorities[proposal.reason] + boost));
  const custom = rule !== proposal.reason;
  const numbers = { ...proposal.numbers, ...(custom ? { rule } : {}), ...(boost > 0 ? { vipBoost: boost } : {}) };
  return {
    escalate: true,
    reason: proposal.reason,
    ...(custom ? { rule } : {}),
    priority,
    detail: boost > 0 ? `${proposal.detail} (VIP customer)` : proposal.detail,
    numbers,
    ...(proposal.matched === undefined ? {} : { matched: proposal.matched }),
    signals,
  };
}

function computeSignals({ recognition, history }: EscalationInput, settings: EscalationSettings): EscalationSignals {
  const scores = [...history.map((turn) => turn.emotionScore), recognition.emotion.score];
  const window = scores.slice(-settings.trend.window);
  const trendMean = window.length === settings.trend.window ? round(window.reduce((sum, s) => sum + s, 0) / window.length) : undefined;

  const low = settings.notUnderstood.lowConfidenceBelow;
  const turns = [...history, recognition];
  let lowConfidenceTurns = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i];
    if (!(turn.outOfScope || turn.score < low)) break;
    lowConfidenceTurns++;
  }
  return {
    emotionScore: recognition.emotion.score,
    ...(trendMean === undefined ? {} : { emotionTrendMean: trendMean }),
    lowConfidenceTurns,
    intent: recognition.intent,
    score: recognition.score,
  };
}

/** A proposal the policy can rank: an object whose reason has a priority in `settings`. */
function isProposal(proposal: unknown, settings: EscalationSettings): proposal is RuleEscalation {
  if (typeof proposal !== 'object' || proposal === null) return false;
  const { reason } = proposal as { reason?: unknown };
  return (
    typeof reason === 'string' &&
    Object.hasOwn(settings.priorities, reason) &&
    Number.isFinite(settings.priorities[reason as keyof EscalationSettings['priorities']])
  );
}
