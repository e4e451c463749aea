/**
 * The admin API: what a shop's operators do that is neither a customer's nor an agent's business.
 * Today: erase on a customer's request (GDPR art. 17, PIPL art. 47), a conversation or a customer.
 *
 *   DELETE /api/admin/conversations/:conversationId   Authorization: Bearer <ADMIN_TOKEN>
 *   DELETE /api/admin/customers/:channel/:userId      (every conversation the customer had on that channel)
 *
 * Both answer what was found and removed, kind by kind (bots/erase.ts). Off (403 with the fix) until
 * `ADMIN_TOKEN` is set.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../infra/logger.js';
import { requireAdminToken } from './admin-auth.js';
import type { Eraser } from './erase.js';

export interface AdminRouterOptions {
  /** Unset: every call answers 403 saying how to turn the API on. */
  readonly adminToken?: string;
  /** Erases a conversation or a customer, and says what it removed. */
  readonly erase: Eraser;
  readonly logger?: Logger;
}

// Ids as channels make them (Bot Framework's hold ':', '@', '.', '|'); nothing a Redis pattern or a path reads specially.
const userIdMessage = 'The user id has characters no channel uses; copy it from the agent console or the logs.';
const conversationIdMessage = 'The conversation id has characters no channel uses; copy it from the agent console or the logs.';
const id = (message: string) => z.string().regex(/^[\w.:@|+-]{1,200}$/, { error: message });

/** Path parameters of DELETE /conversations/:conversationId. */
export const conversationParams = z.object({ conversationId: id(conversationIdMessage) });
/** Path parameters of DELETE /customers/:channel/:userId (the channel is checked first). */
export const customerParams = z.object({
  channel: z.string().regex(/^[a-z][\w.-]{0,39}$/, { error: 'The channel is a channel id as activities carry it, e.g. "directline", "telegram", "whatsapp".' }),
  userId: id(userIdMessage),
});

/** Builds the admin router, mounted at '/api/admin'. */
export function createAdminRouter({ adminToken, erase, logger }: AdminRouterOptions): Router {
  const router = express.Router();
  const fail = (res: express.Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

  router.use(
    requireAdminToken({
      adminToken,
      disabledMessage: 'The admin API is off. Set ADMIN_TOKEN (16+ random characters) and send it as "Authorization: Bearer <ADMIN_TOKEN>".',
    }),
  );

  router.delete('/conversations/:conversationId', async (req, res) => {
    const parsed = conversationParams.safeParse(req.params);
    if (!parsed.success) return fail(res, 400, 'invalid', parsed.error.issues[0]?.message ?? conversationIdMessage);
    const { conversationId } = parsed.data;
    const erased = await erase.conversation(conversationId);
    logger?.info({ conversationId, erased }, 'admin: conversation erased');
    res.json({ conversationId, erased });
  });

  router.delete('/customers/:channel/:userId', async (req, res) => {
    const parsed = customerParams.safeParse(req.params);
    if (!parsed.success) return fail(res, 400, 'invalid', parsed.error.issues[0]?.message ?? userIdMessage);
    const { channel, userId } = parsed.data;
    const { conversations } = await erase.customer(channel, userId);
    logger?.info({ channel, conversations: Object.keys(conversations).length }, 'admin: customer erased');
    res.json({ channel, userId, conversations });
  });

  router.use((req, res) => fail(res, 404, 'not_found', `No admin endpoint ${req.method} ${req.path}.`));
  return router;
}
