/**
 * The incident radar's settings (docs/incident-radar.md), spread into the schema of `config.ts`:
 * `RADAR_RULES` (a JSON array of surge rules), `RADAR_SLACK_CHANNEL` (where alerts go),
 * `RADAR_TICK_SECONDS` (how often each instance looks) and `RADAR_AUTO_RESOLVE_MINUTES`.
 *
 * A rule watches one signal (`intent:<name>`, `intent:*`, `escalated:<reason>`, `escalated:*` or
 * `negative`) over a rolling window: it fires when the count reaches `minCount` and, when `factor` is
 * given, also `factor` times the usual count for that hour. `minCount` is the floor that makes a quiet
 * shop with no history work.
 */
import { z } from 'zod';

/** One surge rule, as validated. */
export interface SurgeRule {
  /** Names the rule in incidents and alerts, e.g. 'wismo'. */
  readonly id: string;
  /** What is counted: `intent:<name>`, `escalated:<reason>`, `negative`; `*` for "each intent / each reason". */
  readonly signal: string;
  readonly windowMinutes: number;
  /** Fire only at `factor` × the usual count (for this hour) or more; unset: `minCount` alone decides. */
  readonly factor?: number;
  /** Never fire below this many in the window (the floor). */
  readonly minCount: number;
}

/** The defaults: quiet on a demo (a person testing the bot never reaches them), loud on a real surge. */
export const DEFAULT_RADAR_RULES: readonly SurgeRule[] = [
  { id: 'wismo', signal: 'intent:track_order', windowMinutes: 15, factor: 10, minCount: 30 },
  { id: 'crisis', signal: 'escalated:crisis', windowMinutes: 10, minCount: 5 },
  { id: 'anger', signal: 'negative', windowMinutes: 15, factor: 5, minCount: 30 },
  { id: 'intent-surge', signal: 'intent:*', windowMinutes: 15, factor: 10, minCount: 60 },
  { id: 'escalation-surge', signal: 'escalated:*', windowMinutes: 15, factor: 5, minCount: 20 },
];

const SIGNAL = /^(intent:(\*|[\w.-]{1,64})|escalated:(\*|[a-z_]{1,32})|negative)$/;

const FACTOR_FIX = 'must be a number from 1 to 1000, e.g. 10 (ten times the usual)';
const COUNT_FIX = 'must be a whole number from 1 to 1000000, e.g. 5';

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { error: 'must be 1 to 40 lowercase letters, digits, - or _, e.g. "wismo"' }),
    signal: z.string().regex(SIGNAL, {
      error: 'must be intent:<intent> (e.g. intent:track_order), intent:*, escalated:<reason> (e.g. escalated:crisis), escalated:* or negative',
    }),
    windowMinutes: z
      .number({ error: 'must be a whole number of minutes from 1 to 60' })
      .int({ error: 'must be a whole number of minutes from 1 to 60' })
      .min(1, { error: 'must be a whole number of minutes from 1 to 60' })
      .max(60, { error: 'must be at most 60 minutes' }),
    factor: z.number({ error: FACTOR_FIX }).min(1, { error: FACTOR_FIX }).max(1000, { error: FACTOR_FIX }).optional(),
    minCount: z.number({ error: COUNT_FIX }).int({ error: COUNT_FIX }).min(1, { error: COUNT_FIX }).max(1_000_000, { error: COUNT_FIX }),
  })
  .strict();

const RULES_EXAMPLE = '[{"id":"wismo","signal":"intent:track_order","windowMinutes":15,"factor":10,"minCount":30}]';

/** Parses `RADAR_RULES`; unset or empty gives the defaults, `[]` turns the radar's rules off. */
export function parseRadarRules(text: string | undefined): { rules: readonly SurgeRule[] } | { problem: string } {
  if (text === undefined || text.trim() === '') return { rules: DEFAULT_RADAR_RULES };
  if (text.length > 20_000) return { problem: 'is longer than 20000 characters: keep at most 50 rules.' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: `is not JSON: write a JSON array of rules, e.g. ${RULES_EXAMPLE}` };
  }
  const parsed = z.array(ruleSchema).max(50).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `rule ${issue.path.map(String).join('.')}` : 'the list';
    const message =
      issue.code === 'unrecognized_keys'
        ? `has the unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')} (a rule takes id, signal, windowMinutes, factor and minCount)`
        : issue.message;
    return { problem: `has a bad rule: ${where} ${message}. Each rule is like ${RULES_EXAMPLE}.` };
  }
  const ids = parsed.data.map((rule) => rule.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) return { problem: `names the rule "${repeated}" twice: give every rule its own id.` };
  return { rules: parsed.data.map((rule) => ({ ...rule })) };
}

/** The radar's settings for `config.ts`. */
export const radarSettings = {
  RADAR_RULES: z
    .string()
    .optional()
    .transform((value, context): readonly SurgeRule[] => {
      const parsed = parseRadarRules(value);
      if ('rules' in parsed) return parsed.rules;
      context.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
  RADAR_SLACK_CHANNEL: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
    .refine((value) => value === undefined || /^[CG][A-Z0-9]{6,}$/.test(value), {
      message: "must be a channel ID like C0123456789, not its #name (in Slack: the channel's name > About > Channel ID).",
    }),
  RADAR_TICK_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds from 5 to 600 (default 30)' })
    .int({ error: 'must be a whole number of seconds from 5 to 600 (default 30)' })
    .min(5, { error: 'must be at least 5 seconds (default 30)' })
    .max(600, { error: 'must be at most 600 seconds (default 30)' })
    .default(30),
  RADAR_AUTO_RESOLVE_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes, 0 (never) to 1440 (default 60)' })
    .int({ error: 'must be a whole number of minutes, 0 (never) to 1440 (default 60)' })
    .min(0, { error: 'must be 0 (never) or more minutes (default 60)' })
    .max(1440, { error: 'must be at most 1440 minutes (default 60)' })
    .default(60),
};

/** Cross-setting checks: alerts to Slack need the Slack bot token. */
export function checkRadarSettings(
  settings: { RADAR_SLACK_CHANNEL?: string | undefined; SLACK_BOT_TOKEN?: string | undefined },
  context: z.RefinementCtx,
): void {
  if (settings.RADAR_SLACK_CHANNEL && !settings.SLACK_BOT_TOKEN) {
    context.addIssue({
      code: 'custom',
      path: ['RADAR_SLACK_CHANNEL'],
      message: 'is set, but SLACK_BOT_TOKEN is not: radar alerts are posted with the Slack bot token. Set SLACK_BOT_TOKEN, or unset RADAR_SLACK_CHANNEL.',
    });
  }
}
