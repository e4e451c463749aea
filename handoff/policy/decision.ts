/**
 * What the escalation policy reads and decides. Plain data: the decision goes into the ticket
 * (`reason`, `priority`, `details`) and the `escalated` event as it is.
 */
import type { Recognition } from '../../nlu-models/recognizer.js';
import type { EscalationReason } from '../types.js';

export type { EscalationReason };

/** One earlier customer turn of the same conversation, as the engine keeps it. */
export interface TurnSummary {
  readonly intent: string;
  readonly score: number;
  readonly outOfScope: boolean;
  /** The emotion score of that turn, -1..1. */
  readonly emotionScore: number;
  /** Epoch milliseconds. */
  readonly at: number;
}

/** Everything the policy looks at for one customer message. */
export interface EscalationInput {
  /** The NLU's reading of the current message. */
  readonly recognition: Recognition;
  /** Earlier turns, oldest first, WITHOUT the current message (the policy adds it from `recognition`). */
  readonly history: readonly TurnSummary[];
  readonly customer: { readonly vip?: boolean };
  /** Set when a dialog decided a person must take over (e.g. a refund above the bot's limit). */
  readonly dialogRequest?: { readonly reason: string };
}

/** The figures the policy computed, whatever it decided; handy for metrics and the agent's card. */
export interface EscalationSignals {
  readonly emotionScore: number;
  /** Mean emotion over the trend window, when the conversation has enough turns. */
  readonly emotionTrendMean?: number;
  /** Out-of-scope or low-confidence turns in a row, ending with the current one. */
  readonly lowConfidenceTurns: number;
  readonly intent: string;
  readonly score: number;
}

/** The bot keeps the conversation. */
export interface StayWithBot {
  readonly escalate: false;
  readonly signals: EscalationSignals;
}

/** A person should take over. */
export interface Escalate {
  readonly escalate: true;
  readonly reason: EscalationReason;
  /** The bot's own rule that decided, when it was not a built-in one (also in `numbers.rule`). */
  readonly rule?: string;
  /** The queue priority: the reason's base, plus the VIP boost; an integer in -900..900. */
  readonly priority: number;
  /** One English sentence for agents and logs, e.g. "Emotion score -0.82 is under -0.6". */
  readonly detail: string;
  /** The figures behind the decision, e.g. `{ emotionScore: -0.82, threshold: -0.6 }`. */
  readonly numbers: Readonly<Record<string, number | string>>;
  /** The phrase in the message that triggered `crisis` or `requested_human`, as written. */
  readonly matched?: string;
  readonly signals: EscalationSignals;
}

/** The policy's answer for one message. Narrow on `escalate`. */
export type EscalationDecision = StayWithBot | Escalate;
