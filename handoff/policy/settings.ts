/**
 * Escalation thresholds, per bot. Every field has a default, so a bot overrides only what it needs:
 * `parseEscalationSettings({ negativeEmotionThreshold: -0.5 })`.
 */
import { z } from 'zod';
import { ConfigError } from '../../infra/errors.js';

const priority = z.number().int().min(-900).max(900);

// `.prefault({})` runs a missing nested object through its own field defaults, so
// `{ notUnderstood: { turns: 3 } }` keeps the default `lowConfidenceBelow`.
const schema = z
  .object({
    /** A message whose emotion score is under this escalates as `negative_emotion` (-1..0). */
    negativeEmotionThreshold: z.number().min(-1, 'must be at least -1').max(0, 'must be 0 or less (scores run from -1 to 1)').default(-0.6),
    trend: z
      .object({
        /** How many recent emotion scores (the current one included) make the trend. */
        window: z.number().int().min(2, 'must be at least 2: one score is not a trend').max(20).default(3),
        /** The window's mean must be under this, and the scores falling, to escalate. */
        meanBelow: z.number().min(-1).max(0, 'must be 0 or less').default(-0.4),
      })
      .strict()
      .prefault({}),
    /** Intents that mean "give me a person". */
    humanIntents: z.array(z.string().min(1)).default(['contact_human_agent', 'contact_customer_service']),
    /** A human intent counts only at or above this score (0..1). */
    humanIntentMinScore: z.number().min(0).max(1).default(0.7),
    notUnderstood: z
      .object({
        /** Out-of-scope or low-confidence turns in a row, the current one included. */
        turns: z.number().int().min(1, 'must be at least 1').max(20).default(2),
        /** A turn whose intent score is under this counts as not understood (0..1). */
        lowConfidenceBelow: z.number().min(0).max(1).default(0.5),
      })
      .strict()
      .prefault({}),
    /** Base priority per reason; the queue needs integers between -900 and 900. */
    priorities: z
      .object({
        crisis: priority.default(100),
        negative_emotion: priority.default(80),
        requested_human: priority.default(60),
        not_understood: priority.default(40),
        dialog: priority.default(30),
      })
      .strict()
      .prefault({}),
    /** Added to the priority of VIP customers. */
    vipBoost: z.number().int().min(0).max(500).default(15),
    /** Bot-specific crisis words (e.g. a product recall name); matched like the built-in ones. */
    extraCrisisPhrases: z.array(z.string().min(2, 'must be at least 2 characters')).default([]),
    /** Bot-specific ways of asking for a person. */
    extraHumanPhrases: z.array(z.string().min(2, 'must be at least 2 characters')).default([]),
  })
  .strict();

/** Validated escalation settings. */
export type EscalationSettings = z.output<typeof schema>;

/** What a bot may pass: any subset, nested objects partial too. */
export type EscalationSettingsInput = z.input<typeof schema>;

/** The settings used when a bot overrides nothing. */
export const defaultEscalationSettings: EscalationSettings = Object.freeze(schema.parse({}));

/**
 * Validates a bot's overrides and fills in the defaults.
 * @throws ConfigError listing every bad field and the allowed range (never the value).
 * @example parseEscalationSettings({ notUnderstood: { turns: 3 }, vipBoost: 30 })
 */
export function parseEscalationSettings(input: unknown = {}): EscalationSettings {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    if (issue.code === 'unrecognized_keys') {
      return `${path === '(root)' ? '' : `${path}: `}unknown setting(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}; known: ${knownKeys(issue.path)}`;
    }
    // The rule, not the value: settings errors land in shared logs, and a value may be pasted from elsewhere.
    return `${path} ${issue.message}`;
  });
  throw new ConfigError(`Invalid escalation settings:\n- ${problems.join('\n- ')}`);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function knownKeys(path: readonly PropertyKey[]): string {
  const defaults = valueAt(defaultEscalationSettings, path);
  return defaults && typeof defaults === 'object' ? Object.keys(defaults).join(', ') : '';
}
