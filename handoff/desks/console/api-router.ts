/**
 * The agent API over HTTP, mounted at `<basePath>/api/agent`: each route authenticates, validates,
 * calls one `AgentDesk` method and translates its answer. See docs/agent-api.md.
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { RequestError } from '../../../infra/errors.js';
import type { AgentDesk } from '../../desk-api.js';
import { agentIdOf, requireAgent, type AuthenticateAgent } from './agent-auth.js';
import { agentApiErrorHandler, sendError, sendResult } from './http-errors.js';
import { parseLocale, parsePresence, parseText, parseTicketId, parseTransfer } from './request-schemas.js';

/** Options of `createAgentApiRouter`. */
export interface AgentApiRouterOptions {
  desk: AgentDesk;
  authenticate: AuthenticateAgent;
  logger?: Logger;
}

/** Builds the agent API router; every error answers `{ error: { code, message } }`. */
export function createAgentApiRouter({ desk, authenticate, logger }: AgentApiRouterOptions): Router {
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

  router.post('/tickets/:id/reply', async (req, res) => {
    const ticketId = parseTicketId(req.params.id);
    sendResult(res, await desk.reply(ticketId, agentIdOf(res), parseText(req.body)));
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
