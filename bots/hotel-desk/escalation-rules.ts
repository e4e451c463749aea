/**
 * The hotel's own escalation rule, beside Baton's built-in ones: a guest who mentions a medical emergency
 * goes to a person at once, with the top priority (`crisis`), whatever the NLU made of the message. Passed
 * to `createBaton({ escalationRules: HOTEL_ESCALATION_RULES })` (docs/guide-escalation-rule.md).
 */
import { BUILT_IN_RULES, type EscalationRule, escalationRule } from 'baton';

// Words, not sentences: "my husband collapsed", "她呼吸困难". Each is a fixed phrase, matched once (linear).
const MEDICAL_EN =
  /\b(ambulance|paramedics?|heart attack|stroke|seizure|unconscious|collapsed|can'?t breathe|cannot breathe|not breathing|bleeding badly|allergic reaction|anaphylaxis|overdose|medical emergency|need a doctor|call a doctor)\b/i;
const MEDICAL_ZH = /救护车|急救|心脏病|中风|昏迷|晕倒|呼吸困难|喘不过气|大出血|过敏反应|医疗急救|叫医生|需要医生/u;

/** A medical emergency in the guest's words: a person at once, as a crisis. */
export const medicalEmergencyRule: EscalationRule = escalationRule('medical_emergency', ({ input }) => {
  const text = input.recognition.text;
  const found = MEDICAL_EN.exec(text) ?? MEDICAL_ZH.exec(text);
  if (!found) return undefined;
  return { reason: 'crisis', detail: `Guest mentions a medical emergency: "${found[0]}"`, matched: found[0] };
});

/** The hotel's rules: its own first (it names the ticket when a built-in crisis rule also fires), then Baton's. */
export const HOTEL_ESCALATION_RULES: readonly EscalationRule[] = [medicalEmergencyRule, ...BUILT_IN_RULES];
