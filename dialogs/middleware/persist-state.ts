/**
 * Saves conversation state once the rest of the turn is done, whoever ended it (a dialog, the
 * handoff gate, an early return), so the locale and dialog stack never go unsaved.
 */
import type { BotState } from '../turn-kit.js';
import type { TurnMiddleware } from './compose.js';

/**
 * Set in a turn's state while this middleware will save at the turn's end: bot logic that saves its own
 * state (so it also works without the pipeline, as in tests) can leave it to the pipeline and spare the
 * turn a write of the whole state that the final save repeats.
 */
export const STATE_SAVED_AT_TURN_END = Symbol('baton.stateSavedAtTurnEnd');

export function persistState({ states }: { states: readonly BotState[] }): TurnMiddleware {
  return async function persistStateMiddleware(context, next) {
    context.turnState.set(STATE_SAVED_AT_TURN_END, true);
    await next();
    for (const state of states) await state.saveChanges(context);
  };
}
