/**
 * Practice mode over HTTP, beside the agent API at `<basePath>/api/agent/practice` (mount this router
 * before the console desk's, whose API answers 404 for paths it does not know). See docs/practice-mode.md.
 *
 * Trainees (any agent token): start a session, read it (due customer lines arrive as it is read), reply,
 * end. Supervisors (an agent with the supervisor role, or ADMIN_TOKEN): the results of every session, the
 * practice library and the recently resolved conversations to add to it.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { RequestError } from '../../infra/errors.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import { bearerToken, secretsEqual } from '../../infra/secrets.js';
import { agentApiErrorHandler, agentOf, type AuthenticateAgent } from '../../desks/console/index.js';
import type { PracticeService } from './practice-service.js';
import { PRACTICE_LIMITS, type PracticeResult, type PracticeSession } from './practice-types.js';
import { reviewView, traineeView } from './session-views.js';
import { withoutTrailingSlashes } from '../../infra/text-ends.js';

export interface PracticeRouterOptions {
  readonly service: PracticeService;
  readonly authenticate: AuthenticateAgent;
  /** True for agents with supervisor rights (the `role` of their AGENTS entry). */
  readonly isSupervisor: (agentId: string) => boolean;
  /** The agent's display name, for the supervisors' list. */
  readonly agentName?: (agentId: string) => string | undefined;
  /** ADMIN_TOKEN: its bearer is a supervisor too. */
  readonly adminToken?: string;
  /** Session starts per agent; unlimited when absent. */
  readonly starts?: RateLimiter;
  readonly basePath?: string;
  readonly logger?: Logger;
}

type Caller = { readonly kind: 'agent'; readonly agentId: string; readonly supervisor: boolean } | { readonly kind: 'admin' };

const STATUS: Readonly<Record<string, number>> = {
  not_found: 404,
  no_scripts: 404,
  not_resolved: 409,
  nothing_to_practise: 422,
  duplicate: 409,
  full: 409,
  finished: 409,
  conflict: 409,
};

const id = z.string().trim().min(1).max(128);
/** A session or script id in a path. */
export const practiceIdParams = z.object({ id });
const agentId = z.string().regex(/^[\w.@-]{1,64}$/);
export const startBody = z.object({ scriptId: id.optional() }).strict();
export const practiceReplyBody = z.object({
  text: z
    .string()
    .trim()
    .min(1, { error: 'The reply is empty; write something before sending.' })
    .max(PRACTICE_LIMITS.replyCharacters, { error: `Practice replies are limited to ${PRACTICE_LIMITS.replyCharacters} characters.` }),
});
export const addBody = z.object({ ticketId: id }).strict();
export const reviewQuery = z.object({ agentId: agentId.optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

function parse<T>(schema: z.ZodType<T>, input: unknown, fix: string): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message;
  throw new RequestError(400, 'invalid', message && !message.startsWith('Invalid') ? message : fix);
}

function send<T>(res: Response, result: PracticeResult<T, string>, view: (value: T) => unknown): void {
  if (result.ok) {
    res.json(view(result.value));
    return;
  }
  res.status(STATUS[result.code] ?? 400).json({ error: { code: result.code, message: result.message } });
}

/** Builds the practice router. */
export function createPracticeRouter(options: PracticeRouterOptions): Router {
  const { service, authenticate, isSupervisor, agentName = () => undefined, adminToken, starts, logger } = options;
  const base = withoutTrailingSlashes(options.basePath ?? '');
  const api = express.Router();
  api.use(express.json({ limit: '16kb' }));

  api.use(async (req: Request, res: Response, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) throw new RequestError(401, 'unauthorized', 'Send "Authorization: Bearer <agent token>" with every call.');
    if (adminToken && secretsEqual(token, adminToken)) res.locals.caller = { kind: 'admin' } satisfies Caller;
    else {
      const agent = await agentOf(authenticate, token);
      if (!agent) throw new RequestError(401, 'unauthorized', 'The agent token is not valid; sign in again with a current token.');
      res.locals.caller = { kind: 'agent', agentId: agent, supervisor: isSupervisor(agent) } satisfies Caller;
    }
    next();
  });
  const callerOf = (res: Response): Caller => res.locals.caller as Caller;
  const trainee = (res: Response): string => {
    const caller = callerOf(res);
    if (caller.kind !== 'agent') throw new RequestError(403, 'forbidden', 'Practice sessions are for agents: sign in with an agent token.');
    return caller.agentId;
  };
  const supervisor = (res: Response): string => {
    const caller = callerOf(res);
    if (caller.kind === 'admin') return 'admin';
    if (!caller.supervisor) throw new RequestError(403, 'forbidden', 'Only supervisors see practice results; ask an admin for the supervisor role.');
    return caller.agentId;
  };

  api.get('/me', (_req, res) => {
    const caller = callerOf(res);
    res.json(caller.kind === 'admin' ? { agentId: null, supervisor: true } : { agentId: caller.agentId, supervisor: caller.supervisor });
  });

  // ---- trainees ----
  api.get('/scripts', async (_req, res) => {
    trainee(res);
    const scripts = await service.listScripts();
    res.json({ scripts: scripts.map(({ id, locale, scenario, reason, lines }) => ({ id, locale, scenario, reason, lines: lines.length })) });
  });

  api.post('/sessions', async (req, res) => {
    const agent = trainee(res);
    const { scriptId } = parse(startBody, req.body, 'Send {} or {"scriptId":"<id from GET /scripts>"}.');
    const decision = await starts?.consume(agent);
    if (decision && !decision.allowed) {
      res.set('Retry-After', String(decision.retryAfterSeconds));
      throw new RequestError(429, 'rate_limited', `Too many practice sessions started; try again in ${decision.retryAfterSeconds} s.`);
    }
    send(res, await service.start(agent, scriptId), traineeView);
  });

  api.get('/sessions/:id', async (req, res) => {
    const caller = callerOf(res);
    const session = await service.read(parse(id, req.params.id, 'No such session.'));
    const mayRead = session && (caller.kind === 'admin' || (caller.kind === 'agent' && (caller.supervisor || caller.agentId === session.agentId)));
    if (!session || !mayRead) throw new RequestError(404, 'not_found', 'No such practice session; start a new one.');
    res.json(caller.kind === 'agent' && caller.agentId === session.agentId ? traineeView(session) : reviewView(session, agentName));
  });

  api.post('/sessions/:id/replies', async (req, res) => {
    const agent = trainee(res);
    const { text } = parse(practiceReplyBody, req.body, 'Send {"text":"your reply"}.');
    send(res, await service.reply(parse(id, req.params.id, 'No such session.'), agent, text), traineeView);
  });

  api.post('/sessions/:id/end', async (req, res) => {
    send(res, await service.end(parse(id, req.params.id, 'No such session.'), trainee(res)), traineeView);
  });

  // ---- supervisors ----
  api.get('/results', async (req, res) => {
    supervisor(res);
    const query = parse(reviewQuery, req.query, 'Use ?agentId=<agent id>&limit=<1-200>.');
    const sessions: PracticeSession[] = await service.review(query);
    res.json({ sessions: sessions.map((session) => reviewView(session, agentName)) });
  });

  api.get('/library', async (_req, res) => {
    supervisor(res);
    const [scripts, candidates] = await Promise.all([service.listScripts(), service.candidates()]);
    res.json({ scripts, candidates });
  });

  api.post('/library', async (req, res) => {
    const by = supervisor(res);
    const { ticketId } = parse(addBody, req.body, 'Send {"ticketId":"<a resolved ticket id>"}.');
    send(res, await service.addToLibrary(ticketId, by), (script) => script);
  });

  api.delete('/library/:id', async (req, res) => {
    supervisor(res);
    const removed = await service.removeScript(parse(id, req.params.id, 'No such script.'));
    if (!removed) throw new RequestError(404, 'not_found', 'No such practice conversation; it may have been removed already.');
    res.json({ removed: true });
  });

  api.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `No practice endpoint ${req.method} ${req.path}; see docs/practice-mode.md.` } });
  });
  api.use(agentApiErrorHandler(logger));
  return express.Router().use(`${base}/api/agent/practice`, api);
}
