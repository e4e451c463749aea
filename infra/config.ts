/**
 * Baton's settings, read from the environment once at start and validated with zod.
 * Every setting is documented in the README ("Settings"); a bad value stops the start with a message
 * that says the fix.
 */
import { z } from 'zod';
import { checkMediaSettings, mediaSettings } from './media/media-settings.js';
import { abuseLimitSettings } from './abuse-limits.js';
import { checkRadarSettings, radarSettings } from './radar-settings.js';
import { parseAllowedOrigins } from './allowed-origins.js';
import { botFrameworkSettings, checkChannelSettings, whatsAppWebSettings } from './channel-settings.js';
import { ConfigError } from './errors.js';
import { checkRedisSettings, redisSettings } from './redis-settings.js';
import { parseTrustProxy, TRUST_PROXY_FIX } from './trust-proxy.js';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const port = z.coerce
  .number({ error: 'must be a port number from 0 to 65535 (0 picks a free one), e.g. 3000' })
  .int({ error: 'must be a whole port number from 0 to 65535, e.g. 3000' })
  .min(0, { error: 'must be a port number from 0 to 65535, e.g. 3000' })
  .max(65535, { error: 'must be a port number from 0 to 65535, e.g. 3000' });

/** A number setting whose every problem gets one message stating the allowed range. */
const numberSetting = (fix: string, { min, max, int = false }: { min: number; max?: number; int?: boolean }) => {
  let number = z.coerce.number({ error: fix }).min(min, { error: fix });
  if (max !== undefined) number = number.max(max, { error: fix });
  return int ? number.int({ error: fix }) : number;
};

/** WhatsApp Cloud API settings: unset, the channel is off; the four credentials go together. */
const whatsAppSettings = {
  WHATSAPP_ACCESS_TOKEN: optionalString,
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  WHATSAPP_PHONE_NUMBER_ID: optionalString.refine((value) => value === undefined || /^\d+$/.test(value), {
    message: "must be the numeric Phone number ID shown in Meta's dashboard under WhatsApp > API Setup (not the phone number with +)",
  }),
  WHATSAPP_GRAPH_API_BASE: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value), {
    message: 'must be an http(s) origin, e.g. https://graph.facebook.com (the default when unset)',
  }),
  WHATSAPP_GRAPH_API_VERSION: optionalString.refine((value) => value === undefined || /^v\d{1,3}\.\d{1,2}$/.test(value), {
    message:
      "must be a Graph API version like v25.0; Meta lists the ones still available at https://developers.facebook.com/docs/graph-api/changelog/versions/. Leave it unset for Baton's default.",
  }),
  WHATSAPP_TEMPLATE_NAME: optionalString.refine((value) => value === undefined || /^[a-z0-9_]+$/.test(value), {
    message: 'must be a template name as in WhatsApp Manager: lowercase letters, digits and _ (e.g. reply_waiting)',
  }),
  WHATSAPP_TEMPLATE_LANGUAGE: optionalString.refine((value) => value === undefined || /^[a-z]{2,3}(_[A-Z]{2})?$/.test(value), {
    message: 'must be a template language code as in WhatsApp Manager, e.g. en_US, en or zh_CN',
  }),
};

const joinAnd = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? ''));

const WHATSAPP_REQUIRED = ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'] as const;

/** Half a WhatsApp configuration is a mistake, not a choice: name what is missing and where to find it. */
function whatsAppAllOrNothing(settings: Record<string, unknown>, context: z.RefinementCtx): void {
  const set = WHATSAPP_REQUIRED.filter((key) => settings[key] !== undefined);
  const optionalSet = (['WHATSAPP_GRAPH_API_BASE', 'WHATSAPP_GRAPH_API_VERSION', 'WHATSAPP_TEMPLATE_NAME', 'WHATSAPP_TEMPLATE_LANGUAGE'] as const).filter(
    (key) => settings[key] !== undefined,
  );
  if (set.length === 0 && optionalSet.length === 0) return;
  const missing = WHATSAPP_REQUIRED.filter((key) => settings[key] === undefined);
  if (missing.length > 0) {
    const others = missing.slice(1);
    const present = [...set, ...optionalSet];
    context.addIssue({
      code: 'custom',
      path: [missing[0]],
      message:
        `is not set${others.length > 0 ? `, nor ${others.length > 1 ? 'are' : 'is'} ${joinAnd(others)}` : ''}, but ${joinAnd(present)} ${present.length > 1 ? 'are' : 'is'}. ` +
        'The WhatsApp channel needs all of WHATSAPP_ACCESS_TOKEN (a System User token), WHATSAPP_APP_SECRET (App settings > Basic), ' +
        'WHATSAPP_VERIFY_TOKEN (any string, also entered beside the Callback URL) and WHATSAPP_PHONE_NUMBER_ID (WhatsApp > API Setup). ' +
        'Set the missing ones, or unset every WHATSAPP_ setting to run without WhatsApp.',
    });
  }
  if (settings.WHATSAPP_TEMPLATE_LANGUAGE !== undefined && settings.WHATSAPP_TEMPLATE_NAME === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['WHATSAPP_TEMPLATE_NAME'],
      message: 'is not set, but WHATSAPP_TEMPLATE_LANGUAGE is: name the approved template to send outside the 24-hour window, or unset both.',
    });
  }
}

const schema = z
  .object({
    PORT: port.default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
      message: 'must be the http(s) URL customers reach Baton at, e.g. https://bot.example.com',
    }),
    ...redisSettings,
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[\w:.-]*$/, 'may hold only letters, digits and : . - _, e.g. baton:')
      .default('baton:'),
    BUILD_COMMIT: optionalString.refine((value) => value === undefined || /^[\w.-]{1,64}$/.test(value), {
      message:
        'must be a commit id or tag (letters, digits, . - _; at most 64), e.g. from `docker build --build-arg BUILD_COMMIT=$(git rev-parse --short HEAD) .`',
    }),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace or silent (default info)',
      })
      .default('info'),
    BOT_NAME: z.string().min(1, { error: 'must not be empty: the name customers see, e.g. Baton Shop Assistant' }).default('Baton Shop Assistant'),
    BOT_ID: z
      .string()
      .regex(/^[\w.-]+$/, 'may hold only letters, digits and . - _, e.g. shop-assistant')
      .default('shop-assistant'),
    DEFAULT_LOCALE: z.enum(['en', 'zh'], { error: 'must be en or zh (default en)' }).default('en'),
    NLU_MODEL_DIR: optionalString,
    /** Retraining, the evaluation gate and model promotion (docs/learning-models.md); JSON, any subset. */
    LEARNING_SETTINGS: optionalString,
    DIRECTLINE_SECRET: optionalString.refine((value) => value === undefined || value.length >= 16, {
      message: 'is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`), or leave it unset for the open demo.',
    }),
    // The shop's page origins that may use Direct Line from a browser (adapters/web/origins.ts).
    ALLOWED_ORIGINS: optionalString.superRefine((value, context) => {
      try {
        parseAllowedOrigins(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message.replace(/^ALLOWED_ORIGINS /, '') });
      }
    }),
    ORIGIN_TOKENS_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
    TOKEN_SECRET: optionalString.refine((value) => value === undefined || value.length >= 16, {
      message: 'is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`).',
    }),
    STATE_TTL_DAYS: numberSetting('must be a number of days, 0 or more (default 30)', { min: 0 }).default(30),
    SHUTDOWN_TIMEOUT_SECONDS: numberSetting('must be a number of seconds from 1 to 3600 (default 25)', { min: 1, max: 3600 }).default(25),
    TRANSCRIPT_MAX_LENGTH: numberSetting('must be a whole number of messages, at least 10 (default 1000)', { min: 10, int: true }).default(1000),
    TRANSCRIPT_RETENTION_DAYS: numberSetting('must be a number of days, at least 1 (default 30)', { min: 1 }).default(30),
    DIRECTLINE_LOG_MAX_LENGTH: numberSetting('must be a whole number of activities, at least 10 (default 500)', { min: 10, int: true }).default(500),
    DIRECTLINE_RETENTION_HOURS: numberSetting('must be a number of hours, at least 1 (default 48)', { min: 1 }).default(48),
    MEMORY_MAX_CONVERSATIONS: numberSetting('must be a whole number of conversations, at least 10 (default 10000)', { min: 10, int: true }).default(10_000),
    MEMORY_MAX_STORE_CHARS: numberSetting('must be a whole number of characters, at least 1000000 (default 16000000)', { min: 1_000_000, int: true }).default(
      16_000_000,
    ),
    MEMORY_MAX_DEDUPE_IDS: numberSetting('must be a whole number of ids, at least 100 (default 100000)', { min: 100, int: true }).default(100_000),
    // The durable inbox of Telegram and WhatsApp Cloud API webhooks (adapters/kit/durable-inbox.ts).
    INBOX_LEASE_SECONDS: numberSetting('must be a number of seconds from 1 to 3600 (default 30)', { min: 1, max: 3600 }).default(30),
    INBOX_SWEEP_SECONDS: numberSetting('must be a number of seconds from 0.1 to 600 (default 5)', { min: 0.1, max: 600 }).default(5),
    INBOX_MAX_ATTEMPTS: numberSetting('must be a whole number of runs from 1 to 20 (default 3)', { min: 1, max: 20, int: true }).default(3),
    MEMORY_MAX_TICKETS: numberSetting('must be a whole number of tickets, at least 10 (default 10000)', { min: 10, int: true }).default(10_000),
    AGENTS: optionalString,
    // Practice mode (docs/practice-mode.md): the longest pause between two customer lines in a replay.
    PRACTICE_MAX_GAP_SECONDS: numberSetting('must be a number of seconds from 1 to 600 (default 20)', { min: 1, max: 600 }).default(20),
    ADMIN_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, {
      message:
        'is too short: use at least 16 random characters (e.g. `openssl rand -hex 32`), or leave it unset (the demo: a random token, printed at start, guards /metrics and the dashboard; the admin API is off).',
    }),
    TRUST_PROXY: optionalString
      .refine((value) => parseTrustProxy(value) !== undefined, { message: TRUST_PROXY_FIX })
      .transform((value) => parseTrustProxy(value) ?? false),
    ESCALATION_SETTINGS: optionalString,
    // The order-events API's shop secret (bots/order-care/signature.ts); unset: the API answers 503.
    ORDER_EVENTS_SECRET: optionalString.refine((value) => value === undefined || value.length >= 32, {
      message: 'is too short: use at least 32 random characters (e.g. `openssl rand -hex 32`), shared with the shop that signs order events.',
    }),
    ORDER_CARE_SETTINGS: optionalString,
    FEEDBACK_SETTINGS: optionalString,
    /** The learning loop's capture of misses: low-confidence floor, daily cap, retention (docs/learning-loop.md). */
    MISSES_SETTINGS: optionalString,
    HANDOFF_SETTINGS: optionalString,
    /** Machine translation at the desk boundary (docs/cross-border.md); none by default. */
    TRANSLATION_SETTINGS: optionalString,
    /** Markets the bot writes for, e.g. 'zh-TW,en-GB' (dialogs/market.ts); empty: the languages only. */
    MARKETS: optionalString,
    TELEGRAM_BOT_TOKEN: optionalString.refine((value) => value === undefined || /^\d+:[\w-]{20,}$/.test(value), {
      message:
        'does not look like a bot token: @BotFather gives one like 123456789:AAE... (digits, a colon, then letters, digits, _ or -). Copy it again from BotFather (/mybots, then API Token).',
    }),
    TELEGRAM_WEBHOOK_SECRET: optionalString.refine((value) => value === undefined || /^[\w-]{16,256}$/.test(value), {
      message: "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for secret_token), e.g. `openssl rand -hex 32`.",
    }),
    TELEGRAM_MODE: optionalString.refine((value) => value === undefined || value === 'webhook' || value === 'polling', {
      message:
        "must be 'webhook' (production: Telegram posts to PUBLIC_URL/telegram/webhook) or 'polling' (development), or unset: webhook when PUBLIC_URL is set, else polling.",
    }),
    TELEGRAM_API_ROOT: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
      message: "must be the http(s) root of a Bot API server, e.g. http://localhost:8081 for a local one; leave it unset for Telegram's.",
    }),
    ...whatsAppSettings,
    // The Slack desk (README, "Slack desk"); which of these are needed together is checked by desks/slack/settings.ts.
    SLACK_BOT_TOKEN: optionalString.refine((value) => value === undefined || /^xoxb-\S+$/.test(value), {
      message: "is not a bot token: it starts with xoxb-. Copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page.",
    }),
    SLACK_SIGNING_SECRET: optionalString.refine((value) => value === undefined || /^\S{16,}$/.test(value), {
      message: "does not look like a signing secret: copy it from your Slack app's Basic Information page (App Credentials, Signing Secret).",
    }),
    SLACK_APP_TOKEN: optionalString.refine((value) => value === undefined || /^xapp-\S+$/.test(value), {
      message: "is not an app-level token: it starts with xapp-. Create one with the connections:write scope on your Slack app's Basic Information page.",
    }),
    SLACK_MODE: z
      .enum(['http', 'socket'], { error: 'must be http (Slack calls Baton at /slack/events) or socket (Baton connects out with SLACK_APP_TOKEN)' })
      .default('http'),
    SLACK_QUEUE_CHANNEL: optionalString.refine((value) => value === undefined || /^[CG][A-Z0-9]{6,}$/.test(value), {
      message: "must be a channel ID like C0123456789, not its #name (in Slack: the channel's name > About > Channel ID).",
    }),
    SLACK_CHANNEL_ROUTES: optionalString,
    SLACK_API_URL: optionalString.refine((value) => value === undefined || /^https?:\/\/[^\s]+$/.test(value), {
      message: 'must be an http(s) URL of a Slack Web API, e.g. https://slack.com/api/ (the default).',
    }),
    SLACK_AGENT_USERGROUP: optionalString.refine((value) => value === undefined || /^S[A-Z0-9]{6,}$/.test(value), {
      message: 'must be a user group ID like S0123456789, not its @handle (in Slack: People > User groups > the group > ⋯ > Copy group ID).',
    }),
    SLACK_AGENT_DEFAULTS: optionalString,
    SLACK_REPLY_MODE: z
      .enum(['thread', 'explicit'], {
        error:
          "must be thread (the holder's replies in a ticket's thread go to the customer) or explicit (they stay internal notes until the holder presses Send to customer)",
      })
      .default('thread'),
    // The agents' coach (docs/agents-coach.md): how long a flagged Slack draft waits for the agent's click.
    COACH_DRAFT_TTL_MINUTES: numberSetting('must be a number of minutes, at least 1 (default 30)', { min: 1 }).default(30),
    // Suggested replies run the NLU: this many per agent per minute, on every instance together.
    COACH_SUGGESTIONS_PER_MINUTE: numberSetting('must be a whole number, at least 1 (default 20)', { min: 1, int: true }).default(20),
    ...whatsAppWebSettings,
    ...botFrameworkSettings,
    ...abuseLimitSettings,
    ...mediaSettings,
    // The incident radar (docs/incident-radar.md).
    ...radarSettings,
  })
  .superRefine((settings, context) => {
    whatsAppAllOrNothing(settings, context);
    checkChannelSettings(settings, context);
    checkMediaSettings(settings, context);
    checkRedisSettings(settings, context);
    checkRadarSettings(settings, context);
    if (telegramMode(settings) === 'webhook' && !settings.TELEGRAM_WEBHOOK_SECRET) {
      context.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message:
          'is required when Telegram runs in webhook mode (PUBLIC_URL is set or TELEGRAM_MODE=webhook): set 16 to 256 random characters (e.g. `openssl rand -hex 32`), or set TELEGRAM_MODE=polling for development.',
      });
    }
  });

/** Validated settings. */
export type Config = z.output<typeof schema>;

/**
 * How the Telegram channel receives updates: TELEGRAM_MODE, else webhook when PUBLIC_URL is set, else
 * polling; undefined when no TELEGRAM_BOT_TOKEN is set (no Telegram channel).
 */
export function telegramMode(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_MODE' | 'PUBLIC_URL'>): 'webhook' | 'polling' | undefined {
  if (!config.TELEGRAM_BOT_TOKEN) return undefined;
  if (config.TELEGRAM_MODE === 'webhook' || config.TELEGRAM_MODE === 'polling') return config.TELEGRAM_MODE;
  return config.PUBLIC_URL ? 'webhook' : 'polling';
}

/**
 * Parses settings from `env` (default `process.env`).
 * @throws ConfigError naming every bad setting and how to fix it.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key]]));
  const result = schema.safeParse(known);
  if (result.success) return result.data;
  // The message never repeats a value: settings hold secrets, and start-up errors land in shared logs.
  const problems = result.error.issues.map((issue) => `${String(issue.path[0] ?? '')} ${issue.message}`);
  throw new ConfigError(`Invalid settings:\n- ${problems.join('\n- ')}`);
}
