/**
 * The escalation policy: when a conversation moves from the bot to a person, why, and how urgently.
 * Import from here only.
 */
export { decideEscalation, type DecideOptions } from './decide-escalation.js';
export {
  BUILT_IN_RULES,
  crisisRule,
  dialogRule,
  escalationRule,
  negativeEmotionRule,
  notUnderstoodRule,
  requestedHumanRule,
  type EscalationRule,
  type RuleContext,
  type RuleEscalation,
} from './rules.js';
export type { EscalationDecision, EscalationInput, EscalationReason, EscalationSignals, Escalate, StayWithBot, TurnSummary } from './decision.js';
export { findCrisisPhrase, findHumanRequest, type CrisisKind, type PhraseMatch } from './phrases.js';
export { defaultEscalationSettings, parseEscalationSettings, type EscalationSettings, type EscalationSettingsInput } from './settings.js';
