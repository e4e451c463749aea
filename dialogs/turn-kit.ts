/**
 * The one door to the turn types and classes: the Activity protocol, the turn context, the adapter base
 * class, middleware, conversation state and storage. Every production file but `dialog-kit.ts` and
 * `adapters/botframework/` imports these names from here (a bot written against the package, from
 * 'baton'), never from botbuilder, so the move to the Microsoft 365 Agents SDK changes this file and
 * `dialog-kit.ts`, not the seventy files that use them (docs/agents-sdk-plan.md).
 *
 * From 'botbuilder-core', not 'botbuilder': the latter adds `CloudAdapter`, the streaming transport and the
 * Teams helpers (about 160 more modules), which only the Bot Framework channel needs (docs/performance.md,
 * "Memory"). Tests that build a `TestAdapter` may import it from botbuilder-core themselves.
 * `tests/ops/import-graph.test.ts` enforces the door.
 */
export {
  ActionTypes,
  ActivityEventNames,
  ActivityTypes,
  BotAdapter,
  BotState,
  ConversationState,
  MessageFactory,
  RoleTypes,
  TurnContext,
} from 'botbuilder-core';
export type {
  Activity,
  Attachment,
  CardAction,
  ChannelAccount,
  ConversationReference,
  Middleware,
  MiddlewareHandler,
  ResourceResponse,
  StatePropertyAccessor,
  Storage,
  StoreItems,
  TranscriptLogger,
} from 'botbuilder-core';
