/**
 * The handoff's per-bot settings: the golden 30 seconds (SLA and reminders), how the expected wait is
 * estimated, business hours. Every field has a default; a bot overrides only what it needs:
 * `parseHandoffSettings({ sla: { firstReplySeconds: 60 } })`.
 */
import { z } from 'zod';
import { ConfigError } from '../../infra/errors.js';
import { parseBusinessHours, type BusinessHours } from '../business-hours.js';
import { routingSchema } from './routing.js';
import { parseTeams, teamsSchema, type Team } from './teams.js';

const schema = z
  .object({
    sla: z
      .object({
        /** A queued customer should hear from a person within this; past it agents are reminded and the customer updated. */
        firstReplySeconds: z.number().int().min(5, 'must be at least 5 seconds').max(86_400).default(30),
        /** While still waiting after the SLA, agents are reminded and the customer updated this often. */
        reminderEverySeconds: z.number().int().min(10, 'must be at least 10 seconds').max(86_400).default(60),
        /** Each reminder raises the ticket's priority by this, so long waits rise in the queue. */
        priorityBumpPerReminder: z.number().int().min(0).max(100).default(10),
      })
      .strict()
      .prefault({}),
    /** Average minutes an agent spends on a ticket: the base of the expected wait shown to customers. */
    averageHandleMinutes: z.number().min(0.5).max(240).default(4),
    /** A queued customer who keeps writing is told their place at most this often (seconds). */
    queueNoticeEverySeconds: z.number().int().min(0).max(3600).default(60),
    /** When the team works; absent means always (the bot still queues, and says when they are back). */
    businessHours: z.unknown().optional(),
    /** Which skill queue a new ticket joins (routing.ts); by default a crisis goes to `senior`, else `general`. */
    routing: routingSchema,
    /** Follow-the-sun teams, each a skill with its own hours and languages (teams.ts, docs/cross-border.md). */
    teams: teamsSchema,
  })
  .strict();

/** Validated handoff settings. */
export interface HandoffSettings extends Omit<z.output<typeof schema>, 'businessHours' | 'teams'> {
  readonly businessHours?: BusinessHours;
  readonly teams?: readonly Team[];
}
export type HandoffSettingsInput = z.input<typeof schema>;

/**
 * Validates a bot's handoff settings and fills the defaults.
 * @throws ConfigError naming each bad field and the allowed range.
 */
export function parseHandoffSettings(input: unknown = {}): HandoffSettings {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.') || '(root)';
      return issue.code === 'unrecognized_keys' ? `${path}: unknown setting(s) ${issue.keys.join(', ')}` : `${path} ${issue.message}`;
    });
    throw new ConfigError(`Invalid HANDOFF_SETTINGS (the handoff settings); fix these fields:\n- ${problems.join('\n- ')}`);
  }
  const { businessHours, teams, ...rest } = result.data;
  const parsedTeams = parseTeams(teams);
  return {
    ...rest,
    ...(businessHours === undefined ? {} : { businessHours: parseBusinessHours(businessHours) }),
    ...(parsedTeams ? { teams: parsedTeams } : {}),
  };
}
