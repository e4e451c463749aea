/**
 * The Slack desk: agents take handoffs in Slack. A card per ticket in the queue channel (or a
 * language's or skill's channel), updated in place as the ticket moves; the card's thread is the
 * conversation both ways; buttons and `/baton` for the rest. Built on bolt, over any handoff that
 * offers the agent API and origin events (`SlackDeskService`).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { App, type Context } from '@slack/bolt';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import { ConfigError } from '../../infra/errors.js';
import { createMemoryDeliveryJournal, type DeliveryJournal } from '../../adapters/kit/delivery-journal.js';
import { DurableInbox, type InboxMetrics, type InboxSettings } from '../../adapters/kit/durable-inbox.js';
import { InFlight } from '../../adapters/kit/in-flight.js';
import type { MediaKit } from '../../adapters/media-intake.js';
import type { AgentProfile } from '../../handoff/desk-api.js';
import type { AgentInput } from '../../handoff/types.js';
import { actingAs } from '../../handoff/service/index.js';
import type { Desk } from '../desk.js';
import { registerCardActions } from './card-actions.js';
import type { SlackCardStore } from './card-store.js';
import { CardSync } from './card-sync.js';
import { DeskAccess } from './desk-access.js';
import type { DeskParts, SlackDeskService } from './desk-context.js';
import { EventRelay } from './event-relay.js';
import { boltLogger, createReceiver } from './receivers.js';
import { deskChannels, type SlackSettings } from './settings.js';
import { SlackAgents, type LinkedAccount } from './slack-agents.js';
import { registerSendToCustomer } from './send-to-customer.js';
import { registerCoachActions } from './coached-replies.js';
import { registerSlashCommand } from './slash-command.js';
import { onThreadMessage, type ThreadMessageEvent } from './thread-replies.js';
import { slackInboxChannel } from './inbox-keys.js';
import { requester, requestLabel } from './request-body.js';
import { rerunAttempt, SlackIntake, willRunAgain } from './slack-inbox.js';
import { tellPrivately } from './desk-context.js';

export interface SlackDeskOptions {
  readonly service: SlackDeskService;
  readonly settings: SlackSettings;
  readonly cards: SlackCardStore;
  /** Tags the files the desk uploads; also where a default (memory) journal keeps its dedupe marks. */
  readonly dedupe: DedupeStore;
  /**
   * Keeps the Slack requests acknowledged and not yet handled, and claims their ids (so a redelivered
   * event, X-Slack-Retry-Num, does nothing): on Redis another instance runs those of an instance that
   * died (slack-inbox.ts). It should mask at rest (bots/at-rest-stores.ts `maskedJournal`, as the bot's
   * is). Default: a memory journal on `dedupe` (one process, nothing at rest, so nothing masked).
   */
  readonly journal?: DeliveryJournal;
  /** The bot's `BOT_ID`: its inbox is apart from other bots' on the same Redis (inbox-keys.ts). */
  readonly botId?: string;
  /** Leases and sweeps of the durable inbox (INBOX_* settings; defaults in adapters/kit/durable-inbox.ts). */
  readonly inbox?: InboxSettings;
  readonly inboxMetrics?: InboxMetrics;
  /** `AGENTS` accounts; one with `slackUserId` is that Slack user's agent. */
  readonly accounts?: readonly LinkedAccount[];
  /** Creates a Slack user's agent profile on their first action (the store's upsert). */
  readonly provisionAgent: (agent: AgentInput) => Promise<void>;
  /** Every agent, for the transfer menu. */
  readonly listAgents: () => Promise<readonly AgentProfile[]>;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Photos and files both ways in tickets' threads (bots/media-setup.ts). */
  readonly media?: MediaKit;
  /** The agents' coach and where flagged drafts wait for a click (coached-replies.ts); without it replies go out unreviewed. */
  readonly coach?: DeskParts['coach'];
}

/** The Slack desk: a `Desk` (desks/desk.ts), with its mode, its card store and `idle` for tests. */
export interface SlackDesk extends Desk {
  readonly name: 'slack';
  readonly mode: SlackSettings['mode'];
  /** HTTP mode: mount with `app.use(router)`; it serves POST /slack/events. Undefined in Socket Mode. */
  readonly router?: Router;
  /** The cards of tickets (an erase removes the cards of erased tickets). */
  readonly cards: SlackCardStore;
  /** Starts relaying this instance's desk events to Slack; in Socket Mode also connects. The server is not used. */
  start(options?: { server: Server }): Promise<void>;
  /** Disconnects (Socket Mode) and waits for the Slack posts already under way. */
  stop(): Promise<void>;
  /** The durable inbox's channel (`slack:<BOT_ID>`), where an erase looks for a ticket thread's entries. */
  readonly inboxChannel: string;
  /**
   * A test hook: takes over now the requests a stopped instance left, as the inbox's sweep does every
   * few seconds on its own; resolves how many. Production code never needs to call it.
   */
  recoverNow(): Promise<number>;
  /**
   * Resolves once the Slack requests being handled and the Slack posts they (or anything else on this
   * instance) caused are done. Slack is answered before the work, so tests wait here before they
   * assert that something did not happen.
   */
  idle(): Promise<void>;
}

/** How late a run again may come after its request: 2 minutes, or three leases when INBOX_LEASE_SECONDS is over 40. */
const RERUN_MAX_AGE_MS = 120_000;

/**
 * The Web API client's options: the API base, few retries (a post that keeps failing is logged, and the
 * next change redraws the card anyway), and a bound on each call (`timeoutMs`, default 10 s): a call
 * Slack leaves unanswered fails as a request error (retried within those retries) instead of hanging.
 */
export function slackClientOptions(settings: Pick<SlackSettings, 'apiUrl'>, { timeoutMs = 10_000 }: { timeoutMs?: number } = {}) {
  return { ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}), retryConfig: { retries: 2, factor: 2, minTimeout: 500 }, timeout: timeoutMs };
}

/**
 * Builds the desk and checks the bot token with Slack (auth.test).
 * @throws ConfigError when Slack refuses the token or cannot be reached.
 * @example
 * const slack = await createSlackDesk({ service, settings, cards, dedupe, provisionAgent, listAgents });
 * if (slack.router) app.use(slack.router);
 * await slack.start();
 */
export async function createSlackDesk(options: SlackDeskOptions): Promise<SlackDesk> {
  const { settings } = options;
  const log = options.logger?.child({ module: 'slack-desk' });
  const logger = boltLogger(log);
  const clientOptions = slackClientOptions(settings);
  const { receiver, router } = createReceiver(settings, { logger, clientOptions, ...(log ? { log } : {}) });
  // Slack is answered at ack(), the work follows: the channel kit's bookkeeping lets `idle` wait for it,
  // and the durable inbox records each request before the answer, so a survivor runs what a crash cut short.
  const now = options.now ?? (() => Date.now());
  const handling = new InFlight();
  const inboxChannel = slackInboxChannel(options.botId);
  const leaseMs = options.inbox?.leaseMs ?? 30_000;
  let tellLate: (body: Readonly<Record<string, unknown>>, ageMs: number) => Promise<void> = async () => undefined;
  const intake = new SlackIntake({
    inbox: new DurableInbox({
      ...options.inbox,
      channel: inboxChannel,
      journal: options.journal ?? createMemoryDeliveryJournal({ dedupe: options.dedupe }),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.inboxMetrics ? { metrics: options.inboxMetrics } : {}),
    }),
    handling,
    ...(options.inbox?.maxAttempts ? { maxAttempts: options.inbox.maxAttempts } : {}),
    // A run again comes a lease (and a sweep) after its instance stopped; much later than that, it is stale.
    maxRerunAgeMs: Math.max(RERUN_MAX_AGE_MS, 3 * leaseMs),
    late: (body, ageMs) => tellLate(body, ageMs),
    now,
    ...(log ? { log } : {}),
  });
  const app = new App({
    token: settings.botToken,
    receiver: intake.wrap(receiver),
    clientOptions,
    logger,
    deferInitialization: true,
    convoStore: false,
    // The error handler gets the request's context (its inbox run) and body (who to tell).
    extendedErrorHandler: true,
  });
  try {
    await app.init();
  } catch (error) {
    const code = (error as { data?: { error?: unknown } }).data?.error;
    throw new ConfigError(
      typeof code === 'string'
        ? `Slack refused SLACK_BOT_TOKEN (${code}). Copy the Bot User OAuth Token (xoxb-...) again from OAuth & Permissions; reinstall the app if its scopes changed.`
        : `Cannot reach the Slack Web API${settings.apiUrl ? ` at ${settings.apiUrl}` : ''}: ${(error as Error).message}. Check the network, or SLACK_API_URL.`,
      { cause: error },
    );
  }

  const access = new DeskAccess({ client: app.client, channels: deskChannels(settings), usergroup: settings.agentUsergroup, now, log });
  const agents = new SlackAgents({
    accounts: options.accounts ?? [],
    defaults: settings.agentDefaults,
    service: options.service,
    provision: options.provisionAgent,
    access,
    client: app.client,
    log,
  });
  const threadOrigin = { desk: 'slack', actor: `thread@${randomUUID()}` };
  const parts: DeskParts = {
    service: options.service,
    settings,
    cards: options.cards,
    agents,
    client: app.client,
    thread: actingAs(options.service, threadOrigin),
    threadOrigin,
    ownFiles: options.dedupe,
    ...(options.media ? { media: options.media } : {}),
    ...(options.coach ? { coach: options.coach } : {}),
    now,
    log,
  };
  const relay = new EventRelay(parts, new CardSync({ parts, listAgents: options.listAgents }));

  // The event is one of Slack's message subtypes; the handler reads their common fields and skips subtypes.
  app.event('message', async ({ event, context }) => onThreadMessage(parts, event as ThreadMessageEvent, rerunAttempt(context)));
  registerCardActions(app, parts);
  registerSlashCommand(app, parts);
  registerSendToCustomer(app, parts);
  registerCoachActions(app, parts);
  /** Tells the author of a request, privately, what became of it: "<what they did> <what>". */
  const tellAuthor = async (body: unknown, what: string) => {
    const to = requester(body);
    if (to) await tellPrivately(parts, to, `${requestLabel(body)} ${what}`);
  };
  tellLate = (body, ageMs) =>
    tellAuthor(
      body,
      `of ${Math.max(1, Math.round(ageMs / 60_000))} min ago was cut short by a restart of the desk and was not run again so late: check the ticket (a reply shows as a :headphones: line in its thread) and do it again if it is still needed.`,
    );
  app.error(async ({ error, context, body }: { error: Error; context: Context; body: unknown }) => {
    // Slack was already answered (ack first). A store out of reach: the inbox runs the request again later.
    if (willRunAgain(context, error)) return log?.warn({ err: error }, 'slack desk: a Slack request failed with a store out of reach; it runs again');
    log?.error({ err: error }, 'slack desk: handling a Slack request failed');
    // Otherwise nobody would know: the agent is told, privately, that it may not have been done.
    await tellAuthor(
      body,
      'failed on the desk and may not have been done in full: check the ticket (a reply shows as a :headphones: line in its thread) and do it again if needed.',
    );
  });

  return {
    name: 'slack',
    mode: settings.mode,
    cards: options.cards,
    ...(router ? { router } : {}),
    async start() {
      relay.start();
      intake.start();
      if (settings.mode === 'socket') await app.start();
    },
    async stop() {
      if (settings.mode === 'socket') await app.stop();
      // Requests already acknowledged finish their work (and the posts it causes) before the relay stops;
      // their leases are renewed until then.
      await intake.stop(() => handling.stop());
      await relay.stop();
    },
    inboxChannel,
    recoverNow: () => intake.recoverNow(),
    async idle() {
      // Handling a request causes posts, and posts never cause requests here: drain until both are quiet.
      do {
        await handling.drain();
        await relay.idle();
      } while (handling.size > 0);
    },
  };
}
