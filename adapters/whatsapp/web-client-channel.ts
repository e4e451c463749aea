/**
 * WhatsApp through whatsapp-web.js as one `Channel`: a linked device of an ordinary WhatsApp (Business
 * app) account, driven in a headless chromium. Every instance runs the adapter and takes proactive
 * messages; one leader, elected through Redis, holds the browser, receives the messages and sends the
 * outbox. Without Redis, the one process is the leader and everything stays in memory.
 *
 * Unofficial: WhatsApp may ban a number it sees as automated, and WhatsApp Web updates can break the
 * library until it catches up. The Cloud API channel (`createWhatsAppCloudChannel`) is the supported way.
 */
import type { RedisClient } from '../../infra/redis.js';
import { createMemoryDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import type { Logger } from '../../infra/logger.js';
import type { Channel, TurnPipeline } from '../channel.js';
import type { MediaKit } from '../media-intake.js';
import { createMemoryOptionStore, createRedisOptionStore, type OptionStore } from './option-store.js';
import { WhatsAppWebAdapter } from './web-client-adapter.js';
import { campaign, createMemoryLeaderLock, createRedisLeaderLock, type Election, type LeaderLock } from './web-client-leader.js';
import { createMemoryOutbox, createRedisOutbox, type WebOutbox } from './web-client-outbox.js';
import { createQrPageRouter } from './web-client-qr-page.js';
import { WebSession } from './web-client-session.js';
import { createMemoryStatusStore, createRedisStatusStore, type WebClientStatusStore } from './web-client-status.js';
import { WHATSAPP_WEB_CHANNEL_ID, type OutgoingWebMessage, type WebClientFactory } from './web-client-types.js';

/** Options of `createWhatsAppWebChannel`. */
export interface WhatsAppWebChannelOptions {
  pipeline: TurnPipeline;
  /** Makes the client: `createWebClientFactory(...)` for the real one, a fake in tests. */
  createClient: WebClientFactory;
  /** Names the WhatsApp account (default 'baton'); instances sharing it elect one leader. */
  clientId?: string;
  /** Shared stores, lock and outbox on Redis; without it, memory (one instance). */
  redis?: RedisClient;
  keyPrefix?: string;
  /** The engine's dedupe store (default memory; pass the Redis one with `redis`). */
  dedupe?: DedupeStore;
  /** Numbered options offered (default: on `redis` when given, else memory). */
  optionStore?: OptionStore;
  /** Guards the QR page; unset, the page answers 403 and only the terminal shows the code. */
  adminToken?: string;
  /** Where the QR page is mounted (default '/whatsapp': the page is /whatsapp/qr). */
  mountPath?: string;
  qrInTerminal?: boolean;
  /** Leader lock lifetime (default 15 s) and how often followers try to take it (default 2 s). */
  lockTtlMs?: number;
  electionRetryMs?: number;
  /** How long an outbox entry read by a vanished leader waits before the next one claims it (default 30 s). */
  claimIdleMs?: number;
  startTimeoutMs?: number;
  restartDelayMs?: number;
  defaultLocale?: string;
  /** Called for a message dropped after repeated send failures (e.g. a chat id that is not on WhatsApp). */
  onDeliveryFailure?: (message: OutgoingWebMessage, error: unknown) => void;
  /** Photos, voice notes, videos and documents both ways; without it media get the "text only" answer. */
  media?: MediaKit;
  logger?: Logger;
}

/** The whatsapp-web.js channel, with what ops and tests look at. */
export interface WhatsAppWebChannel extends Channel {
  readonly adapter: WhatsAppWebAdapter;
  readonly outbox: WebOutbox;
  readonly status: WebClientStatusStore;
  /** True while this instance holds the browser. */
  readonly leading: boolean;
}

/**
 * Creates the channel; `start` joins the leader election, `stop` leaves it (closing the browser if held).
 * @example
 * const whatsappWeb = createWhatsAppWebChannel({ pipeline, redis, dedupe,
 *   createClient: createWebClientFactory({ clientId: 'shop', sessionStore: createRedisSessionStore({ redis, dataPath }) }) });
 */
export function createWhatsAppWebChannel(options: WhatsAppWebChannelOptions): WhatsAppWebChannel {
  const { pipeline, redis, keyPrefix = 'baton:', clientId = 'baton', mountPath = '/whatsapp', logger } = options;
  const lock: LeaderLock = redis ? createRedisLeaderLock({ redis, keyPrefix, clientId, ttlMs: options.lockTtlMs }) : createMemoryLeaderLock();
  const outbox = redis ? createRedisOutbox({ redis, keyPrefix, clientId, claimIdleMs: options.claimIdleMs }) : createMemoryOutbox();
  const status = redis ? createRedisStatusStore({ redis, keyPrefix, clientId }) : createMemoryStatusStore();
  const adapter = new WhatsAppWebAdapter({
    clientId,
    outbox,
    dedupe: options.dedupe ?? createMemoryDedupeStore(),
    optionStore: options.optionStore ?? (redis ? createRedisOptionStore({ redis, keyPrefix }) : createMemoryOptionStore()),
    defaultLocale: options.defaultLocale,
    ...(options.media ? { media: options.media } : {}),
    logger,
  });
  adapter.use(...pipeline.middleware);
  const session = new WebSession({
    createClient: options.createClient,
    adapter,
    logic: pipeline.logic,
    outbox,
    status,
    consumer: lock.owner,
    qrInTerminal: options.qrInTerminal,
    startTimeoutMs: options.startTimeoutMs,
    restartDelayMs: options.restartDelayMs,
    onDeliveryFailure: options.onDeliveryFailure,
    ...(options.media ? { media: options.media } : {}),
    logger,
  });
  let election: Election | undefined;
  let stopped = false;

  return {
    name: WHATSAPP_WEB_CHANNEL_ID,
    adapter,
    outbox,
    status,
    router: createQrPageRouter({ status, adminToken: options.adminToken }),
    mountPath,
    get leading() {
      return election?.leading ?? false;
    },
    async start() {
      if (election || stopped) return;
      election = campaign({ lock, leadership: session, retryMs: options.electionRetryMs, logger });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Turns in flight append their replies first; what this leader has not sent waits for the next one.
      await adapter.drain();
      await election?.stop();
    },
  };
}
