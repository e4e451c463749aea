/**
 * Saves conversation state once the rest of the turn is done, whoever ended it (a dialog, the
 * handoff gate, an early return), so the locale and dialog stack never go unsaved.
 */
import type { BotState, TurnContext } from '../turn-kit.js';
import type { TurnMiddleware } from './compose.js';

/** The states this middleware saves at the turn's end, in the turn's state while it runs. */
const SAVED_AT_TURN_END = Symbol('baton.stateSavedAtTurnEnd');
/** Set when bot logic left its own save to this middleware (see `leaveSaveToPipeline`). */
const LOGIC_LEFT_SAVE = Symbol('baton.logicLeftSave');

/**
 * For bot logic that saves its own state so it also works without the pipeline (as in the dialog tests):
 * true when the pipeline will save `state` at the turn's end, and the logic may skip its save (a write of
 * the whole state that the final save would repeat); the save then also happens if a later step fails,
 * as the logic's own save would have. False outside the pipeline, or for a state it does not save.
 */
export function leaveSaveToPipeline(context: TurnContext, state: BotState): boolean {
  const saved = context.turnState.get(SAVED_AT_TURN_END) as ReadonlySet<BotState> | undefined;
  if (!saved?.has(state)) return false;
  context.turnState.set(LOGIC_LEFT_SAVE, true);
  return true;
}

export function persistState({ states }: { states: readonly BotState[] }): TurnMiddleware {
  return async function persistStateMiddleware(context, next) {
    context.turnState.set(SAVED_AT_TURN_END, new Set(states));
    try {
      await next();
    } catch (error) {
      // A step after the logic failed (a late escalation's notice not sent): keep what the logic did.
      // Only when the logic finished and left its save here: a half-done dialog step is not saved.
      if (context.turnState.get(LOGIC_LEFT_SAVE)) for (const state of states) await state.saveChanges(context).catch(() => undefined);
      throw error;
    }
    for (const state of states) await state.saveChanges(context);
  };
}
