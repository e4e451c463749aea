/**
 * Shows "typing…" on channels that offer it, placed after the handoff gate: a message the bot will
 * answer gets the indicator; a message relayed to the person holding the conversation does not, since
 * the bot will say nothing to it.
 */
import { ActivityTypes } from '../turn-kit.js';
import { startTyping } from '../turn-state.js';
import type { TurnMiddleware } from './compose.js';

/** Starts the channel's typing indicator for customer messages that reach the bot. */
export function showTyping(): TurnMiddleware {
  return async function showTypingMiddleware(context, next) {
    if (context.activity.type === ActivityTypes.Message) startTyping(context);
    await next();
  };
}
