/**
 * The Bot Framework channel (botbuilder's CloudAdapter at POST /api/messages): the only import point of
 * `adapters/botframework`. It serves every Azure Bot Service channel (Teams, Web Chat, Direct Line...)
 * and the Bot Framework Emulator.
 */
export { createBotFrameworkChannel, BOT_FRAMEWORK_CHANNEL_NAME, type BotFrameworkChannel, type BotFrameworkChannelOptions } from './botframework-channel.js';
export { BotFrameworkAdapter } from './botframework-adapter.js';
export { createBotFrameworkAuthentication, isLoopbackPeer, isLoopbackServiceUrl, type BotFrameworkCredentials } from './authentication.js';

// Built from configuration (adapters/registry.ts)
export { BOT_FRAMEWORK_PATH, botFrameworkChannelFactory } from './botframework-factory.js';
