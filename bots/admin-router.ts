/**
 * The admin API: what a shop's operators do that is neither a customer's nor an agent's business.
 * Today: erase a conversation's data on a customer's request (GDPR art. 17, PIPL art. 47).
 *
 *   DELETE /api/admin/conversations/:conversationId   Authorization: Bearer <ADMIN_TOKEN>
 *
 * Off (403 with the fix) until `ADMIN_TOKEN` is set.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Logger } from '../infra/logger.js';

export interface AdminRouterOptions {
  /** Unset: every call answers 403 saying how to turn the API on. */
  readonly adminToken?: string;
  /** Erases everything kept about the conversation; resolves what was erased, for the answer. */
  readonly eraseConversation: (conversationId: string) => Promise<Record<string, number | boolean>>;
  readonly logger?: Logger;
}

const CONVERSATION_ID = /^[\w.:@|+-]{1,200}$/;
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Builds the admin router, mounted at '/api/admin'. */
export function createAdminRouter({ adminToken, eraseConversation, logger }: AdminRouterOptions): Router {
  const router = express.Router();
  const expected = adminToken ? digest(adminToken) : undefined;
  const fail = (res: express.Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

  router.use((req, res, next) => {
    if (!expected) return fail(res, 403, 'admin_disabled', 'The admin API is off. Set ADMIN_TOKEN (16+ random characters) and send it as "Authorization: Bearer <ADMIN_TOKEN>".');
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !timingSafeEqual(digest(token), expected)) return fail(res, 401, 'unauthorized', 'Send "Authorization: Bearer <ADMIN_TOKEN>".');
    next();
  });

  router.delete('/conversations/:conversationId', async (req, res) => {
    const { conversationId } = req.params;
    if (!CONVERSATION_ID.test(conversationId)) return fail(res, 400, 'invalid', 'The conversation id has characters no channel uses; copy it from the agent console or the logs.');
    const erased = await eraseConversation(conversationId);
    logger?.info({ conversationId, erased }, 'admin: conversation erased');
    res.json({ conversationId, erased });
  });

  router.use((req, res) => fail(res, 404, 'not_found', `No admin endpoint ${req.method} ${req.path}.`));
  return router;
}
