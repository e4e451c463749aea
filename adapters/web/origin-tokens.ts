/**
 * Tokens Baton issues to a page of an allowed origin, for shops without a backend of their own (as
 * Azure Bot Service's "trusted origins"): `POST /v3/directline/tokens/origin`. Each token is bound to
 * one new conversation and to the page's origin (a call from another origin with it is refused), lives
 * briefly (refresh keeps it alive), and is limited per client address. It proves nothing about who the
 * customer is: the user id in it is the page's own word, never `verified`.
 */
import type { Request, RequestHandler } from 'express';
import { RequestError } from '../../infra/errors.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import type { OriginPolicy } from './origins.js';
import type { DirectLineConversation, TokenClaims } from './payload-types.js';
import { sendError } from './request-guards.js';
import { readUser } from './user-ids.js';
import type { TokenIssuer } from './verification.js';

/** Options of `originTokenHandler`. */
export interface OriginTokenOptions {
  readonly tokens: TokenIssuer;
  readonly policy: OriginPolicy;
  /** Counts tokens per client address (`req.ip`); on Redis so every instance shares the budget. */
  readonly limiter: RateLimiter;
  /**
   * Lifetime of an origin token (default 1200 s; never longer than the issuer's). It must outlive
   * botframework-directlinejs's refresh, every 15 minutes, or Web Chat's token expires first.
   */
  readonly ttlSeconds?: number;
  readonly newConversationId: () => string;
}

/**
 * The handler of `POST /tokens/origin`: 200 `{ conversationId, token, expires_in }`; 403 without an
 * allowed `Origin` (outside the open demo); 429 with `Retry-After` past the per-client limit.
 */
export function originTokenHandler({ tokens, policy, limiter, ttlSeconds = 1200, newConversationId }: OriginTokenOptions): RequestHandler {
  return async function issueOriginToken(req, res) {
    const origin = req.get('origin');
    // The CORS guard already refused origins off the list; a caller without Origin is no browser page.
    if (!origin && !policy.open) {
      throw new RequestError(
        403,
        'Forbidden',
        'POST /tokens/origin serves browser pages of ALLOWED_ORIGINS only. A server gets tokens from POST /tokens/generate with the Direct Line secret.',
      );
    }
    const decision = await limiter.consume(clientOf(req));
    if (!decision.allowed) {
      res.set('Retry-After', String(decision.retryAfterSeconds));
      return sendError(res, 429, 'TooManyRequests', `Too many tokens for this client; try again in ${decision.retryAfterSeconds} s.`);
    }
    const user = readUser(req.body, { reserved: false });
    const conversationId = newConversationId();
    const token = tokens.issue(conversationId, { user: user?.id, origin }, ttlSeconds);
    res.json({ conversationId, token, expires_in: lifetimeOf(tokens.verify(token)) } satisfies DirectLineConversation);
  };
}

/**
 * Refuses a token bound to another origin than the calling page's. A call without `Origin` passes:
 * browsers always send it on cross-origin calls and WebSockets, and a non-browser could forge it anyway.
 * @throws RequestError 403 `Forbidden`.
 */
export function checkTokenOrigin(claims: TokenClaims, origin: string | undefined): void {
  if (claims.origin && origin !== undefined && origin !== claims.origin) {
    throw new RequestError(403, 'Forbidden', 'This token was issued to a page of another origin; get a token on this page.');
  }
}

/** A token's whole lifetime in seconds; a refresh gives the new token the same. */
export function lifetimeOf(claims: TokenClaims): number {
  return claims.exp - claims.iat;
}

function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
