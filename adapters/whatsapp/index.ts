/**
 * The WhatsApp channel: the only import point of `adapters/whatsapp`. Two transports: Meta's official
 * Cloud API, and whatsapp-web.js (a linked WhatsApp Web session; whatsapp-web.js and puppeteer load only
 * when its client is made). Both share the rendering of options, the option store and the texts.
 */

// The Cloud API channel
export { createWhatsAppCloudChannel, type WhatsAppCloudChannel, type WhatsAppCloudChannelOptions } from './cloud-api-channel.js';
export { WhatsAppCloudAdapter, type AcceptedWebhook, type WhatsAppCloudAdapterOptions } from './cloud-api-adapter.js';
export { createCloudApiRouter, type CloudApiRouterOptions, type WebhookErrorBody } from './cloud-api-router.js';
export { DEFAULT_GRAPH_API_VERSION, GraphApiClient, WhatsAppApiError, type GraphApiClientOptions } from './graph-api-client.js';
export { CLOUD_API_LIMITS, optionValueFromId, renderActivity, type RenderedActivity } from './cloud-api-messages.js';
export { inboundContent, parseWebhook, toActivity, WHATSAPP_CHANNEL_ID, type InboundContent, type WebhookEvent } from './cloud-api-webhook.js';

// The 24-hour window and delivery reports
export { createMemoryServiceWindowStore, createRedisServiceWindowStore, isWindowOpen, SERVICE_WINDOW_MS, type ServiceWindowStore } from './service-window.js';
export { outsideWindowSends, windowNotices, type DeliveryFailure, type OutsideWindowEvent, type WhatsAppTemplate } from './window-and-status.js';

// Rendering shared by every WhatsApp transport
export {
  numberedText,
  optionNumber,
  optionsOf,
  pickNumbered,
  splitText,
  textsFor,
  WHATSAPP_TEXTS,
  type OfferedOption,
  type WhatsAppTexts,
} from './suggested-actions.js';
export { createMemoryOptionStore, createRedisOptionStore, type OptionStore } from './option-store.js';

// The whatsapp-web.js transport
export { createWhatsAppWebChannel, type WhatsAppWebChannel, type WhatsAppWebChannelOptions } from './web-client-channel.js';
export { WhatsAppWebAdapter, type WebMessageOutcome, type WhatsAppWebAdapterOptions } from './web-client-adapter.js';
export { assertWhatsAppWebInstalled } from './web-client-module.js';
export { CHROMIUM_ARGS, createWebClientFactory, explainStartFailure, startWebClient, type WebClientFactoryOptions } from './web-client-factory.js';
export { campaign, createMemoryLeaderLock, createRedisLeaderLock, type Election, type LeaderLock, type Leadership } from './web-client-leader.js';
export { readWebMessage, renderWebActivity, toWebActivity, WEB_TEXT_MAX, type RenderedWebActivity, type WebInbound } from './web-client-messages.js';
export { createMemoryOutbox, createRedisOutbox, type ConsumeOptions, type WebOutbox } from './web-client-outbox.js';
export { createQrPageRouter, type QrPageOptions } from './web-client-qr-page.js';
export { WebSession, type WebSessionOptions } from './web-client-session.js';
export { createRedisSessionStore, type RemoteAuthStore } from './web-client-session-store.js';
export { createMemoryStatusStore, createRedisStatusStore, type WebClientStatus, type WebClientStatusStore } from './web-client-status.js';
export {
  WHATSAPP_WEB_CHANNEL_ID,
  type OutgoingWebMessage,
  type SentWebMessage,
  type WebClient,
  type WebClientEvents,
  type WebClientFactory,
  type WebMessage,
  type WebMedia,
  type WebMediaSendOptions,
  type OutgoingWebMedia,
} from './web-client-types.js';

// Verification
export { verifySubscription, verifyWebhookSignature } from './verification.js';

// Wire types
export type {
  GraphErrorBody,
  GraphErrorDetail,
  InboundMessage,
  MessageStatus,
  OutgoingContent,
  OutgoingMessage,
  SendMessageResponse,
  WebhookContact,
  WebhookPayload,
} from './payload-types.js';

// Built from configuration (adapters/registry.ts)
export { WHATSAPP_WEBHOOK_PATH, whatsAppCloudChannelFactory } from './cloud-api-factory.js';
export { whatsAppWebChannelFactory } from './web-client-channel-factory.js';
