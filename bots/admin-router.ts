/**
 * The admin API: what a shop's operators do that is neither a customer's nor an agent's business.
 * Today: erase a conversation's data on a customer's request (GDPR art. 17, PIPL art. 47).
 *
 *   DELETE /api/admin/conversations/:conversationId   Authorization: Bearer <ADMIN_TOKEN>
 *
 * Off (403 with the fix) until `ADMIN_TOKEN` is set.
 */
import express, { type Router } from 'express';
import type { Logger } from '../infra/logger.js';
import { requireAdminToken } from './admin-auth.js';

export interface AdminRouterOptions {
  /** Unset: every call answers 403 saying how to turn the API on. */
  readonly adminToken?: string;
  /** Erases everything kept about the conversation; resolves what was erased, for the answer. */
  readonly eraseConversation: (conversationId: string) => Promise<Record<string, number | boolean>>;
  readonly logger?: Logger;
}

const CONVERSATION_ID = /^[\w.:@|+-]{1,200}$/;

/** Builds the admin router, mounted at '/api/admin'. */
export function createAdminRouter({ adminToken, eraseConversation, logger }: AdminRouterOptions): Router {
  const router = express.Router();
  const fail = (res: express.Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

  router.use(requireAdminToken({ adminToken, disabledMessage: 'The admin API is off. Set ADMIN_TOKEN (16+ random characters) and send it as "Authorization: Bearer <ADMIN_TOKEN>".' }));

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
