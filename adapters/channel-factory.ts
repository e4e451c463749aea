/**
 * How a channel is built from configuration: every channel folder exports a `ChannelFactory`, and
 * `adapters/registry.ts` lists them. The composition root hands every factory the same typed bag of
 * shared parts, `ChannelDeps`; a factory takes what it needs and answers undefined when its settings
 * are absent (the channel is off).
 */
import type { Config } from '../infra/config.js';
import { ConfigError } from '../infra/errors.js';
import type { DedupeStore } from '../infra/dedupe-store.js';
import type { Logger } from '../infra/logger.js';
import type { RedisClient } from '../infra/redis.js';
import type { Channel, TurnPipeline } from './channel.js';
import type { DeliveryJournal } from './kit/delivery-journal.js';
import type { InboxMetrics, InboxSettings } from './kit/durable-inbox.js';
import type { MediaKit } from './media-intake.js';
import type { CallbackDataStore } from './telegram/callback-data.js';
import type { DirectLineLimiters } from './web/abuse-limits.js';
import type { ActivityLog } from './web/activity-log.js';
import type { OptionStore } from './whatsapp/option-store.js';
import type { ServiceWindowStore } from './whatsapp/service-window.js';
import type { WebClientFactory } from './whatsapp/web-client-types.js';

/** The stores channels keep their state in (bots/stores.ts: memory, or Redis shared by every instance). */
export interface ChannelStores {
  /** Platform delivery ids (webhook retries); with a memory fallback while Redis is away. */
  readonly dedupe: DedupeStore;
  /** Direct Line's re-posted activities (leases), on Redis only when Redis is configured. */
  readonly reposts: DedupeStore;
  readonly activityLog: ActivityLog;
  /** Direct Line's token key, shared by every instance. */
  readonly tokenKey?: string;
  readonly telegramCallbacks: CallbackDataStore;
  readonly whatsappWindows: ServiceWindowStore;
  readonly whatsappOptions: OptionStore;
  /**
   * Accepted webhook deliveries until their turn ends (adapters/kit/delivery-journal.ts), shared on Redis
   * so a survivor runs those of an instance that died mid-turn. Channels default to a memory one.
   */
  readonly journal?: DeliveryJournal;
}

/** Everything a channel factory may use. */
export interface ChannelDeps {
  /** The engine's middleware and logic. */
  readonly pipeline: TurnPipeline;
  readonly config: Config;
  readonly stores: ChannelStores;
  readonly redis?: RedisClient;
  /** The app's logger; a factory makes a child with its module name. */
  readonly logger: Logger;
  /** Photos and files both ways (bots/media-setup.ts). */
  readonly media?: MediaKit;
  /** Abuse limits at the Direct Line edge. */
  readonly limits?: DirectLineLimiters;
  /** The clock in epoch ms. */
  readonly now?: () => number;
  /** Counts deliveries the durable inbox ran again or dropped. */
  readonly inboxMetrics?: InboxMetrics;
  /** Replaces the whatsapp-web.js client (tests drive a fake phone). */
  readonly whatsAppWebClient?: WebClientFactory;
}

/** The durable inbox's timings from settings (INBOX_LEASE_SECONDS, INBOX_SWEEP_SECONDS, INBOX_MAX_ATTEMPTS). */
export function inboxSettings(config: Pick<Config, 'INBOX_LEASE_SECONDS' | 'INBOX_SWEEP_SECONDS' | 'INBOX_MAX_ATTEMPTS'>): InboxSettings {
  return { leaseMs: config.INBOX_LEASE_SECONDS * 1000, sweepMs: config.INBOX_SWEEP_SECONDS * 1000, maxAttempts: config.INBOX_MAX_ATTEMPTS };
}

/**
 * One channel's entry in the registry.
 * @example export const telegramChannelFactory: ChannelFactory = { name: 'telegram', fromConfig: (deps) => ... };
 */
export interface ChannelFactory<C extends Channel = Channel> {
  /** The channel's name, as `Channel.name` (e.g. 'telegram'). */
  readonly name: string;
  /**
   * Builds the channel from `deps.config`, or undefined when its settings are absent.
   * @throws ConfigError when its settings are present but wrong (the message says the fix).
   */
  fromConfig(deps: ChannelDeps): C | undefined;
}

/**
 * Builds every configured channel of `registry`, in order.
 * @throws ConfigError when two factories share a name: the handoff reaches a customer through the channel
 * named on the conversation, so a second one of that name would take the first one's replies.
 */
export function buildChannels(registry: readonly ChannelFactory[], deps: ChannelDeps): Channel[] {
  const names = new Set<string>();
  for (const { name } of registry) {
    if (names.has(name)) throw new ConfigError(`Two channels are named '${name}'. Give each channel factory its own name.`);
    names.add(name);
  }
  const channels: Channel[] = [];
  for (const factory of registry) {
    const channel = factory.fromConfig(deps);
    if (channel) channels.push(channel);
  }
  return channels;
}
