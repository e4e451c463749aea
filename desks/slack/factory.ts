/**
 * The Slack desk's factory (desks/registry.ts): built when the SLACK_ settings ask for it (README,
 * "Slack desk"), with its card store and held drafts in Redis when the bot runs on Redis (any
 * instance answers a click or a thread reply), in memory otherwise.
 */
import { inboxSettings } from '../../adapters/channel-factory.js';
import type { DeskFactory } from '../desk.js';
import { createMemorySlackCardStore, createRedisSlackCardStore } from './card-store.js';
import { createMemoryHeldDraftStore, createRedisHeldDraftStore } from './held-drafts.js';
import { parseSlackSettings } from './settings.js';
import { createSlackDesk, type SlackDesk } from './slack-desk.js';

/**
 * Builds the Slack desk, or undefined when no SLACK_ setting is given.
 * @throws ConfigError for incomplete Slack settings or a token Slack refuses.
 */
export const slackDeskFactory: DeskFactory<SlackDesk> = {
  name: 'slack',
  async fromConfig({ config, redis, service, agents, dedupe, journal, inboxMetrics, coach, media, logger, now }) {
    const settings = parseSlackSettings(config);
    if (!settings) return undefined;
    const keyPrefix = `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:`;
    const ttlSeconds = Math.max(1, config.STATE_TTL_DAYS) * 86_400;
    const cards = redis
      ? createRedisSlackCardStore({ redis, keyPrefix, ttlSeconds })
      : createMemorySlackCardStore({ ttlSeconds, maxCards: config.MEMORY_MAX_TICKETS, ...(now ? { now } : {}) });
    // Flagged drafts wait here for the agent's click, on whichever instance Slack sends it to.
    const draftTtl = config.COACH_DRAFT_TTL_MINUTES * 60;
    const drafts = redis
      ? createRedisHeldDraftStore({ redis, keyPrefix, ttlSeconds: draftTtl })
      : createMemoryHeldDraftStore({ ttlSeconds: draftTtl, maxDrafts: config.MEMORY_MAX_TICKETS, ...(now ? { now } : {}) });
    return createSlackDesk({
      ...(coach ? { coach: { coach, drafts } } : {}),
      service,
      settings,
      cards,
      dedupe,
      ...(journal ? { journal } : {}),
      botId: config.BOT_ID,
      inbox: inboxSettings(config),
      ...(inboxMetrics ? { inboxMetrics } : {}),
      accounts: agents.accounts,
      provisionAgent: (agent) => agents.provision(agent),
      listAgents: () => agents.list(),
      ...(logger ? { logger } : {}),
      ...(now ? { now } : {}),
      ...(media ? { media } : {}),
    });
  },
};
