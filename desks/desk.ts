/**
 * The desk contract: every agent desk (the web console, Slack, a test desk, later Teams or Zendesk)
 * has this shape, as every customer channel has `adapters/channel.ts`'s. A desk translates its
 * platform to the agent API (`AgentDesk`) and the handoff's events back to its platform; it acts as
 * its own origin (`actingAs`) and subscribes with it, so it never receives its own action back.
 * Adding one is a folder with a factory and a line in `desks/registry.ts` (docs/guide-add-a-desk.md).
 */
import type { Server } from 'node:http';
import type { Router } from 'express';
import type { MediaKit } from '../adapters/media-intake.js';
import type { DeliveryJournal } from '../adapters/kit/delivery-journal.js';
import type { InboxMetrics } from '../adapters/kit/durable-inbox.js';
import type { DedupeStore } from '../infra/dedupe-store.js';
import type { ReplyCoach } from '../handoff/coach-api.js';
import type { AgentDesk, AgentProfile, DeskEventSource, TicketSummary } from '../handoff/desk-api.js';
import type { AgentAccount } from '../handoff/service/index.js';
import type { AgentInput } from '../handoff/types.js';
import type { Config } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';

/** What a desk gets of the handoff: the agent API and its events (`subscribe`, `subscribeOrigin`). */
export interface DeskService extends AgentDesk, DeskEventSource {
  /** Every queued ticket, most urgent first, whoever may take it. */
  waitingTickets(): Promise<readonly TicketSummary[]>;
}

/** One agent desk, mounted on Baton's HTTP server. */
export interface Desk {
  /** Unique among the desks of a bot, e.g. 'console', 'slack'; also the `desk` of its events' origin. */
  readonly name: string;
  /** HTTP endpoints, mounted by the server at the root (they carry their own paths); absent for desks that only poll or hold a socket. */
  readonly router?: Router;
  /** Starts once the server listens: subscribes to the handoff's events, attaches WebSockets, connects sockets. */
  start(options: { server: Server }): Promise<void>;
  /** Stops taking work, finishes what is under way and closes sockets. Safe to call twice. */
  stop(): Promise<void>;
}

/** What every desk factory is given by the composition root. */
export interface DeskDeps {
  /** The bot's settings; a desk reads its own (e.g. SLACK_*) and returns undefined without them. */
  readonly config: Config;
  readonly service: DeskService;
  readonly agents: {
    /** The `AGENTS` accounts. */
    readonly accounts: readonly AgentAccount[];
    /** Resolves an agent token to the agent id, or undefined when not valid. */
    authenticate(token: string): Promise<string | undefined>;
    /** Creates (or updates) an agent profile, e.g. on a platform user's first action. */
    provision(agent: AgentInput): Promise<void>;
    /** Every agent, e.g. for a transfer menu. */
    list(): Promise<readonly AgentProfile[]>;
  };
  /** Remembers platform event ids, so a redelivered event does nothing. */
  readonly dedupe: DedupeStore;
  /**
   * The durable inbox's journal (adapters/kit/delivery-journal.ts), for a desk that answers its platform
   * before the work: acknowledged requests are kept until done, and run elsewhere if their instance dies.
   * Masked at rest and shared by every instance on Redis; its marks are `dedupe`'s.
   */
  readonly journal?: DeliveryJournal;
  /** Counts what the inbox's sweep recovered or gave up (baton_inbox_*_total). */
  readonly inboxMetrics?: InboxMetrics;
  /** The agents' coach (docs/agents-coach.md); without it replies go out unreviewed. */
  readonly coach?: ReplyCoach;
  /** Shared Redis, when the bot runs on it: a desk's own stores then live there too. */
  readonly redis?: RedisClient;
  /** Stored files both ways. */
  readonly media?: MediaKit;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** A desk folder's export: builds the desk from the settings, or undefined when they are absent. */
export interface DeskFactory<D extends Desk = Desk> {
  /** The name of the desk it builds. */
  readonly name: string;
  /** @throws ConfigError when the desk's settings are present but wrong (the message says the fix). */
  fromConfig(deps: DeskDeps): Promise<D | undefined>;
}
