/**
 * The web console desk: the agent API over HTTP + WebSocket and the browser console. The only import
 * point of `desks/console`.
 */

// The desk
export { createConsoleDesk, consolePublicDirectory, type ConsoleDesk, type ConsoleDeskOptions } from './console-desk.js';
export { CONSOLE_DESK, consoleDeskFactory } from './factory.js';

// Authentication
export { agentOf, bearerOf, type AuthenticateAgent } from './agent-auth.js';

// Wire types and limits
export { STREAM_CLOSE, type HelloFrame, type StreamFrame } from './agent-stream.js';
export { agentApiErrorHandler, STATUS_OF_CODE, type AgentApiErrorBody } from './http-errors.js';
export { MAX_TEXT_LENGTH } from './request-schemas.js';
