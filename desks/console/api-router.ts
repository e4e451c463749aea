/**
 * The agent API over HTTP, mounted at `<basePath>/api/agent`: each route authenticates, validates,
 * calls one `AgentDesk` method and translates its answer. See docs/agent-api.md.
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { RequestError } from '../../infra/errors.js';
import { keepsUpload, type AgentDesk } from '../../handoff/desk-api.js';
import type { MediaKit } from '../../adapters/media-intake.js';
import { MEDIA_MAX_BYTES, mediaRefusalText } from '../../adapters/media-limits.js';
import { agentIdOf, requireAgent, type AuthenticateAgent } from './agent-auth.js';
import { agentApiErrorHandler, sendError, sendResult } from './http-errors.js';
import { parseIdempotencyKey, parseLocale, parsePresence, parseReply, parseText, parseTicketId, parseTransfer } from './request-schemas.js';
import type { ReplyCoach } from '../../handoff/coach-api.js';
import { sendCoachedReply } from './coached-reply.js';

/** Options of `createAgentApiRouter`. */
export interface AgentApiRouterOptions {
  desk: AgentDesk;
  authenticate: AuthenticateAgent;
  logger?: Logger;
  /** Stored files: agents' uploads (`POST /tickets/:id/media`); without it that route answers 501. */
  media?: Pick<MediaKit, 'accept' | 'store'>;
  /** The agents' coach: replies are reviewed before they go out (coached-reply.ts); without it they are not. */
  coach?: ReplyCoach;
}

/** Builds the agent API router; every error answers `{ error: { code, message } }`. */
export function createAgentApiRouter({ desk, authenticate, logger, media, coach }: AgentApiRouterOptions): Router {
  const router = express.Router();
  // 32 kb fits a 4000-character text even when every character is escaped; larger is refused as 413.
  router.use(express.json({ limit: '32kb' }));
  router.use(requireAgent(authenticate));

  router.get('/me', async (_req, res) => {
    const agent = await desk.me(agentIdOf(res));
    if (!agent) throw new RequestError(404, 'not_found', 'This token belongs to no agent profile; ask an admin to create it.');
    res.json(agent);
  });

  router.put('/me/presence', async (req, res) => {
    const presence = parsePresence(req.body);
    const agent = await desk.setPresence(agentIdOf(res), presence);
    if (!agent) throw new RequestError(404, 'not_found', 'This token belongs to no agent profile; ask an admin to create it.');
    res.json(agent);
  });

  router.get('/queue', async (_req, res) => {
    res.json(await desk.queue(agentIdOf(res)));
  });

  router.get('/tickets/:id', async (req, res) => {
    const details = await desk.details(parseTicketId(req.params.id), agentIdOf(res));
    if (!details) throw new RequestError(404, 'not_found', 'No such ticket, or not one you may see; pick one from the queue.');
    res.json(details);
  });

  router.post('/tickets/:id/claim', async (req, res) => {
    sendResult(res, await desk.claim(parseTicketId(req.params.id), agentIdOf(res)));
  });

  router.post('/claim-next', async (_req, res) => {
    sendResult(res, await desk.claimNext(agentIdOf(res)));
  });

  // `Idempotency-Key`: one per composed message, the same on its retries; a repeat of a reply sent answers
  // as the first did and sends nothing (handoff/service/reply-keys.ts).
  router.post('/tickets/:id/reply', async (req, res) => {
    const ticketId = parseTicketId(req.params.id);
    const key = parseIdempotencyKey(req.get('idempotency-key'));
    const request = parseReply(req.body);
    const options = key === undefined ? {} : { key };
    if (!coach) return sendResult(res, await desk.reply(ticketId, agentIdOf(res), request.text, options));
    await sendCoachedReply(res, desk, coach, { ticketId, agentId: agentIdOf(res), ...request, ...options });
  });

  // Runs the NLU on the customer's latest message: computed only when an agent asks for it.
  router.get('/tickets/:id/suggested-reply', async (req, res) => {
    const ticketId = parseTicketId(req.params.id);
    if (!coach) throw new RequestError(501, 'not_implemented', "The agents' coach is not set up on this Baton.");
    const suggestion = await coach.suggestReply(ticketId, agentIdOf(res));
    if (suggestion.ok) return void res.json(suggestion.reply);
    if (suggestion.code === 'not_found') throw new RequestError(404, 'not_found', 'No such ticket; it may have been erased. Refresh the queue.');
    res.set('Retry-After', String(suggestion.retryAfterSeconds));
    throw new RequestError(429, 'rate_limited', `Too many suggestions asked in a minute; try again in ${suggestion.retryAfterSeconds} s.`);
  });

  // The file is the raw body (its type is sniffed, never read from a header); its name in X-File-Name
  // (URI-encoded), the caption in ?caption=. Only the holder may: a file is stored only for a ticket
  // they hold, and checked against the customer channel's limits.
  router.post('/tickets/:id/media', express.raw({ type: () => true, limit: MEDIA_MAX_BYTES }), async (req, res) => {
    const ticketId = parseTicketId(req.params.id);
    const agentId = agentIdOf(res);
    const key = parseIdempotencyKey(req.get('idempotency-key'));
    if (!media) throw new RequestError(501, 'not_implemented', 'Files are not set up on this Baton; send a link instead.');
    const ticket = await desk.details(ticketId, agentId);
    if (!ticket) throw new RequestError(404, 'not_found', 'No such ticket; it may have been erased. Refresh the queue.');
    if (ticket.state !== 'assigned' || ticket.agentId !== agentId)
      throw new RequestError(409, 'not_holder', 'Only the agent holding this ticket may send files; claim it first.');
    const caption = typeof req.query.caption === 'string' && req.query.caption.trim() ? parseText({ text: req.query.caption }) : '';
    const rawName = req.get('x-file-name');
    let name: string | undefined;
    try {
      name = rawName ? decodeURIComponent(rawName) : undefined;
    } catch {
      name = undefined;
    }
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array();
    const result = await media.accept({ channel: ticket.channel, conversationId: ticket.conversationId, bytes, ...(name ? { name } : {}) });
    if (!result.ok) {
      const status = result.refusal.code === 'too_large' ? 413 : result.refusal.code.endsWith('type') ? 415 : 400;
      throw new RequestError(status, result.refusal.code, mediaRefusalText(result.refusal, 'en'));
    }
    const sent = await desk.sendMedia(ticketId, agentId, result.media, caption, key === undefined ? {} : { key });
    // Kept only where the customer has it or may have it: a keyed send that failed (on the web channel its
    // write may have reached the customer's log although the desk heard a failure: its retry sends that same
    // file again). Not sent, a repeat, or a retry that sent an earlier attempt's file: nothing points at this
    // upload, so it goes.
    if (!keepsUpload(sent, result.media.mediaId, key !== undefined)) await media.store.delete(result.media.mediaId).catch(() => undefined);
    sendResult(res, sent);
  });

  router.post('/tickets/:id/note', async (req, res) => {
    const ticketId = parseTicketId(req.params.id);
    sendResult(res, await desk.note(ticketId, agentIdOf(res), parseText(req.body)));
  });

  router.post('/tickets/:id/transfer', async (req, res) => {
    const ticketId = parseTicketId(req.params.id);
    sendResult(res, await desk.transfer(ticketId, agentIdOf(res), parseTransfer(req.body)));
  });

  router.post('/tickets/:id/return', async (req, res) => {
    sendResult(res, await desk.returnToBot(parseTicketId(req.params.id), agentIdOf(res)));
  });

  router.post('/tickets/:id/resolve', async (req, res) => {
    sendResult(res, await desk.resolve(parseTicketId(req.params.id), agentIdOf(res)));
  });

  router.get('/canned', async (req, res) => {
    res.json({ replies: await desk.cannedReplies(parseLocale(req.query.locale)) });
  });

  router.use((req, res) => sendError(res, 404, 'not_found', `No agent API endpoint ${req.method} ${req.path}; see docs/agent-api.md.`));
  router.use(agentApiErrorHandler(logger));
  return router;
}
