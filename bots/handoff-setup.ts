/**
 * Wires the human handoff of a bot from its settings: the queue store, the conversation facts and the
 * event bus (memory, or Redis when REDIS_URL is set), the handoff service with its SLA ticker, the
 * pipeline middleware, the agents' coach and accounts (the desks are built from them: bots/desk-setup.ts). Any bot composes it; the demo
 * shop passes its canned replies, suggested answers and order facts.
 */
import type { Translator } from '../infra/translator.js';
import type { EscalationLimit } from '../handoff/service/escalation-limits.js';
import { randomBytes } from 'node:crypto';
import type { ConversationState, TurnContext } from '../dialogs/turn-kit.js';
import type { RedisClient } from '../infra/redis.js';
import { scopedDedupe, type DedupeStore } from '../infra/dedupe-store.js';
import { replicated, replicaSync } from '../infra/redis-durability.js';
import type { TurnMiddleware } from '../dialogs/middleware/compose.js';
import type { TranscriptStore } from '../dialogs/state/transcript-store.js';
import type { Config } from '../infra/config.js';
import { ConfigError } from '../infra/errors.js';
import type { Logger } from '../infra/logger.js';
import { createMemoryEventBus, createRedisEventBus } from '../handoff/bus/event-bus.js';
import type { CannedReply, DeliveryNotice } from '../handoff/desk-api.js';
import type { MediaKit } from '../adapters/media-intake.js';
import { parseEscalationSettings } from '../handoff/policy/index.js';
import {
  agentAuthenticator,
  createMemoryFactsStore,
  createRedisFactsStore,
  escalationPolicy,
  handoffGate,
  HandoffService,
  parseAgentAccounts,
  parseHandoffSettings,
  registerAgents,
  type AgentAccount,
  type CustomerEmotionReading,
  type HandoffSettings,
  type HandoffTurnState,
} from '../handoff/service/index.js';
import { createMemoryHandoffStore, createRedisHandoffStore, type HandoffStore } from '../handoff/store/index.js';
import type { HandoffEvent } from '../handoff/types.js';
import type { EscalationRule } from '../handoff/policy/index.js';
import type { CoachDesk, CoachOutcome, ReplyCoach } from '../handoff/coach-api.js';
import { DeskCoach } from '../supervision/coach/desk-coach.js';
import { createRateLimiter } from '../infra/rate-limit.js';

export interface HandoffSetupOptions {
  readonly config: Config;
  readonly redis?: RedisClient;
  readonly transcript: TranscriptStore;
  readonly conversationState: ConversationState;
  readonly logger: Logger;
  readonly cannedReplies?: readonly CannedReply[];
  /** Translates at the desk boundary (docs/cross-border.md); none by default. */
  readonly translator?: Translator;
  readonly suggestAnswer?: (text: string, locale: string) => Promise<string | undefined>;
  readonly orderFacts?: (customerTexts: readonly string[], locale: string) => Promise<Record<string, string>>;
  /** The bot's CSAT question, asked after a resolve. */
  readonly askCsat?: (context: TurnContext, locale: string) => Promise<void>;
  /** Called when a conversation is queued (e.g. to end the bot's active dialog). */
  readonly onEscalated?: (context: TurnContext, about: { readonly reason: string }) => Promise<void>;
  readonly isVip?: (context: TurnContext) => boolean | Promise<boolean>;
  /** The escalation rules, in order (docs/guide-escalation-rule.md). Default: the built-in ones. */
  readonly escalationRules?: readonly EscalationRule[];
  /** The bot content's extra escalation phrases (`escalationPhrasesOf(content)`), added to ESCALATION_SETTINGS' own. */
  readonly escalationPhrases?: { readonly extraCrisisPhrases: readonly string[]; readonly extraHumanPhrases: readonly string[] };
  /** The bot's intents that ask for a person (its content's `human` routes), added to ESCALATION_SETTINGS' `humanIntents`. */
  readonly humanIntents?: readonly string[];
  /** Each audit event, once across instances (metrics). */
  readonly onEvent?: (event: HandoffEvent) => void;
  /** The customer's emotion around each ticket (the agents' scorecard); must not throw. */
  readonly onCustomerEmotion?: (reading: CustomerEmotionReading) => void;
  /** The handoff's clock (waits, SLA deadlines); tests move it instead of sleeping. */
  readonly now?: () => number;
  /** The engine's dedupe store: the idempotency keys of agents' replies live there (`HandoffServiceOptions.replyKeys`). */
  readonly dedupe?: DedupeStore;
  /** What a channel did otherwise with an agent's reply (e.g. WhatsApp's template); see `HandoffServiceOptions`. */
  readonly deliveryNotices?: (context: TurnContext) => readonly DeliveryNotice[];
  /** Escalations per client and conversation (handoff/service/escalation-limits.ts); unlimited when absent. */
  readonly escalationLimit?: EscalationLimit;
  /** Stored files: signed URLs for desks, agents' uploads (bots/media-setup.ts). */
  readonly media?: MediaKit;
  /** Each outcome of the agents' coach (metrics; docs/agents-coach.md). */
  readonly onCoach?: (desk: CoachDesk, outcome: CoachOutcome) => void;
}

export interface HandoffSetup {
  readonly service: HandoffService;
  /** The queue store, for live readings (queue depth, agents on duty). */
  readonly store: HandoffStore;
  readonly settings: HandoffSettings;
  readonly gate: TurnMiddleware;
  readonly policy: TurnMiddleware;
  /** The agents' coach both desks ask before a reply goes out. */
  readonly coach: ReplyCoach;
  readonly accounts: readonly AgentAccount[];
  /** Resolves an agent token (`AGENTS`, or the demo agent's) to the agent id. */
  readonly authenticate: (token: string) => Promise<string | undefined>;
  /** Set when no AGENTS are configured: the demo agent's token, for the console. */
  readonly demoAgentToken?: string;
  /** Subscribes to the bus and starts the SLA ticker (the desks start on their own: bots/desk-setup.ts). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function parseJsonSetting<T>(name: string, value: string | undefined, parse: (input: unknown) => T): T {
  if (value === undefined) return parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    // Not the value: a setting pasted into the wrong variable may be a secret.
    throw new ConfigError(`${name} is not valid JSON. Write it as one JSON object, e.g. ${name}='{"sla":{"firstReplySeconds":30}}'.`);
  }
  return parse(raw);
}

/** The configured agents, or one demo agent whose random token is shared by every instance through Redis. */
async function agentAccounts(config: Config, redis: RedisClient | undefined): Promise<{ accounts: AgentAccount[]; demoToken?: string }> {
  if (config.AGENTS) return { accounts: parseAgentAccounts(config.AGENTS) };
  let token = randomBytes(18).toString('base64url');
  if (redis) {
    const key = `${config.REDIS_KEY_PREFIX}demo-agent-token`;
    await redis.set(key, token, 'NX');
    token = (await redis.get(key)) ?? token;
  }
  // The demo agent is a supervisor too, so the demo shows practice mode's results page.
  return {
    accounts: [{ id: 'demo', name: 'Demo Agent', token, languages: ['en', 'zh'], skills: ['general', 'senior'], capacity: 5, role: 'supervisor' }],
    demoToken: token,
  };
}

/** The handoff store's methods that write. */
const HANDOFF_WRITES = [
  'openTicket',
  'claim',
  'claimNext',
  'markFirstReply',
  'transfer',
  'returnToBot',
  'resolve',
  'abandon',
  'setCsat',
  'bumpPriority',
  'upsertAgent',
  'setPresence',
  'scheduleDeadline',
  'takeDueDeadlines',
  'cancelDeadlines',
  'appendEvent',
  'eraseConversation',
] as const satisfies readonly (keyof HandoffStore)[];

/**
 * Builds the handoff from settings.
 * @throws ConfigError for bad AGENTS, ESCALATION_SETTINGS or HANDOFF_SETTINGS.
 */
export async function setupHandoff(options: HandoffSetupOptions): Promise<HandoffSetup> {
  const { config, redis, logger, now } = options;
  const log = logger.child({ module: 'handoff' });
  const configured = parseJsonSetting('ESCALATION_SETTINGS', config.ESCALATION_SETTINGS, parseEscalationSettings);
  const extra = options.escalationPhrases;
  const withPhrases = extra
    ? {
        ...configured,
        extraCrisisPhrases: [...configured.extraCrisisPhrases, ...extra.extraCrisisPhrases],
        extraHumanPhrases: [...configured.extraHumanPhrases, ...extra.extraHumanPhrases],
      }
    : configured;
  const escalationSettings = options.humanIntents
    ? { ...withPhrases, humanIntents: [...new Set([...withPhrases.humanIntents, ...options.humanIntents])] }
    : withPhrases;
  const settings = parseJsonSetting('HANDOFF_SETTINGS', config.HANDOFF_SETTINGS, parseHandoffSettings);
  const keyPrefix = config.REDIS_KEY_PREFIX;
  // With REDIS_WAIT_REPLICAS, a ticket change is acknowledged (to the agent, to the customer) once replicas have it.
  const store = redis
    ? replicated(
        createRedisHandoffStore({ redis, keyPrefix, botId: config.BOT_ID, now }),
        HANDOFF_WRITES,
        replicaSync(redis, { replicas: config.REDIS_WAIT_REPLICAS, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS }),
      )
    : createMemoryHandoffStore({ now, maxTickets: config.MEMORY_MAX_TICKETS });
  const facts = redis
    ? createRedisFactsStore({ redis, keyPrefix, ttlSeconds: config.STATE_TTL_DAYS * 86_400 || 30 * 86_400 })
    : createMemoryFactsStore({ ttlSeconds: config.STATE_TTL_DAYS * 86_400 || 30 * 86_400, maxConversations: config.MEMORY_MAX_CONVERSATIONS });
  const bus = redis
    ? createRedisEventBus({ redis, keyPrefix: `${keyPrefix}${config.BOT_ID}:`, onError: (error) => log.warn({ err: error }, 'event bus message dropped') })
    : createMemoryEventBus();
  const { accounts, demoToken } = await agentAccounts(config, redis);
  await registerAgents(store, accounts);

  const service = new HandoffService({
    store,
    facts,
    transcript: options.transcript,
    bus,
    settings,
    cannedReplies: options.cannedReplies,
    askCsat: options.askCsat,
    suggestAnswer: options.suggestAnswer,
    orderFacts: options.orderFacts,
    onEvent: options.onEvent,
    deliveryNotices: options.deliveryNotices,
    ...(options.media ? { media: options.media.signer } : {}),
    abandonQuietAfterMinutes: config.QUEUE_ABANDON_AFTER_MINUTES,
    ...(options.dedupe ? { replyKeys: scopedDedupe(options.dedupe, 'agent-reply:') } : {}),
    ...(options.translator ? { translator: options.translator } : {}),
    logger: log,
    now,
  });
  const state = options.conversationState.createProperty<HandoffTurnState>('handoff');
  const middlewareOptions = {
    service,
    state,
    settings: escalationSettings,
    ...(options.escalationRules ? { rules: options.escalationRules } : {}),
    onRuleError: (rule: string, error: unknown) => log.warn({ err: error, rule }, 'An escalation rule threw; it was skipped for this message'),
    onEscalated: options.onEscalated,
    isVip: options.isVip,
    limit: options.escalationLimit,
    now,
    ...(options.translator ? { translator: options.translator } : {}),
    ...(options.onCustomerEmotion ? { onCustomerEmotion: options.onCustomerEmotion } : {}),
  };
  const coach = new DeskCoach({
    store,
    facts,
    transcript: options.transcript,
    ...(options.suggestAnswer ? { suggestAnswer: options.suggestAnswer } : {}),
    ...(options.orderFacts ? { orderFacts: options.orderFacts } : {}),
    ...(options.onCoach ? { onCount: options.onCoach } : {}),
    suggestionLimit: createRateLimiter({ name: 'coach-suggestions', points: config.COACH_SUGGESTIONS_PER_MINUTE, windowSeconds: 60, redis, keyPrefix }),
  });

  return {
    service,
    store,
    settings,
    gate: handoffGate(middlewareOptions),
    policy: escalationPolicy(middlewareOptions),
    coach,
    authenticate: agentAuthenticator(accounts),
    accounts,
    ...(demoToken ? { demoAgentToken: demoToken } : {}),
    async start() {
      await service.start();
    },
    async stop() {
      await service.stop();
      await bus.close();
    },
  };
}
