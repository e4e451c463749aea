/**
 * The engine's turn contract: what `createTurnPipeline` builds and every channel runs. It lives in the
 * engine (not in `adapters/channel.ts`) so the engine never imports from the edge; channels import it
 * from here (or through `adapters/channel.ts`, which re-exports it).
 */
import type { Middleware, MiddlewareHandler, TurnContext } from './turn-kit.js';

/** The bot's logic for one turn, called after the pipeline's middleware. */
export type BotLogic = (context: TurnContext) => Promise<void>;

/** What the engine hands every channel: middleware to install on its adapter, then the logic to run. */
export interface TurnPipeline {
  readonly middleware: readonly (Middleware | MiddlewareHandler)[];
  readonly logic: BotLogic;
}
