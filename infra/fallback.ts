/**
 * Degraded mode while Redis is unreachable: a store wrapped here tries its Redis implementation and,
 * when that fails because Redis is away (not for any other error), serves the call from a memory
 * implementation of the same interface instead. What is written meanwhile stays in this instance's
 * memory (see each use in bots/stores.ts for why that is acceptable there): the customer still gets
 * an answer, and the shared store takes over again as soon as Redis is back.
 */
import { isStoreUnavailable, StoreUnavailableError } from './errors.js';
import type { Logger } from './logger.js';

/** Tells when calls fall back, once per outage, so logs and metrics show the degraded time. */
export class Degradation {
  #degraded = false;
  readonly #logger: Logger | undefined;
  readonly #reachable: () => boolean;

  /** `reachable`: whether the primary store's connection is up right now (no round trip). */
  constructor({ logger, reachable = () => true }: { logger?: Logger; reachable?: () => boolean } = {}) {
    this.#logger = logger;
    this.#reachable = reachable;
  }

  /**
   * False while the connection is known to be down: wrappers then go to memory at once instead of
   * spending a failing round trip (up to a reconnect attempt) on every call of every turn.
   */
  get reachable(): boolean {
    return this.#reachable();
  }

  /** True between the first fallback of an outage and `recovered()`. */
  get degraded(): boolean {
    return this.#degraded;
  }

  /** A call was served from memory. */
  fellBack(store: string, error: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.#logger?.warn({ store, err: error }, 'redis unavailable: serving from memory until it is back (degraded mode)');
  }

  /** Redis is reachable again (its connection's 'ready'). */
  recovered(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    this.#logger?.info('redis back: degraded mode over');
  }
}

/** An object whose listed members are async functions. */
type AsyncMethods<T, K extends keyof T> = { [P in K]: T[P] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * Wraps `methods` of `primary` so that a call failing with an unreachable store is answered by
 * `fallback` instead; any other error goes to the caller unchanged.
 * @example const dedupe = withFallback('dedupe', createRedisDedupeStore({ redis }), createMemoryDedupeStore(), ['claim', 'renew', 'resolve', 'lookup', 'release', 'releaseAll'], degradation);
 */
export function withFallback<T extends object, K extends keyof T>(
  name: string,
  primary: T & AsyncMethods<T, K>,
  fallback: T & AsyncMethods<T, K>,
  methods: readonly K[],
  degradation: Degradation,
): T {
  const wrapped = Object.create(primary) as T;
  for (const method of methods) {
    const viaPrimary = primary[method] as (...args: unknown[]) => Promise<unknown>;
    const viaFallback = fallback[method] as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(wrapped, method, {
      enumerable: true,
      value: async (...args: unknown[]) => {
        try {
          if (!degradation.reachable) throw new StoreUnavailableError(`${name}: Redis is not connected`);
          return await viaPrimary.apply(primary, args);
        } catch (error) {
          if (!isStoreUnavailable(error)) throw error;
          degradation.fellBack(name, error);
          return viaFallback.apply(fallback, args);
        }
      },
    });
  }
  return wrapped;
}
