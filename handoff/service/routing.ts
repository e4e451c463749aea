/**
 * Routing rules: which skill queue a new ticket joins, from why it was escalated, the customer's last
 * intent, their language and whether they are a VIP. Rules are tried in order and the first match
 * wins; a rule may name a fallback skill for when nobody on duty serves its own, so a crisis never
 * waits in an empty "senior" queue while general agents sit free. Pure: the agents are passed in.
 */
import { z } from 'zod';
import { speaks } from '../store/transitions.js';
import type { Agent, EscalationReason } from '../types.js';

const REASONS = ['crisis', 'negative_emotion', 'requested_human', 'not_understood', 'dialog'] as const;
const skillName = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, "_" or "-" (a skill an agent account lists)');
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(50)]);

/** The schema of `HANDOFF_SETTINGS.routing`, for the handoff settings to embed. */
export const routingSchema = z
  .object({
    rules: z
      .array(
        z
          .object({
            /** Shown to agents on the ticket ("crisis to senior"); defaults to a description of the rule. */
            name: z.string().min(1).max(60).optional(),
            reason: oneOrMany(z.enum(REASONS)).optional(),
            intent: oneOrMany(z.string().min(1).max(80)).optional(),
            /** Language tags; 'zh' also matches 'zh-CN'. */
            language: oneOrMany(z.string().min(2).max(20)).optional(),
            vip: z.boolean().optional(),
            skill: skillName,
            /** Used instead of `skill` when no available agent serves `skill` in the ticket's language. */
            fallbackSkill: skillName.optional(),
          })
          .strict(),
      )
      .max(100)
      .default([{ name: 'crisis to senior', reason: 'crisis', skill: 'senior', fallbackSkill: 'general' }]),
    /** The skill of a ticket no rule matches. */
    fallbackSkill: skillName.default('general'),
  })
  .strict()
  .prefault({});

export type RoutingSettings = z.output<typeof routingSchema>;
export type RoutingRule = RoutingSettings['rules'][number];

/** What routing looks at. */
export interface RouteInput {
  readonly reason: EscalationReason;
  readonly intent?: string;
  readonly language: string;
  readonly vip: boolean;
}

/** Where the ticket goes, and the rule that sent it there (shown on the card and in the console). */
export interface Route {
  readonly skill: string;
  /** e.g. "crisis to senior", "crisis to senior: nobody on duty serves senior, so general", "default: general". */
  readonly routedBy: string;
}

const list = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value as T];

function matches(rule: RoutingRule, input: RouteInput): boolean {
  const reasons = list(rule.reason);
  const intents = list(rule.intent);
  const languages = list(rule.language);
  if (reasons && !reasons.includes(input.reason)) return false;
  if (intents && (input.intent === undefined || !intents.includes(input.intent))) return false;
  if (languages && !speaks(languages, input.language)) return false;
  if (rule.vip !== undefined && rule.vip !== input.vip) return false;
  return true;
}

function describe(rule: RoutingRule): string {
  if (rule.name) return rule.name;
  const when = [
    list(rule.reason)?.join('/'),
    list(rule.intent)?.join('/'),
    list(rule.language)?.join('/'),
    rule.vip === undefined ? undefined : rule.vip ? 'VIP' : 'not VIP',
  ];
  return `${when.filter(Boolean).join(', ') || 'any'} to ${rule.skill}`;
}

/** Whether an available agent serves `skill` in `language` now. */
export function servedNow(skill: string, language: string, agents: readonly Agent[]): boolean {
  return agents.some((a) => a.presence === 'available' && a.skills.includes(skill) && speaks(a.languages, language));
}

/**
 * The first matching rule's skill, or its fallback when nobody on duty serves that skill, or the
 * settings' fallback skill when no rule matches.
 * @example chooseRoute({ reason: 'crisis', language: 'en', vip: false }, routing, agents) // { skill: 'senior', routedBy: 'crisis to senior' }
 */
export function chooseRoute(input: RouteInput, routing: RoutingSettings, agents: readonly Agent[]): Route {
  const rule = routing.rules.find((r) => matches(r, input));
  if (!rule) return { skill: routing.fallbackSkill, routedBy: `default: ${routing.fallbackSkill}` };
  const name = describe(rule);
  if (rule.fallbackSkill === undefined || servedNow(rule.skill, input.language, agents)) return { skill: rule.skill, routedBy: name };
  return { skill: rule.fallbackSkill, routedBy: `${name}: nobody on duty serves ${rule.skill}, so ${rule.fallbackSkill}` };
}

/** Where a new ticket goes and what its card says about that. */
export interface Placement {
  readonly skill: string;
  /** Kept in the ticket's details: the rule that routed it, and `callback` when nobody can take it now. */
  readonly details: { readonly routedBy?: string; readonly callback?: true };
}

/**
 * Places a new ticket: the routing rules choose the skill unless a caller already chose one, and the
 * ticket is a callback when nobody can take it now (`isNobodyOnDuty`, e.g. the team is closed or no
 * available agent serves the skill), so the customer is asked to leave a message and the team sees it.
 */
export function placeTicket(
  input: RouteInput & { readonly skill?: string },
  routing: RoutingSettings,
  agents: readonly Agent[],
  isNobodyOnDuty: (skill: string) => boolean,
): Placement {
  const route = input.skill ? undefined : chooseRoute(input, routing, agents);
  const skill = input.skill ?? route?.skill ?? routing.fallbackSkill;
  const callback = isNobodyOnDuty(skill);
  return { skill, details: { ...(route ? { routedBy: route.routedBy } : {}), ...(callback ? { callback: true as const } : {}) } };
}
