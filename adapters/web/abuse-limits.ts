/**
 * Direct Line's abuse limits at the HTTP edge (docs/security/abuse-limits.md): anonymous clients start
 * a bounded number of conversations per address, and every conversation posts a bounded number of
 * activities per window. Over a limit the client gets `429` with `Retry-After` and Direct Line's error
 * body, and nothing is stored or run.
 *
 * The client address is `req.ip`, which express derives from the TRUST_PROXY setting (bots/http-server.ts):
 * behind a proxy it is the address the trusted proxies saw, never a header the client wrote itself.
 */
import type { Request, RequestHandler, Response } from 'express';
import { conversationKey } from '../../dialogs/middleware/message-limit.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import { sendError } from './request-guards.js';
import { authenticate, bearerOf, requireConversationAccess, type TokenIssuer } from './verification.js';

/** The limiters the edge spends (built by `createAbuseLimits`, infra/abuse-limits.ts). */
export interface DirectLineLimiters {
  /** New conversations (and anonymous tokens) per client address. */
  readonly conversationsPerClient: RateLimiter;
  /** Posted activities per conversation, keyed `directline:<conversation id>` like every channel's. */
  readonly messagesPerConversation: RateLimiter;
}

export interface DirectLineLimitsOptions {
  readonly limiters: DirectLineLimiters;
  readonly tokens: TokenIssuer;
  readonly secret?: string;
}

/** The two express handlers the router puts before its own. */
export interface DirectLineLimits {
  /** Before POST /conversations and POST /tokens/generate: counts calls without a credential. */
  readonly conversationStart: RequestHandler;
  /** Before POST /conversations/:id/activities: counts activities of an authenticated caller. */
  readonly activityPost: RequestHandler;
}

function tooMany(res: Response, retryAfterSeconds: number, message: string): void {
  res.set('Retry-After', String(retryAfterSeconds));
  sendError(res, 429, 'TooManyRequests', `${message} Try again in ${retryAfterSeconds} seconds.`);
}

/**
 * The edge limits of the Direct Line router.
 * - The secret holder (the shop's backend, generating a token for each visitor) is not limited. Starting
 *   the conversation a token names was counted when the token was made; generating another token with a
 *   token in hand (possible in the open demo) is counted like an anonymous start, so one token is no
 *   pass to unlimited conversations.
 * - An activity is counted only once its caller is proven to hold the conversation, so nobody can spend
 *   another conversation's budget by posting to its id.
 */
export function directLineLimits({ limiters, tokens, secret }: DirectLineLimitsOptions): DirectLineLimits {
  return {
    async conversationStart(req: Request, res: Response, next: (error?: unknown) => void) {
      // Throws 401/403 for a bad credential, answered by the router's error handler.
      const credential = authenticate(bearerOf(req.get('authorization')), secret, tokens);
      if (credential.kind === 'secret') return next();
      // Starting with a token opens the token's own conversation; but a token is no pass to generate more.
      if (credential.kind === 'token' && req.path === '/conversations') return next();
      const decision = await limiters.conversationsPerClient.consume(req.ip ?? 'unknown');
      if (decision.allowed) return next();
      tooMany(res, decision.retryAfterSeconds, 'Too many new conversations from this address.');
    },
    async activityPost(req: Request, res: Response, next: (error?: unknown) => void) {
      const conversationId = String(req.params.id);
      // Throws 401/403 RequestErrors, answered by the router's error handler.
      requireConversationAccess(authenticate(bearerOf(req.get('authorization')), secret, tokens), conversationId);
      const decision = await limiters.messagesPerConversation.consume(conversationKey('directline', conversationId));
      if (decision.allowed) return next();
      tooMany(res, decision.retryAfterSeconds, "You're sending messages faster than we can read them; nothing was sent.");
    },
  };
}
