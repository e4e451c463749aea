/**
 * The Telegram channel (grammY's Bot API client, webhook or long polling): the only import point of
 * `adapters/telegram`.
 */

// The channel
export { createTelegramChannel, type TelegramChannel, type TelegramChannelOptions } from './telegram-channel.js';
export { TelegramAdapter, type TelegramAdapterOptions, type UpdateOutcome } from './telegram-adapter.js';
export { createWebhookRouter, WEBHOOK_PATH, type WebhookRouterOptions } from './webhook-router.js';

// Updates in, messages out
export { toInbound, type Inbound, type IgnoreReason } from './to-activity.js';
export { inlineKeyboard, renderMessage, splitText, MESSAGE_MAX_LENGTH, type SendMessagePayload } from './render.js';
export { answerTextOnly, localized, TEXT_ONLY_REPLIES, EXPIRED_BUTTON_REPLIES, type LocalizedReplies } from './text-only.js';

// Button values over 64 bytes
export {
  createCallbackDataCodec,
  createMemoryCallbackStore,
  createRedisCallbackStore,
  fitsAsIs,
  CALLBACK_DATA_MAX_BYTES,
  type CallbackDataCodec,
  type CallbackDataStore,
} from './callback-data.js';

// Calls to the Bot API
export { callTelegram, retryTransformer, toChannelApiError, type RetryOptions } from './api-calls.js';

// Verification
export { parseUpdate, secretsEqual, verifySecretToken, SECRET_HEADER, SECRET_TOKEN_PATTERN } from './verification.js';

// Wire types
export {
  ALLOWED_UPDATES,
  MEDIA_KINDS,
  TELEGRAM_CHANNEL_ID,
  mediaContentType,
  telegramDataOf,
  type InlineKeyboardButton,
  type MediaKind,
  type Message,
  type TelegramChannelData,
  type TelegramWebhookErrorBody,
  type Update,
  type UserFromGetMe,
} from './payload-types.js';

// Built from configuration (adapters/registry.ts)
export { telegramChannelFactory } from './telegram-factory.js';
