/**
 * The handoff queue and ticket store: the interface, and its memory and Redis implementations.
 * @example const store = createRedisHandoffStore({ redis, keyPrefix: 'baton:', botId: 'shop' });
 */
export type {
  ClaimCode,
  ClaimNextCode,
  Deadline,
  ErasedConversation,
  HandoffStore,
  OpenTicketInput,
  StoredEvent,
  TicketResult,
  TransferCode,
  TransferTarget,
} from './handoff-store.js';
export { createMemoryHandoffStore, type MemoryHandoffStoreOptions } from './memory-handoff-store.js';
export { createRedisHandoffStore, type RedisHandoffStoreOptions } from './redis-handoff-store.js';
