/**
 * The WhatsApp channel: the only import point of `adapters/whatsapp`. Today the official Cloud API;
 * the rendering, option store and texts are shared with the whatsapp-web.js transport that joins it.
 */

// The Cloud API channel
export { createWhatsAppCloudChannel, type WhatsAppCloudChannel, type WhatsAppCloudChannelOptions } from './cloud-api-channel.js';
export { WhatsAppCloudAdapter, type AcceptedWebhook, type WhatsAppCloudAdapterOptions } from './cloud-api-adapter.js';
export { createCloudApiRouter, type CloudApiRouterOptions, type WebhookErrorBody } from './cloud-api-router.js';
export { GraphApiClient, WhatsAppApiError, type GraphApiClientOptions } from './graph-api-client.js';
export { CLOUD_API_LIMITS, optionValueFromId, renderActivity, type RenderedActivity } from './cloud-api-messages.js';
export { inboundContent, parseWebhook, toActivity, WHATSAPP_CHANNEL_ID, type InboundContent, type WebhookEvent } from './cloud-api-webhook.js';

// The 24-hour window and delivery reports
export { createMemoryServiceWindowStore, createRedisServiceWindowStore, isWindowOpen, SERVICE_WINDOW_MS, type ServiceWindowStore } from './service-window.js';
export { outsideWindowSends, type DeliveryFailure, type OutsideWindowEvent, type WhatsAppTemplate } from './window-and-status.js';

// Rendering shared by every WhatsApp transport
export { numberedText, optionNumber, optionsOf, pickNumbered, splitText, textsFor, WHATSAPP_TEXTS, type OfferedOption, type WhatsAppTexts } from './suggested-actions.js';
export { createMemoryOptionStore, createRedisOptionStore, type OptionStore } from './option-store.js';

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
