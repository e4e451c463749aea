/**
 * Agent authentication: the bearer token of a request (or the `token` query of the stream) goes to
 * the host's `authenticate`, which answers the agent id or undefined. The console never decides who
 * an agent is itself; SSO, a shared table or signed tokens are the host's business.
 */
import type { NextFunction, Request, Response } from 'express';
import { RequestError } from '../../infra/errors.js';
import { bearerToken } from '../../infra/secrets.js';

/** Resolves the agent id a token belongs to, or undefined when the token is not valid. */
export type AuthenticateAgent = (token: string) => Promise<string | undefined>;

/** Longest token accepted; longer ones are refused before reaching `authenticate`. */
const MAX_TOKEN_LENGTH = 4096;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export const bearerOf = bearerToken;

/**
 * The agent id of `token`, or undefined when missing, too long or refused. A throwing `authenticate`
 * propagates: an identity provider that is down is a server failure, not a bad token.
 */
export async function agentOf(authenticate: AuthenticateAgent, token: string | undefined | null): Promise<string | undefined> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
  const agentId = await authenticate(token);
  return typeof agentId === 'string' && agentId.length > 0 ? agentId : undefined;
}

/**
 * Express middleware: puts the agent id in `res.locals.agentId`, or answers 401 `unauthorized`.
 * @example router.use(requireAgent(authenticate));
 */
export function requireAgent(authenticate: AuthenticateAgent) {
  return async function requireAgentToken(req: Request, res: Response, next: NextFunction): Promise<void> {
    const token = bearerOf(req.get('authorization'));
    if (!token) throw new RequestError(401, 'unauthorized', 'Send "Authorization: Bearer <agent token>" with every call.');
    const agentId = await agentOf(authenticate, token);
    if (!agentId) throw new RequestError(401, 'unauthorized', 'The agent token is not valid; sign in again with a current token.');
    res.locals.agentId = agentId;
    next();
  };
}

/** The agent id `requireAgent` stored for this request. */
export function agentIdOf(res: Response): string {
  return res.locals.agentId as string;
}
