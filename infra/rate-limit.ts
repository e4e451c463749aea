/**
 * The abuse-limit contract shared by every entry point: a limiter counts what one key (a client
 * address, a conversation, a customer) spends in a window, on Redis so every instance shares it.
 * Implementations live beside this file; callers only see `consume`.
 */

/** What a limiter decided for one attempt. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Counts attempts per key in a fixed budget; `points` (default 1) is what this attempt costs. */
export interface RateLimiter {
  /** Spends `points` of `key`'s budget; refused once the budget of the window is spent. */
  consume(key: string, points?: number): Promise<RateDecision>;
}
