/**
 * Baton's middleware signature and its one guard. botbuilder's MiddlewareSet runs handlers in order
 * but lets a handler call `next()` twice, which would run the rest of the turn twice (two replies,
 * two tickets). Every Baton middleware is wrapped by `guarded`, which makes that an error.
 */
import type { MiddlewareHandler, TurnContext } from '../turn-kit.js';
import { BatonError } from '../../infra/errors.js';

/** `(context, next) => Promise<void>`, as in botbuilder, grammY and Hono. */
export type TurnMiddleware = MiddlewareHandler;

/**
 * Wraps a middleware so a second call to `next()` throws instead of re-running the pipeline.
 * @param name shown in the error, e.g. 'language'.
 */
export function guarded(name: string, handler: TurnMiddleware): TurnMiddleware {
  const named = async (context: TurnContext, next: () => Promise<void>) => {
    let called = false;
    await handler(context, async () => {
      if (called) throw new BatonError('next_called_twice', `Middleware '${name}' called next() twice. Call it once, and await it.`);
      called = true;
      await next();
    });
  };
  Object.defineProperty(named, 'name', { value: name });
  return named;
}

/** A middleware that does nothing but continue; the default for hooks a later module fills. */
export const passThrough: TurnMiddleware = async (_context, next) => next();
