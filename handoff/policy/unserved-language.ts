/**
 * A message in a language the bot has no model for goes to a person instead of the "I didn't get
 * that" fallback: the bot would misread it (a German complaint scores as neutral English). Pure, like
 * the rest of the policy: the caller says which language was identified and what the bot serves.
 */
import { languageName } from '../../nlu-models/language-id.js';
import type { Escalate, EscalationSignals } from './decision.js';
import { defaultEscalationSettings, type EscalationSettings } from './settings.js';

/**
 * The escalation for a message in `language`, which the bot does not serve (`served`): reason
 * `not_understood` with the language on the ticket (`details.unservedLanguage`), shown on the card and
 * in the console as "Writes in German (de); the bot serves en, zh".
 */
export function unservedLanguageEscalation(
  { language, served, vip, signals }: { language: string; served: readonly string[]; vip: boolean; signals: EscalationSignals },
  settings: EscalationSettings = defaultEscalationSettings,
): Escalate {
  const boost = vip ? settings.vipBoost : 0;
  const priority = Math.max(-900, Math.min(900, settings.priorities.not_understood + boost));
  return {
    escalate: true,
    reason: 'not_understood',
    priority,
    detail: `Writes in ${languageName(language)}; the bot serves ${served.join(', ')}${vip ? ' (VIP customer)' : ''}`,
    numbers: { unservedLanguage: language, ...(boost > 0 ? { vipBoost: boost } : {}) },
    signals,
  };
}
