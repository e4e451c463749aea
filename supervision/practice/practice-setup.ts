/**
 * Wires practice mode into a bot: the store (memory, or Redis when the bot has one), the service over the
 * handoff's tickets and the transcripts, and the HTTP router beside the agent API. The bot mounts
 * `router` before the console desk's router and feeds `onHandoffEvent` the handoff's audit events.
 */
import type { Router } from 'express';
import type { TranscriptStore } from '../../dialogs/state/transcript-store.js';
import { agentAuthenticator, type AgentAccount } from '../../handoff/service/index.js';
import type { HandoffStore } from '../../handoff/store/index.js';
import type { HandoffEvent } from '../../handoff/types.js';
import type { Logger } from '../../infra/logger.js';
import { createRateLimiter } from '../../infra/rate-limit.js';
import type { RedisClient } from '../../infra/redis.js';
import { createMemoryPracticeStore } from './memory-practice-store.js';
import { createPracticeRouter } from './practice-router.js';
import { PracticeService } from './practice-service.js';
import { createRedisPracticeStore } from './redis-practice-store.js';

export interface PracticeSetupOptions {
  readonly redis?: RedisClient;
  /** e.g. `${REDIS_KEY_PREFIX}${BOT_ID}:`. */
  readonly keyPrefix: string;
  readonly tickets: Pick<HandoffStore, 'getTicket'>;
  readonly transcript: Pick<TranscriptStore, 'read'>;
  /** The agent accounts: their tokens sign in, their `role` grants the supervisors' view. */
  readonly accounts: readonly AgentAccount[];
  readonly adminToken?: string;
  /** The first-reply SLA in seconds (HANDOFF_SETTINGS.sla.firstReplySeconds). */
  readonly slaSeconds: number;
  /** PRACTICE_MAX_GAP_SECONDS. */
  readonly maxGapSeconds: number;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export interface PracticeSetup {
  readonly service: PracticeService;
  readonly router: Router;
  /** Give it every handoff audit event (once across instances): resolved tickets become candidates. */
  onHandoffEvent(event: HandoffEvent): void;
}

/** Builds practice mode. */
export function setupPractice(options: PracticeSetupOptions): PracticeSetup {
  const { redis, keyPrefix, accounts, logger, now } = options;
  const store = redis ? createRedisPracticeStore({ redis, keyPrefix }) : createMemoryPracticeStore({ now });
  const service = new PracticeService({
    store,
    tickets: options.tickets,
    transcript: options.transcript,
    slaMs: options.slaSeconds * 1000,
    maxGapMs: options.maxGapSeconds * 1000,
    now,
  });
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const router = createPracticeRouter({
    service,
    authenticate: agentAuthenticator(accounts),
    isSupervisor: (agentId) => byId.get(agentId)?.role === 'supervisor',
    agentName: (agentId) => byId.get(agentId)?.name,
    adminToken: options.adminToken,
    starts: createRateLimiter({ name: 'practice-starts', points: 30, windowSeconds: 3600, redis, keyPrefix }),
    logger: logger?.child({ module: 'practice' }),
  });
  return {
    service,
    router,
    onHandoffEvent(event) {
      service.onHandoffEvent(event).catch((error: unknown) => logger?.warn({ err: error }, 'practice: resolved ticket not kept as a candidate'));
    },
  };
}
