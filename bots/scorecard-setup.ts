/**
 * Wires the agents' scorecard (docs/agent-scorecard.md): the per-ticket emotion store (Redis when
 * REDIS_URL is set, else memory), the recorder counting into the dashboard's shared minute counters
 * and into Prometheus with one `agent` label per configured agent, and the dashboard's JSON route.
 */
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { AgentAccount } from '../handoff/service/index.js';
import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import type { StatsStore } from '../infra/stats-store.js';
import { createMemoryTicketMoodStore, createRedisTicketMoodStore, createScorecardMetrics, ScorecardRecorder } from '../supervision/scorecard/index.js';
import { createScorecardRouter } from './ops/scorecard-router.js';

export interface ScorecardSetupOptions {
  readonly redis?: RedisClient;
  readonly keyPrefix: string;
  readonly stats: StatsStore;
  /** The instance's Prometheus registry (infra/metrics.ts). */
  readonly registry: Registry;
  readonly accounts: readonly AgentAccount[];
  readonly slaSeconds: number;
  /** Without Redis: most open tickets whose emotion readings are kept (MEMORY_MAX_TICKETS). */
  readonly maxTickets?: number;
  /** The dashboard's bearer token. */
  readonly token: string;
  readonly logger: Logger;
}

/** Builds the recorder and the router; wire `recorder` to the handoff's `onEvent` and `onCustomerEmotion`. */
export function setupScorecard(options: ScorecardSetupOptions): { recorder: ScorecardRecorder; router: Router } {
  const { redis, keyPrefix, stats, accounts } = options;
  const recorder = new ScorecardRecorder({
    stats,
    moods: redis
      ? createRedisTicketMoodStore({ redis, keyPrefix })
      : createMemoryTicketMoodStore({ ...(options.maxTickets ? { maxTickets: options.maxTickets } : {}) }),
    agents: accounts.map((account) => account.id),
    slaSeconds: options.slaSeconds,
    metrics: createScorecardMetrics(options.registry),
    logger: options.logger.child({ module: 'scorecard' }),
  });
  const router = createScorecardRouter({
    stats,
    agents: accounts.map(({ id, name }) => ({ id, name })),
    settled: () => recorder.settled(),
    token: options.token,
  });
  return { recorder, router };
}
