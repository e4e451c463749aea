/**
 * The web channel (Direct Line 3.0 and Baton's widget): the only import point of `adapters/web`.
 */

// The channel
export { createWebChannel, type WebChannel, type WebChannelOptions } from './web-channel.js';
export { DirectLineAdapter, type DirectLineAdapterOptions, type IncomingContext } from './directline-adapter.js';

// Activity logs
export {
  activityIdFor,
  ConversationNotFoundError,
  parseWatermark,
  type ActivityLog,
  type ActivityListener,
  type AppendOptions,
  type ConversationMeta,
} from './activity-log.js';
export { createMemoryActivityLog, type MemoryActivityLogOptions } from './memory-activity-log.js';
export { createRedisActivityLog, type RedisActivityLogOptions } from './redis-activity-log.js';

// Verification, origins and tokens for browsers
export { TokenIssuer, type TokenIssuerOptions } from './verification.js';
export { createOriginPolicy, parseAllowedOrigins, type OriginPolicy, type OriginRule } from './origins.js';
export { directLineCors, DIRECT_LINE_REQUEST_HEADERS } from './cors.js';

// The widget
export { widgetRouter, widgetDirectory } from './widget-router.js';

// Wire types
export type {
  ActivitySet,
  DirectLineConversation,
  DirectLineErrorBody,
  DirectLineErrorCode,
  ResourceId,
  StartConversationBody,
  TokenBinding,
  TokenClaims,
} from './payload-types.js';

// Built from configuration (adapters/registry.ts)
export { WEB_CHANNEL_NAME, webChannelFactory } from './web-factory.js';
