/**
 * The WhatsApp Cloud API channel as one `Channel`: the webhook router, the adapter that runs turns and
 * sends through the Graph API, and their stores. Several instances can run behind one load balancer when
 * the stores are the Redis ones; with the default memory stores, run one instance.
 */
import { createMemoryDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import { ConfigError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { Channel, TurnPipeline } from '../channel.js';
import type { MediaKit } from '../media-intake.js';
import type { DeliveryJournal } from '../kit/delivery-journal.js';
import type { InboxMetrics, InboxSettings } from '../kit/durable-inbox.js';
import { WhatsAppCloudAdapter } from './cloud-api-adapter.js';
import { WHATSAPP_CHANNEL_ID } from './cloud-api-webhook.js';
import { createCloudApiRouter } from './cloud-api-router.js';
import { DEFAULT_GRAPH_API_VERSION, GraphApiClient } from './graph-api-client.js';
import { createMemoryOptionStore, type OptionStore } from './option-store.js';
import { createMemoryServiceWindowStore, type ServiceWindowStore } from './service-window.js';
import type { DeliveryFailure, OutsideWindowEvent, WhatsAppTemplate } from './window-and-status.js';
import { withoutTrailingSlashes } from '../../infra/text-ends.js';

/** Options of `createWhatsAppCloudChannel`. */
export interface WhatsAppCloudChannelOptions {
  /** The engine's middleware and logic. */
  pipeline: TurnPipeline;
  /** A System User access token with `whatsapp_business_messaging` (Business Settings > System users). */
  accessToken: string;
  /** The app's App Secret (App settings > Basic); verifies `X-Hub-Signature-256`. */
  appSecret: string;
  /** Any string you choose, entered as "Verify token" beside the Callback URL in Meta's dashboard. */
  verifyToken: string;
  /** The Phone number ID of the business number (WhatsApp > API Setup), not the phone number. */
  phoneNumberId: string;
  /** Graph API origin (default 'https://graph.facebook.com'). */
  graphApiBase?: string;
  /** Graph API version, e.g. 'v25.0' (default `DEFAULT_GRAPH_API_VERSION`). */
  apiVersion?: string;
  /** Sent instead of free-form messages outside the 24-hour window; without it such sends throw. */
  template?: WhatsAppTemplate;
  /** The engine's dedupe store (default in-memory). */
  dedupe?: DedupeStore;
  /**
   * Keeps accepted messages until their turn ends, so a survivor runs those of an instance that died
   * mid-turn: the engine's Redis journal when several instances run. Default: memory, on `dedupe`.
   */
  journal?: DeliveryJournal;
  /** Leases and sweeps of the durable inbox (adapters/kit/durable-inbox.ts). */
  inbox?: InboxSettings;
  inboxMetrics?: InboxMetrics;
  /** Customers' last-message times (default in-memory). */
  windowStore?: ServiceWindowStore;
  /** Numbered options offered (default in-memory). */
  optionStore?: OptionStore;
  /** Where the router is mounted (default '/whatsapp/webhook'); the Callback URL is the public origin + this. */
  mountPath?: string;
  /** Language of the adapter's own words when a message gives no clue (default 'en'). */
  defaultLocale?: string;
  /** Graph API attempts per message for 429 and 5xx (default 3) and the first backoff (default 500 ms). */
  retry?: { maxAttempts?: number; baseDelayMs?: number };
  /** The clock in epoch ms (tests move it past the 24-hour window). */
  now?: () => number;
  onOutsideWindow?: (event: OutsideWindowEvent) => void;
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
  /** Photos, voice notes, videos and documents both ways; without it media get the "text only" answer. */
  media?: MediaKit;
  logger?: Logger;
}

/** The WhatsApp Cloud API channel, with its concrete adapter type. */
export interface WhatsAppCloudChannel extends Channel {
  readonly adapter: WhatsAppCloudAdapter;
}

/**
 * Creates the WhatsApp Cloud API channel.
 * @throws ConfigError when a credential is empty.
 * @example
 * const whatsapp = createWhatsAppCloudChannel({ pipeline, accessToken, appSecret, verifyToken, phoneNumberId,
 *   dedupe: createRedisDedupeStore({ redis }), windowStore: createRedisServiceWindowStore({ redis }),
 *   optionStore: createRedisOptionStore({ redis }), template: { name: 'reply_waiting', language: 'en_US' } });
 * app.use(whatsapp.mountPath!, whatsapp.router!);
 */
export function createWhatsAppCloudChannel(options: WhatsAppCloudChannelOptions): WhatsAppCloudChannel {
  const {
    pipeline,
    accessToken,
    appSecret,
    verifyToken,
    phoneNumberId,
    graphApiBase = 'https://graph.facebook.com',
    apiVersion = DEFAULT_GRAPH_API_VERSION,
    template,
    dedupe = createMemoryDedupeStore(),
    windowStore = createMemoryServiceWindowStore(),
    optionStore = createMemoryOptionStore(),
    mountPath = '/whatsapp/webhook',
    logger,
  } = options;
  const missing = Object.entries({ accessToken, appSecret, verifyToken, phoneNumberId }).filter(([, value]) => !value?.trim());
  if (missing.length > 0) {
    throw new ConfigError(
      `WhatsApp Cloud API channel: ${missing.map(([key]) => key).join(', ')} must not be empty. Copy them from Meta's dashboard (WhatsApp > API Setup, App settings > Basic).`,
    );
  }
  const api = new GraphApiClient({
    accessToken,
    phoneNumberId,
    graphApiBase,
    apiVersion,
    maxAttempts: options.retry?.maxAttempts,
    retryBaseMs: options.retry?.baseDelayMs,
    logger,
  });
  const adapter = new WhatsAppCloudAdapter({
    api,
    phoneNumberId,
    serviceUrl: `${withoutTrailingSlashes(graphApiBase)}/${apiVersion}/${phoneNumberId}`,
    dedupe,
    ...(options.journal ? { journal: options.journal } : {}),
    ...(options.inbox ? { inbox: options.inbox } : {}),
    ...(options.inboxMetrics ? { inboxMetrics: options.inboxMetrics } : {}),
    windowStore,
    optionStore,
    template,
    defaultLocale: options.defaultLocale,
    now: options.now,
    logger,
    onOutsideWindow: options.onOutsideWindow,
    onDeliveryFailure: options.onDeliveryFailure,
    ...(options.media ? { media: options.media } : {}),
  });
  adapter.use(...pipeline.middleware);
  let stopped = false;
  const router = createCloudApiRouter({ adapter, logic: pipeline.logic, appSecret, verifyToken, isAccepting: () => !stopped, logger });

  return {
    name: WHATSAPP_CHANNEL_ID,
    adapter,
    router,
    mountPath,
    // Meta pushes to the webhook (the subscription is made in the dashboard): only the inbox's sweep starts.
    async start() {
      adapter.startRecovery(pipeline.logic);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await adapter.close();
    },
  };
}
