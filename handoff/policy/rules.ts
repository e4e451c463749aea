/**
 * Escalation rules: each looks at one message and either proposes a hand-over (a `RuleEscalation`) or
 * says nothing. The built-in rules are exported one by one and as `BUILT_IN_RULES`, so a bot can add
 * its own beside them, reorder them or drop one. A rule is a plain function; its `name` (the function's
 * own name, or the one `escalationRule` gives it) goes into the ticket's details and the metrics.
 *
 * @example
 * const vipChargeback = escalationRule('vip_chargeback', ({ input }) =>
 *   input.customer.vip && /chargeback/i.test(input.recognition.text)
 *     ? { reason: 'crisis', detail: 'VIP customer mentions a chargeback' }
 *     : undefined);
 * decideEscalation(input, settings, { rules: [...BUILT_IN_RULES, vipChargeback] });
 */
import type { EscalationInput, EscalationReason, EscalationSignals } from './decision.js';
import { asksForContactDetails, findCrisisPhrase, findExplicitHumanRequest, findHumanRequest } from './phrases.js';
import type { EscalationSettings } from './settings.js';

/** What a rule reads: the message and its history, the figures computed once for all rules, the settings. */
export interface RuleContext {
  readonly input: EscalationInput;
  readonly signals: EscalationSignals;
  readonly settings: EscalationSettings;
}

/** A rule's proposal: the reason (it sets the queue priority), one sentence for agents, the figures behind it. */
export interface RuleEscalation {
  readonly reason: EscalationReason;
  readonly detail: string;
  readonly numbers?: Readonly<Record<string, number | string>>;
  /** The phrase in the message that triggered it, as written. */
  readonly matched?: string;
}

/** One rule: a named pure function (no clock, no I/O). A throw is reported and the rule skipped. */
export type EscalationRule = ((context: RuleContext) => RuleEscalation | undefined) & { readonly name: string };

/**
 * Names an arrow function as a rule (`const r = () => ...` takes the variable's name, an inline arrow none).
 * @throws TypeError when `name` is empty: the name is how the ticket and the metrics tell rules apart.
 */
export function escalationRule(name: string, check: (context: RuleContext) => RuleEscalation | undefined): EscalationRule {
  if (!name.trim()) throw new TypeError('An escalation rule needs a name (e.g. "vip_chargeback"): it goes into the ticket and the metrics.');
  return Object.defineProperty((context: RuleContext) => check(context), 'name', { value: name });
}

/** Legal threats, regulators, media, safety, fraud, and the bot's extra crisis phrases. */
export const crisisRule = escalationRule('crisis', ({ input, settings }) => {
  const found = findCrisisPhrase(input.recognition.text, settings.extraCrisisPhrases);
  if (!found) return undefined;
  return { reason: 'crisis', detail: `Crisis wording (${found.kind}): "${found.phrase}"`, numbers: { kind: found.kind }, matched: found.phrase };
});

/** A very negative message, or an emotion falling over the trend window. */
export const negativeEmotionRule = escalationRule('negative_emotion', ({ input, signals, settings }): RuleEscalation | undefined => {
  const threshold = settings.negativeEmotionThreshold;
  if (signals.emotionScore < threshold) {
    return {
      reason: 'negative_emotion',
      detail: `Emotion score ${signals.emotionScore} is under ${threshold}`,
      numbers: { emotionScore: signals.emotionScore, threshold },
    };
  }
  const mean = signals.emotionTrendMean;
  if (mean === undefined || mean >= settings.trend.meanBelow) return undefined;
  // "Falling" means the window ends lower than it started: a customer calming down is left with the bot.
  const first = input.history[input.history.length - settings.trend.window + 1]?.emotionScore ?? signals.emotionScore;
  const trend = round(signals.emotionScore - first);
  if (trend >= 0) return undefined;
  return {
    reason: 'negative_emotion',
    detail: `Emotion falling over ${settings.trend.window} turns (mean ${mean}, under ${settings.trend.meanBelow})`,
    numbers: { emotionScore: signals.emotionScore, trendMean: mean, trend, threshold: settings.trend.meanBelow, window: settings.trend.window },
  };
});

/** A human intent the NLU is sure of, or a way of asking for a person (built-in or the bot's extra phrases). */
export const requestedHumanRule = escalationRule('requested_human', ({ input: { recognition }, settings }): RuleEscalation | undefined => {
  // "What is your service phone number?" is answered with the number, not put through to a person;
  // an explicit "real person" / "转人工" alongside it still is.
  if (asksForContactDetails(recognition.text) && !findExplicitHumanRequest(recognition.text)) return undefined;
  if (settings.humanIntents.includes(recognition.intent) && recognition.score >= settings.humanIntentMinScore) {
    return {
      reason: 'requested_human',
      detail: `Intent ${recognition.intent} at ${recognition.score}`,
      numbers: { intent: recognition.intent, score: recognition.score, threshold: settings.humanIntentMinScore },
    };
  }
  const found = findHumanRequest(recognition.text, settings.extraHumanPhrases);
  if (!found) return undefined;
  return {
    reason: 'requested_human',
    detail: `Asked for a person: "${found.phrase}"`,
    numbers: { intent: recognition.intent, score: recognition.score },
    matched: found.phrase,
  };
});

/** N turns in a row out of scope or under the confidence floor. */
export const notUnderstoodRule = escalationRule('not_understood', ({ signals, settings }) => {
  const { turns, lowConfidenceBelow } = settings.notUnderstood;
  if (signals.lowConfidenceTurns < turns) return undefined;
  return {
    reason: 'not_understood',
    detail: `${signals.lowConfidenceTurns} turns in a row out of scope or under ${lowConfidenceBelow} confidence`,
    numbers: { lowConfidenceTurns: signals.lowConfidenceTurns, turns, lowConfidenceBelow },
  };
});

/** A dialog decided a person must take over (e.g. a refund above the bot's limit). */
export const dialogRule = escalationRule('dialog', ({ input: { dialogRequest } }) => {
  if (!dialogRequest) return undefined;
  return { reason: 'dialog', detail: `A dialog asked for a person: ${dialogRequest.reason}`, numbers: { dialogReason: dialogRequest.reason } };
});

/** The built-in rules, most urgent first: the order breaks ties between reasons of equal priority. */
export const BUILT_IN_RULES: readonly EscalationRule[] = [crisisRule, negativeEmotionRule, requestedHumanRule, notUnderstoodRule, dialogRule];

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
