/**
 * The Slack desk's settings: which of the SLACK_* settings are needed together (the bot token and the
 * queue channel always; the signing secret for HTTP mode, the app-level token for Socket Mode), the
 * per-language and per-skill channels, and the profile of agents created on their first action.
 * Each value's own format is checked with the other settings (infra/config.ts); this checks the whole.
 */
import { z } from 'zod';
import { ConfigError } from '../../infra/errors.js';

/** The raw settings this desk reads; Baton's `Config` has them all. */
export interface SlackConfigInput {
  readonly SLACK_BOT_TOKEN?: string;
  readonly SLACK_SIGNING_SECRET?: string;
  readonly SLACK_APP_TOKEN?: string;
  readonly SLACK_MODE?: 'http' | 'socket';
  readonly SLACK_QUEUE_CHANNEL?: string;
  readonly SLACK_CHANNEL_ROUTES?: string;
  readonly SLACK_API_URL?: string;
  readonly SLACK_AGENT_USERGROUP?: string;
  readonly SLACK_AGENT_DEFAULTS?: string;
  readonly SLACK_REPLY_MODE?: SlackReplyMode;
  /** Minutes between digests of the waiting tickets (infra/abuse-limits.ts). */
  readonly SLACK_DIGEST_EVERY_MINUTES?: number;
}

/**
 * What the holder's plain message in a ticket's thread does: `thread` sends it to the customer;
 * `explicit` keeps it as an internal note and offers "Send to customer" (a button only the holder
 * sees, and a message shortcut), for teams that think aloud in the thread.
 */
export type SlackReplyMode = 'thread' | 'explicit';

/** What an agent created from a Slack user serves until an admin says otherwise. */
export interface SlackAgentDefaults {
  readonly languages: readonly string[];
  readonly skills: readonly string[];
  readonly capacity: number;
}

/** Validated Slack desk settings. */
export interface SlackSettings {
  readonly mode: 'http' | 'socket';
  readonly botToken: string;
  /** HTTP mode only. */
  readonly signingSecret?: string;
  /** Socket Mode only. */
  readonly appToken?: string;
  readonly queueChannel: string;
  /** Channels by ticket language or skill; a skill's channel wins over a language's. */
  readonly routes: { readonly languages: Readonly<Record<string, string>>; readonly skills: Readonly<Record<string, string>> };
  /** Web API base, e.g. https://slack.com/api/ (bolt's `clientOptions.slackApiUrl`). */
  readonly apiUrl?: string;
  /** Members of this user group may act even when they are not in a desk channel. */
  readonly agentUsergroup?: string;
  readonly agentDefaults: SlackAgentDefaults;
  readonly replyMode: SlackReplyMode;
  /** Seconds between digests of the tickets still waiting after their one @here (default 600). */
  readonly digestEverySeconds?: number;
}

const channelId = z.string().regex(/^[CG][A-Z0-9]{6,}$/, 'must be a channel ID like C0123456789');
const routesSchema = z.object({ languages: z.record(z.string(), channelId).default({}), skills: z.record(z.string(), channelId).default({}) }).strict();
const defaultsSchema = z
  .object({
    languages: z.array(z.string().min(2)).min(1).default(['en']),
    skills: z.array(z.string().min(1)).min(1).default(['general']),
    capacity: z.number().int().min(1).max(50).default(3),
  })
  .strict();

function parseJson<T>(name: string, value: string | undefined, schema: z.ZodType<T>, example: string, problems: string[]): T | undefined {
  let raw: unknown = {};
  if (value !== undefined) {
    try {
      raw = JSON.parse(value);
    } catch {
      // Not the value: a setting pasted into the wrong variable may be a secret.
      problems.push(`${name} is not valid JSON. Write one object, e.g. ${name}='${example}'.`);
      return undefined;
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    problems.push(
      `${name}${path ? `.${path}` : ''} ${issue.code === 'unrecognized_keys' ? `has unknown key(s) ${issue.keys.join(', ')}` : issue.message}. Example: ${example}`,
    );
  }
  return undefined;
}

/**
 * The Slack desk's settings, or undefined when Slack is not configured at all (no SLACK_* set).
 * @throws ConfigError naming every missing or bad setting and where to find the right value.
 */
export function parseSlackSettings(config: SlackConfigInput): SlackSettings | undefined {
  const { SLACK_BOT_TOKEN: botToken, SLACK_QUEUE_CHANNEL: queueChannel, SLACK_MODE: mode = 'http' } = config;
  const anySet = [
    botToken,
    queueChannel,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
    config.SLACK_CHANNEL_ROUTES,
    config.SLACK_AGENT_USERGROUP,
    config.SLACK_AGENT_DEFAULTS,
  ].some((value) => value !== undefined);
  if (!anySet) return undefined;
  const problems: string[] = [];
  if (!botToken)
    problems.push("SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page after installing it.");
  if (!queueChannel)
    problems.push(
      "SLACK_QUEUE_CHANNEL is missing: the ID of the channel where ticket cards go (the channel's name > About > Channel ID); invite the bot there with /invite @Baton.",
    );
  if (mode === 'http' && !config.SLACK_SIGNING_SECRET) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: in HTTP mode every request from Slack is verified with it (Basic Information > Signing Secret). Or set SLACK_MODE=socket with SLACK_APP_TOKEN.',
    );
  }
  if (mode === 'socket' && !config.SLACK_APP_TOKEN) {
    problems.push(
      'SLACK_APP_TOKEN is missing: SLACK_MODE=socket connects with an app-level token (xapp-..., scope connections:write; Basic Information > App-Level Tokens).',
    );
  }
  const routes = parseJson(
    'SLACK_CHANNEL_ROUTES',
    config.SLACK_CHANNEL_ROUTES,
    routesSchema,
    '{"languages":{"zh":"C0123ZH"},"skills":{"billing":"C0456BILL"}}',
    problems,
  );
  const agentDefaults = parseJson(
    'SLACK_AGENT_DEFAULTS',
    config.SLACK_AGENT_DEFAULTS,
    defaultsSchema,
    '{"languages":["en","zh"],"skills":["general"],"capacity":3}',
    problems,
  );
  if (problems.length > 0 || !botToken || !queueChannel || !routes || !agentDefaults)
    throw new ConfigError(`Invalid Slack settings:\n- ${problems.join('\n- ')}`);
  return {
    mode,
    botToken,
    ...(mode === 'http' ? { signingSecret: config.SLACK_SIGNING_SECRET } : { appToken: config.SLACK_APP_TOKEN }),
    queueChannel,
    // Language tags compare case-insensitively (zh-CN and zh-cn are one language).
    routes: { skills: routes.skills, languages: Object.fromEntries(Object.entries(routes.languages).map(([tag, channel]) => [tag.toLowerCase(), channel])) },
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/` } : {}),
    ...(config.SLACK_AGENT_USERGROUP ? { agentUsergroup: config.SLACK_AGENT_USERGROUP } : {}),
    agentDefaults,
    replyMode: config.SLACK_REPLY_MODE ?? 'thread',
    ...(config.SLACK_DIGEST_EVERY_MINUTES !== undefined ? { digestEverySeconds: config.SLACK_DIGEST_EVERY_MINUTES * 60 } : {}),
  };
}

/** The channel a ticket's card goes to: its skill's, else its language's (`zh-CN` falls back to `zh`), else the queue. */
export function channelFor(settings: SlackSettings, ticket: { readonly language: string; readonly skill: string }): string {
  const { languages, skills } = settings.routes;
  const language = ticket.language.toLowerCase();
  return skills[ticket.skill] ?? languages[language] ?? languages[language.split('-')[0]!] ?? settings.queueChannel;
}

/** Every channel cards may go to: their members are the desk's agents. */
export function deskChannels(settings: SlackSettings): string[] {
  return [...new Set([settings.queueChannel, ...Object.values(settings.routes.skills), ...Object.values(settings.routes.languages)])];
}
