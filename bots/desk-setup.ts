/**
 * Builds a bot's agent desks by walking the desk registry (desks/registry.ts): the console always,
 * Slack when its SLACK_ settings are given, and whatever desks a bot adds. Each factory gets the same
 * dependencies: the handoff's agent API and events, agent accounts, the coach, stores and settings.
 */
import type { Server } from 'node:http';
import type { Router } from 'express';
import type { MediaKit } from '../adapters/media-intake.js';
import type { DedupeStore } from '../infra/dedupe-store.js';
import type { DeliveryJournal } from '../adapters/kit/delivery-journal.js';
import type { InboxMetrics } from '../adapters/kit/durable-inbox.js';
import type { Desk, DeskFactory } from '../desks/desk.js';
import { BUILT_IN_DESKS, desksFromConfig, type BuiltDesks } from '../desks/registry.js';
import type { Config } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import type { HandoffSetup } from './handoff-setup.js';

export interface DeskSetupOptions {
  readonly config: Config;
  readonly redis?: RedisClient;
  readonly handoff: HandoffSetup;
  /** The engine's dedupe store, for the desks' redelivered platform events. */
  readonly dedupe: DedupeStore;
  /** The channels' durable-inbox journal, for desks that acknowledge before they work (Slack). */
  readonly journal?: DeliveryJournal;
  readonly inboxMetrics?: InboxMetrics;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly media?: MediaKit;
  /** The desk registry to build from; Baton's own (`BUILT_IN_DESKS`) by default. */
  readonly registry?: readonly DeskFactory[];
}

export interface DeskSetup extends BuiltDesks {
  /** The desks' HTTP routers, in the registry's order. */
  readonly routers: readonly Router[];
  /** Starts every desk once the server listens. */
  start(server: Server): Promise<void>;
}

/**
 * The desks the settings ask for.
 * @throws ConfigError when a desk's settings are incomplete or its platform refuses them.
 */
export async function setupDesks({
  config,
  redis,
  handoff,
  dedupe,
  journal,
  inboxMetrics,
  logger,
  now,
  media,
  registry = BUILT_IN_DESKS,
}: DeskSetupOptions): Promise<DeskSetup> {
  const { store } = handoff;
  const built = await desksFromConfig(
    {
      config,
      service: handoff.service,
      agents: {
        accounts: handoff.accounts,
        authenticate: handoff.authenticate,
        async provision(agent) {
          // Two first clicks at once may both get here; the second keeps whatever presence the first set.
          const existing = await store.getAgent(agent.id);
          await store.upsertAgent({ ...agent, presence: existing?.presence ?? agent.presence });
        },
        list: () => store.listAgents(),
      },
      dedupe,
      ...(journal ? { journal } : {}),
      ...(inboxMetrics ? { inboxMetrics } : {}),
      coach: handoff.coach,
      logger,
      ...(redis ? { redis } : {}),
      ...(media ? { media } : {}),
      ...(now ? { now } : {}),
    },
    registry,
  );
  return {
    ...built,
    routers: built.desks.flatMap((desk: Desk) => (desk.router ? [desk.router] : [])),
    async start(server) {
      for (const desk of built.desks) await desk.start({ server });
    },
  };
}
