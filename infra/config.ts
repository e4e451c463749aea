/**
 * Baton's settings, read from the environment once at start and validated with zod.
 * Every setting is documented in the README ("Settings"); a bad value stops the start with a message
 * that says the fix.
 */
import { z } from 'zod';
import { ConfigError } from './errors.js';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const redisUrl = optionalString.refine((value) => value === undefined || /^rediss?:\/\/[^\s]+$/.test(value), {
  message: 'is not a redis:// URL. Use e.g. redis://localhost:6379 (or rediss:// for TLS), or leave it unset for the in-memory store.',
});

const port = z.coerce.number().int().min(0).max(65535);

const schema = z.object({
  PORT: port.default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
    message: 'must be the http(s) URL customers reach Baton at, e.g. https://bot.example.com',
  }),
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]*$/, 'may hold only letters, digits and : . - _').default('baton:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BOT_NAME: z.string().min(1).default('Baton Shop Assistant'),
  BOT_ID: z.string().regex(/^[\w.-]+$/, 'may hold only letters, digits and . - _').default('shop-assistant'),
  DEFAULT_LOCALE: z.enum(['en', 'zh']).default('en'),
  NLU_MODEL_DIR: optionalString,
  DIRECTLINE_SECRET: optionalString.refine((value) => value === undefined || value.length >= 16, {
    message: 'is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`), or leave it unset for the open demo.',
  }),
  TOKEN_SECRET: optionalString.refine((value) => value === undefined || value.length >= 16, {
    message: 'is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`).',
  }),
  STATE_TTL_DAYS: z.coerce.number().min(0).default(30),
  TRANSCRIPT_MAX_LENGTH: z.coerce.number().int().min(10).default(1000),
  TRANSCRIPT_RETENTION_DAYS: z.coerce.number().min(1).default(30),
  DIRECTLINE_LOG_MAX_LENGTH: z.coerce.number().int().min(10).default(500),
  DIRECTLINE_RETENTION_HOURS: z.coerce.number().min(1).default(48),
  AGENTS: optionalString,
  ADMIN_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, {
    message: 'is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`), or leave it unset to turn the admin API off.',
  }),
  ESCALATION_SETTINGS: optionalString,
  HANDOFF_SETTINGS: optionalString,
  // The Slack desk (README, "Slack desk"); which of these are needed together is checked by handoff/desks/slack/settings.ts.
  SLACK_BOT_TOKEN: optionalString.refine((value) => value === undefined || /^xoxb-\S+$/.test(value), {
    message: "is not a bot token: it starts with xoxb-. Copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page.",
  }),
  SLACK_SIGNING_SECRET: optionalString.refine((value) => value === undefined || /^\S{16,}$/.test(value), {
    message: "does not look like a signing secret: copy it from your Slack app's Basic Information page (App Credentials, Signing Secret).",
  }),
  SLACK_APP_TOKEN: optionalString.refine((value) => value === undefined || /^xapp-\S+$/.test(value), {
    message: "is not an app-level token: it starts with xapp-. Create one with the connections:write scope on your Slack app's Basic Information page.",
  }),
  SLACK_MODE: z.enum(['http', 'socket'], { error: 'must be http (Slack calls Baton at /slack/events) or socket (Baton connects out with SLACK_APP_TOKEN)' }).default('http'),
  SLACK_QUEUE_CHANNEL: optionalString.refine((value) => value === undefined || /^[CG][A-Z0-9]{6,}$/.test(value), {
    message: "must be a channel ID like C0123456789, not its #name (in Slack: the channel's name > About > Channel ID).",
  }),
  SLACK_CHANNEL_ROUTES: optionalString,
  SLACK_API_URL: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
    message: 'must be an http(s) URL of a Slack Web API, e.g. https://slack.com/api/ (the default).',
  }),
  SLACK_AGENT_USERGROUP: optionalString.refine((value) => value === undefined || /^S[A-Z0-9]{6,}$/.test(value), {
    message: "must be a user group ID like S0123456789, not its @handle (in Slack: People > User groups > the group > ⋯ > Copy group ID).",
  }),
  SLACK_AGENT_DEFAULTS: optionalString,
});

/** Validated settings. */
export type Config = z.output<typeof schema>;

/**
 * Parses settings from `env` (default `process.env`).
 * @throws ConfigError naming every bad setting and how to fix it.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key]]));
  const result = schema.safeParse(known);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const got = env[key];
    return `${key} ${issue.message}${got === undefined ? '' : ` (got '${got}')`}`;
  });
  throw new ConfigError(`Invalid settings:\n- ${problems.join('\n- ')}`);
}
