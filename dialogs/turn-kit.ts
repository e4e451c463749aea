/**
 * The one door to the turn types and classes: the Activity protocol, the turn context, the adapter base
 * class, conversation state and storage. Every production file outside `dialogs/` and
 * `adapters/botframework/` imports these names from here (a bot written against the package, from
 * 'baton'), never from botbuilder, so the move to the Microsoft 365 Agents SDK changes this file and
 * `dialog-kit.ts`, not the fifty files that use them (docs/agents-sdk-plan.md).
 *
 * From 'botbuilder-core', not 'botbuilder': the latter also loads the Bot Framework connector, its HTTP
 * client and the streaming transport, which only the Bot Framework channel needs (docs/performance.md,
 * "Memory"). `tests/ops/import-graph.test.ts` enforces the door.
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
