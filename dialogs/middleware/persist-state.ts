/**
 * Saves conversation state once the rest of the turn is done, whoever ended it (a dialog, the
 * handoff gate, an early return), so the locale and dialog stack never go unsaved.
 */
import type { BotState } from '../turn-kit.js';
import type { TurnMiddleware } from './compose.js';

export function persistState({ states }: { states: readonly BotState[] }): TurnMiddleware {
  return async function persistStateMiddleware(context, next) {
    await next();
    for (const state of states) await state.saveChanges(context);
  };
}
