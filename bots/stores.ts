/**
 * The stores a bot's turns use, on memory or on one shared Redis connection, and what they do while
 * Redis is unreachable (degraded mode; README, "Reliability"):
 *
 * - conversation state, the dedupe of platform ids, Telegram's long button data and WhatsApp's 24-hour
 *   window and numbered options fall back to this instance's memory, so a turn still runs the NLU and
 *   answers (FAQs need nothing else). The price, for the outage only: a redelivery reaching another
 *   instance may run twice, and what those stores learn stays on this instance.
 * - the transcript buffers in memory and is written to Redis on reconnect, so agents later see what
 *   customers wrote meanwhile.
 * - the Direct Line activity log has no fallback: it is what clients read, and one instance's memory
 *   is not what another instance serves. Direct Line answers 503 until Redis is back; a reply of a
 *   turn already taken waits for it (bounded) instead of being lost.
 * - the handoff queue has none either: an escalation tells the customer to try again in a minute.
 * - the inbox of acknowledged Telegram and WhatsApp Cloud API deliveries falls back to a memory
 *   journal beside the memory dedupe: a turn accepted meanwhile is not run again elsewhere if this
 *   instance dies mid-turn (as without Redis at all).
 *
 * With REDIS_WAIT_REPLICAS, the writes a customer's acknowledgement rests on (the Direct Line log,
 * the transcript, conversation state) wait until that many replicas have them (infra/redis-durability.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Storage } from '../dialogs/turn-kit.js';
import { createMemoryCallbackStore, createRedisCallbackStore, type CallbackDataStore } from '../adapters/telegram/index.js';
import { createMemoryActivityLog, createRedisActivityLog, type ActivityLog } from '../adapters/web/index.js';
import {
  createMemoryOptionStore,
  createMemoryServiceWindowStore,
  createRedisOptionStore,
  createRedisServiceWindowStore,
  type OptionStore,
  type ServiceWindowStore,
} from '../adapters/whatsapp/index.js';
import { bufferedTranscript } from '../dialogs/state/buffered-transcript.js';
import { createMemoryCustomerIndex, createRedisCustomerIndex, type CustomerIndex } from '../dialogs/state/customer-index.js';
import { createMemoryDedupeStore, createRedisDedupeStore, type DedupeStore } from '../infra/dedupe-store.js';
import { createMemoryDeliveryJournal, type DeliveryJournal } from '../adapters/kit/delivery-journal.js';
import { createRedisDeliveryJournal } from '../adapters/kit/redis-delivery-journal.js';
import { storageWithFallback } from '../dialogs/state/fallback-storage.js';
import { createMemoryStorage } from '../dialogs/state/memory-storage.js';
import { createRedisStorage } from '../dialogs/state/redis-storage.js';
import { createMemoryTranscriptStore, createRedisTranscriptStore, type TranscriptStore } from '../dialogs/state/transcript-store.js';
import type { Config } from '../infra/config.js';
import { Degradation, withFallback } from '../infra/fallback.js';
import type { Logger } from '../infra/logger.js';
import { isRedisReady, type RedisClient } from '../infra/redis.js';
import { replicated, replicaSync } from '../infra/redis-durability.js';
import { maskedActivityLog, maskedJournal, maskedStorage, maskedTranscript } from './at-rest-stores.js';
import { journalWithFallback } from './journal-fallback.js';

export interface Stores {
  /** Conversation state; every write has its sensitive numbers masked (bots/at-rest-stores.ts). */
  readonly storage: Storage;
  readonly dedupe: DedupeStore;
  /** Transcripts, masked as agents see them; each customer message is also indexed in `customers`. */
  readonly transcript: TranscriptStore;
  /** Stops the transcript backlog's own flushes and writes what it can once more; resolves how many lines are lost (Redis only). */
  readonly closeTranscript?: () => Promise<number>;
  /** The Direct Line log; activities are appended with their sensitive numbers masked. */
  readonly activityLog: ActivityLog;
  /** Conversations by customer, for an erase by customer. */
  readonly customers: CustomerIndex;
  /** Direct Line's re-posted activities (clientActivityID), shared so a re-post to another instance runs nothing. */
  readonly reposts: DedupeStore;
  readonly telegramCallbacks: CallbackDataStore;
  readonly whatsappWindows: ServiceWindowStore;
  readonly whatsappOptions: OptionStore;
  /**
   * Acknowledged Telegram and WhatsApp Cloud API deliveries until their turn ends; on Redis a survivor
   * runs those of an instance that died mid-turn, in memory it is one process's bookkeeping.
   */
  readonly journal: DeliveryJournal;
  /** The Direct Line token key every instance shares. */
  readonly tokenKey: string;
  /** Whether calls are being served from memory because Redis is away. */
  readonly degradation: Degradation;
}

/** Memory stores, or Redis stores sharing `redis`, with the degraded mode described above. */
export async function createStores(config: Config, redis: RedisClient | undefined, logger?: Logger): Promise<Stores> {
  const transcriptLimits = { maxLength: config.TRANSCRIPT_MAX_LENGTH, retentionSeconds: config.TRANSCRIPT_RETENTION_DAYS * 86_400 };
  const ownKey = config.TOKEN_SECRET ?? config.DIRECTLINE_SECRET;
  const degradation = new Degradation({ logger, reachable: () => !redis || isRedisReady(redis) });
  // Memory stores keep what the Redis keys would, for as long, and at most these many (docs/memory-stores.md).
  const maxConversations = config.MEMORY_MAX_CONVERSATIONS;
  const maxChars = config.MEMORY_MAX_STORE_CHARS;
  const memoryStorage = () => createMemoryStorage({ ttlSeconds: config.STATE_TTL_DAYS * 86_400, maxItems: maxConversations * 2 });
  const memoryDedupe = () => createMemoryDedupeStore({ maxEntries: config.MEMORY_MAX_DEDUPE_IDS });
  if (!redis) {
    const dedupe = memoryDedupe();
    const customers = createMemoryCustomerIndex({ retentionSeconds: transcriptLimits.retentionSeconds, maxCustomers: maxConversations });
    return {
      storage: maskedStorage(memoryStorage()),
      dedupe,
      journal: maskedJournal(createMemoryDeliveryJournal({ dedupe })),
      transcript: maskedTranscript(createMemoryTranscriptStore({ ...transcriptLimits, maxConversations, maxChars }), customers),
      activityLog: maskedActivityLog(
        createMemoryActivityLog({
          maxLength: config.DIRECTLINE_LOG_MAX_LENGTH,
          retentionSeconds: config.DIRECTLINE_RETENTION_HOURS * 3600,
          maxConversations,
          maxChars,
        }),
      ),
      customers,
      reposts: createMemoryDedupeStore({ maxEntries: config.MEMORY_MAX_DEDUPE_IDS }),
      telegramCallbacks: createMemoryCallbackStore(),
      whatsappWindows: createMemoryServiceWindowStore(),
      whatsappOptions: createMemoryOptionStore(),
      tokenKey: ownKey ?? randomBytes(32).toString('hex'),
      degradation,
    };
  }
  const keyPrefix = config.REDIS_KEY_PREFIX;
  const sync = replicaSync(redis, { replicas: config.REDIS_WAIT_REPLICAS, timeoutMs: config.REDIS_WAIT_TIMEOUT_MS });
  // Without TOKEN_SECRET, instances agree on a random key kept in Redis: the first one to start sets it.
  const tokenKeyName = `${keyPrefix}directline:token-key`;
  if (!ownKey) await redis.set(tokenKeyName, randomBytes(32).toString('hex'), 'NX');
  const tokenKey = ownKey ?? (await redis.get(tokenKeyName)) ?? '';
  const transcript = bufferedTranscript(replicated(createRedisTranscriptStore({ redis, keyPrefix, ...transcriptLimits }), ['logActivity'], sync), {
    degradation,
    onDropped: (activity) =>
      logger?.error({ conversationId: activity.conversation?.id }, 'transcript buffer full during the Redis outage; an activity was dropped'),
    onRefused: (activity, error) =>
      logger?.error({ err: error, conversationId: activity.conversation?.id }, 'transcript: Redis refused a buffered activity; it was dropped'),
  });
  const customers = withFallback(
    'customer index',
    createRedisCustomerIndex({ redis, keyPrefix, retentionSeconds: transcriptLimits.retentionSeconds }),
    createMemoryCustomerIndex({ retentionSeconds: transcriptLimits.retentionSeconds, maxCustomers: maxConversations }),
    ['add', 'list', 'remove', 'delete'],
    degradation,
  );
  // One memory dedupe behind both: a delivery claimed by the journal during an outage is a duplicate for the dedupe too.
  const fallbackDedupe = memoryDedupe();
  redis.on('ready', () => {
    degradation.recovered();
    void transcript.flush().then((left) => left > 0 && logger?.warn({ left }, 'transcript backlog not fully written yet'));
  });
  return {
    storage: maskedStorage(
      storageWithFallback(
        replicated(createRedisStorage({ redis, keyPrefix, ttlSeconds: config.STATE_TTL_DAYS * 86_400 }), ['write'], sync),
        memoryStorage(),
        degradation,
      ),
    ),
    dedupe: withFallback(
      'dedupe',
      createRedisDedupeStore({ redis, keyPrefix }),
      fallbackDedupe,
      ['claim', 'renew', 'resolve', 'lookup', 'release', 'releaseAll'],
      degradation,
    ),
    journal: maskedJournal(
      journalWithFallback(
        // The 200 to Telegram or Meta rests on the accepted entry: with REDIS_WAIT_REPLICAS it must survive a failover too.
        replicated(createRedisDeliveryJournal({ redis, keyPrefix }), ['accept'], sync),
        createMemoryDeliveryJournal({ dedupe: fallbackDedupe }),
        degradation,
      ),
    ),
    transcript: maskedTranscript(transcript, customers),
    closeTranscript: () => transcript.close(),
    activityLog: maskedActivityLog(
      replicated(
        createRedisActivityLog({ redis, keyPrefix, maxLength: config.DIRECTLINE_LOG_MAX_LENGTH, retentionSeconds: config.DIRECTLINE_RETENTION_HOURS * 3600 }),
        ['createConversation', 'append'],
        sync,
      ),
    ),
    customers,
    reposts: createRedisDedupeStore({ redis, keyPrefix }),
    telegramCallbacks: withFallback(
      'telegram callbacks',
      createRedisCallbackStore({ redis, keyPrefix }),
      createMemoryCallbackStore(),
      ['read', 'write', 'delete'],
      degradation,
    ),
    whatsappWindows: withFallback(
      'whatsapp windows',
      createRedisServiceWindowStore({ redis, keyPrefix }),
      createMemoryServiceWindowStore(),
      ['read', 'write', 'delete'],
      degradation,
    ),
    whatsappOptions: withFallback(
      'whatsapp options',
      createRedisOptionStore({ redis, keyPrefix }),
      createMemoryOptionStore(),
      ['read', 'write', 'delete'],
      degradation,
    ),
    tokenKey,
    degradation,
  };
}
