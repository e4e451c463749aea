/**
 * The escalation policy: given what the NLU read in one message and the turns before it, should a
 * person take over, why, and how urgently. Pure: no clock, no I/O, the same input gives the same
 * decision, so it is tested with plain objects and replayed from transcripts.
 */
import type { EscalationDecision, EscalationInput, EscalationReason, EscalationSignals } from './decision.js';
import { asksForContactDetails, findCrisisPhrase, findExplicitHumanRequest, findHumanRequest } from './phrases.js';
import { defaultEscalationSettings, type EscalationSettings } from './settings.js';

/** The fixed order used when two reasons share a priority: most urgent first. */
const reasonOrder: readonly EscalationReason[] = ['crisis', 'negative_emotion', 'requested_human', 'not_understood', 'dialog'];

interface Candidate {
  readonly reason: EscalationReason;
  readonly detail: string;
  readonly numbers: Record<string, number | string>;
  readonly matched?: string;
}

/**
 * Decides whether the current message hands the conversation to a person. Every rule is checked and
 * the one with the highest priority wins (crisis > negative_emotion > requested_human >
 * not_understood > dialog by default); a VIP adds `settings.vipBoost`.
 * @example
 * const decision = decideEscalation({ recognition, history, customer: { vip: true } });
 * if (decision.escalate) queue.open({ reason: decision.reason, priority: decision.priority, details: decision.numbers });
 */
export function decideEscalation(input: EscalationInput, settings: EscalationSettings = defaultEscalationSettings): EscalationDecision {
  const signals = computeSignals(input, settings);
  const candidates = [
    crisis(input, settings),
    negativeEmotion(input, signals, settings),
    requestedHuman(input, settings),
    notUnderstood(signals, settings),
    dialog(input),
  ].filter((c): c is Candidate => c !== undefined);
  if (candidates.length === 0) return { escalate: false, signals };

  const rank = (c: Candidate) => settings.priorities[c.reason] * 10 - reasonOrder.indexOf(c.reason);
  const best = candidates.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const boost = input.customer.vip ? settings.vipBoost : 0;
  // The queue scores tickets with exact integers in -900..900; keep the sum inside.
  const priority = Math.max(-900, Math.min(900, settings.priorities[best.reason] + boost));
  const numbers = boost > 0 ? { ...best.numbers, vipBoost: boost } : best.numbers;
  return {
    escalate: true,
    reason: best.reason,
    priority,
    detail: boost > 0 ? `${best.detail} (VIP customer)` : best.detail,
    numbers,
    ...(best.matched === undefined ? {} : { matched: best.matched }),
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

function crisis({ recognition }: EscalationInput, settings: EscalationSettings): Candidate | undefined {
  const found = findCrisisPhrase(recognition.text, settings.extraCrisisPhrases);
  if (!found) return undefined;
  return { reason: 'crisis', detail: `Crisis wording (${found.kind}): "${found.phrase}"`, numbers: { kind: found.kind }, matched: found.phrase };
}

function negativeEmotion({ history }: EscalationInput, signals: EscalationSignals, settings: EscalationSettings): Candidate | undefined {
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
  const first = history[history.length - settings.trend.window + 1]?.emotionScore ?? signals.emotionScore;
  const trend = round(signals.emotionScore - first);
  if (trend >= 0) return undefined;
  return {
    reason: 'negative_emotion',
    detail: `Emotion falling over ${settings.trend.window} turns (mean ${mean}, under ${settings.trend.meanBelow})`,
    numbers: { emotionScore: signals.emotionScore, trendMean: mean, trend, threshold: settings.trend.meanBelow, window: settings.trend.window },
  };
}

function requestedHuman({ recognition }: EscalationInput, settings: EscalationSettings): Candidate | undefined {
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
}

function notUnderstood(signals: EscalationSignals, settings: EscalationSettings): Candidate | undefined {
  const { turns, lowConfidenceBelow } = settings.notUnderstood;
  if (signals.lowConfidenceTurns < turns) return undefined;
  return {
    reason: 'not_understood',
    detail: `${signals.lowConfidenceTurns} turns in a row out of scope or under ${lowConfidenceBelow} confidence`,
    numbers: { lowConfidenceTurns: signals.lowConfidenceTurns, turns, lowConfidenceBelow },
  };
}

function dialog({ dialogRequest }: EscalationInput): Candidate | undefined {
  if (!dialogRequest) return undefined;
  return { reason: 'dialog', detail: `A dialog asked for a person: ${dialogRequest.reason}`, numbers: { dialogReason: dialogRequest.reason } };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
