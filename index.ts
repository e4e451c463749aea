/**
 * Baton's public entry: `import { createBaton } from 'baton'`. Everything a bot needs is exported here;
 * what is not exported is internal and may change without notice. docs/public-api.md explains each group.
 */

// The composition root: one call builds a running bot.
export { createBaton, type Baton, type BatonOptions } from './bots/create-baton.js';
export type { BotDefinition, BotParts, BotServices } from './bots/bot-definition.js';

// Settings: validated from the environment (or an object of strings) with errors that say the fix.
export { loadConfig, type Config } from './infra/config.js';
export { BatonError, ConfigError } from './infra/errors.js';
export { createLogger, type Logger } from './infra/logger.js';

// The engine's turn contract and the channel contract.
export type { BotLogic, TurnPipeline } from './dialogs/turn-pipeline.js';
export type { Channel } from './adapters/channel.js';
export type { Recognition, Recognizer } from './nlu-models/recognizer.js';

// Extending Baton: channels and desks from registries (docs/guide-add-a-channel.md, docs/guide-add-a-desk.md),
// the channel kit a channel is written with, escalation rules (docs/guide-escalation-rule.md) and bot content as data.
export { BUILT_IN_CHANNELS, type ChannelDeps, type ChannelFactory, type ChannelStores } from './adapters/registry.js';
export { hmacSha256Hex, safeEqual, verifySha256Signature } from './adapters/webhook.js';
export { claimDelivery, releaseDelivery, type DedupeStore } from './infra/dedupe-store.js';
export { ChatQueue } from './adapters/chat-queue.js';
export { ProactiveBotAdapter } from './adapters/proactive-adapter.js';
export { RequestError } from './infra/errors.js';
export { APOLOGY, apologyFor, runWithApology, type LocalizedApology } from './adapters/kit/apology.js';
export { InFlight } from './adapters/kit/in-flight.js';
export { channelErrorHandler, sendRefusal, type ChannelErrorBody, type ErrorWords, type Refusal } from './adapters/kit/http-errors.js';
export { turnDedupe } from './adapters/kit/turn-dedupe.js';
export {
  createMemoryDeliveryJournal,
  type Delivery,
  type DeliveryJournal,
  type Lapsed,
  type Lease,
  type TakenEntry,
} from './adapters/kit/delivery-journal.js';
export { createRedisDeliveryJournal } from './adapters/kit/redis-delivery-journal.js';
export { DurableInbox, type HeldDelivery, type InboxMetrics, type InboxSettings, type Recover } from './adapters/kit/durable-inbox.js';
export type { Desk, DeskDeps, DeskFactory, DeskService } from './desks/desk.js';
export { BUILT_IN_DESKS } from './desks/registry.js';
export { actingAs } from './handoff/service/event-origin.js';
export type { AgentDesk, DeskEvent, EventOrigin } from './handoff/desk-api.js';
export {
  BUILT_IN_RULES,
  crisisRule,
  dialogRule,
  escalationRule,
  negativeEmotionRule,
  notUnderstoodRule,
  requestedHumanRule,
  type EscalationRule,
  type RuleContext,
  type RuleEscalation,
} from './handoff/policy/rules.js';

// The dialog kit a bot's logic is written with (botbuilder's dialogs, re-exported from one place).
export {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogState,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from './dialogs/dialog-kit.js';
export type { ConversationState, StatePropertyAccessor, TurnContext } from './dialogs/turn-kit.js';

// Turn accessors: what the engine found out about this turn, and what the bot asks of it.
export {
  getCustomerLanguage,
  getLocale,
  getMarket,
  getRecognition,
  getVerifiedCustomer,
  markAnsweredFromIntent,
  markNotUnderstood,
  requestHuman,
  type VerifiedCustomer,
} from './dialogs/turn-state.js';
export { isStopCommand } from './dialogs/stop-command.js';
export { parseRating } from './dialogs/flows/csat.js';

// Stores a caller may build on: conversation state and transcripts, in memory or on Redis.
export { createMemoryStorage, type MemoryStorageOptions } from './dialogs/state/memory-storage.js';
export { createRedisStorage, type RedisStorageOptions } from './dialogs/state/redis-storage.js';
export { createMemoryTranscriptStore, createRedisTranscriptStore, type TranscriptStore } from './dialogs/state/transcript-store.js';
export { connectRedis, type RedisClient } from './infra/redis.js';

// Bot content and escalation rules, as a bot built only on this entry uses them (docs/bot-content.md,
// docs/guide-escalation-rule.md).
export {
  cannedRepliesOf,
  escalationPhrasesOf,
  humanIntentsOf,
  loadBotContent,
  lookupLocale,
  parseBotContent,
  type BotContent,
  type BotContentInput,
  type ContentCheckOptions,
} from './dialogs/content/index.js';
export { routesOf, type Routes } from './dialogs/flows/routing.js';
export { fillTemplate } from './dialogs/templates/data-templates.js';
