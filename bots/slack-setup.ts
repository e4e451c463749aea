/**
 * Wires the Slack desk of a bot when its settings ask for it (SLACK_BOT_TOKEN and friends; README,
 * "Slack desk"): the card store (memory, or Redis when REDIS_URL is set, so any instance can answer
 * a click or a thread reply), the engine's dedupe store for Slack's redeliveries, and the handoff's
 * agents. Without Slack settings it builds nothing.
 */
import type { RedisClient } from '../infra/redis.js';
import type { DedupeStore } from '../infra/dedupe-store.js';
import {
  createMemoryHeldDraftStore,
  createMemorySlackCardStore,
  createRedisHeldDraftStore,
  createRedisSlackCardStore,
  createSlackDesk,
  parseSlackSettings,
  type SlackCardStore,
  type SlackDesk,
} from '../handoff/desks/slack/index.js';
import type { Config } from '../infra/config.js';
import type { MediaKit } from '../adapters/media-intake.js';
import type { Logger } from '../infra/logger.js';
import type { HandoffSetup } from './handoff-setup.js';

export interface SlackSetupOptions {
  readonly config: Config;
  readonly redis?: RedisClient;
  readonly handoff: HandoffSetup;
  readonly dedupe: DedupeStore;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Photos and files both ways in tickets' threads. */
  readonly media?: MediaKit;
}

/** The Slack desk and its card store (an erase removes the cards of erased tickets). */
export interface SlackSetup {
  readonly desk: SlackDesk;
  readonly cards: SlackCardStore;
}

/**
 * The Slack desk, or undefined when no SLACK_ setting is given.
 * @throws ConfigError for incomplete Slack settings or a token Slack refuses.
 */
export async function setupSlackDesk({ config, redis, handoff, dedupe, logger, now, media }: SlackSetupOptions): Promise<SlackSetup | undefined> {
  const settings = parseSlackSettings(config);
  if (!settings) return undefined;
  const { store } = handoff;
  const cards = redis
    ? createRedisSlackCardStore({ redis, keyPrefix: `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:`, ttlSeconds: Math.max(1, config.STATE_TTL_DAYS) * 86_400 })
    : createMemorySlackCardStore({
        ttlSeconds: Math.max(1, config.STATE_TTL_DAYS) * 86_400,
        maxCards: config.MEMORY_MAX_TICKETS,
        ...(now ? { now } : {}),
      });
  // Flagged drafts wait here for the agent's click, on whichever instance Slack sends it to.
  const draftTtl = config.COACH_DRAFT_TTL_MINUTES * 60;
  const drafts = redis
    ? createRedisHeldDraftStore({ redis, keyPrefix: `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:`, ttlSeconds: draftTtl })
    : createMemoryHeldDraftStore({ ttlSeconds: draftTtl, maxDrafts: config.MEMORY_MAX_TICKETS, ...(now ? { now } : {}) });
  const desk = await createSlackDesk({
    coach: { coach: handoff.coach, drafts },
    service: handoff.service,
    settings,
    cards,
    dedupe,
    accounts: handoff.accounts,
    async provisionAgent(agent) {
      // Two first clicks at once may both get here; the second keeps whatever presence the first set.
      const existing = await store.getAgent(agent.id);
      await store.upsertAgent({ ...agent, presence: existing?.presence ?? agent.presence });
    },
    listAgents: () => store.listAgents(),
    logger,
    now,
    ...(media ? { media } : {}),
  });
  return { desk, cards };
}
