/**
 * The learning loop's admin page and API (docs/learning-loop.md), behind the dashboard's token
 * (ADMIN_TOKEN, or the demo's printed one):
 *
 *   GET    /learning/api/groups?days=1|7|30                 groups of open misses, largest first (429 regroup_limited)
 *   GET    /learning/api/intents                           the model's intents and the bot's locales
 *   POST   /learning/api/groups/:groupId/phrasings         { days, missIds, intent, acceptedBy? }
 *   POST   /learning/api/groups/:groupId/new-intent        { days, missIds, intent, answers: { en, zh }, acceptedBy? }
 *   POST   /learning/api/groups/:groupId/dismiss           { days }
 *   GET    /learning/api/accepted                          accepted items waiting for retraining
 *   DELETE /learning/api/accepted/:itemId                  withdraw one
 *
 * Bodies are zod-validated and small (16 kB); every refusal is `{ error: { code, message } }`. The page
 * itself (/learning/) holds no data and is served to anyone.
 */
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../infra/logger.js';
import type { MissReview, ReviewResult } from '../../supervision/learning/miss-review.js';
import { requireAdminToken } from '../admin-auth.js';

const publicDirectory = fileURLToPath(new URL('./public/', import.meta.url));

export interface LearningRouterOptions {
  readonly review: MissReview;
  /** The dashboard's bearer token. */
  readonly token: string;
  readonly logger?: Logger;
}

const ID = /^[a-z0-9]{1,40}$/;
const WINDOWS = [1, 7, 30] as const;
const days = z.union(WINDOWS.map((d) => z.literal(d)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<7>, z.ZodLiteral<30>]);
const missIds = z.array(z.string().regex(ID)).min(1).max(50);
const acceptedBy = z.string().trim().min(1).max(60).optional();
export const phrasingsBody = z.object({ days, missIds, intent: z.string().min(1).max(48), acceptedBy }).strict();
export const newIntentBody = z
  .object({
    days,
    missIds,
    intent: z.string().min(1).max(48),
    answers: z.record(z.string().regex(/^[a-z]{2}$/), z.string().trim().min(1).max(1000)),
    acceptedBy,
  })
  .strict()
  .refine((body) => Object.keys(body.answers).length >= 1 && Object.keys(body.answers).length <= 10, {
    message: 'answers needs one to ten locales',
    path: ['answers'],
  });
export const dismissBody = z.object({ days }).strict();

/** The query of GET /groups: the window in days (default 7). */
export const groupsQuery = z.object({
  days: z.coerce
    .number()
    .refine((wanted) => WINDOWS.includes(wanted as 1))
    .default(7)
    .meta({ enum: [...WINDOWS] }),
});
/** A group id in a path, as GET /groups gives it. */
export const groupParams = z.object({ groupId: z.string().regex(ID) });
/** An accepted item's id in a path, as GET /accepted gives it. */
export const itemParams = z.object({ itemId: z.string().regex(ID) });

const STATUS = { group_not_found: 409, examples_not_in_group: 409, item_not_found: 404, store_full: 409, intent_exists: 409 } as Record<string, number>;

/** Builds the router, mounted at '/'. */
export function createLearningRouter({ review, token, logger }: LearningRouterOptions): Router {
  const router = express.Router();
  const api = express.Router();
  const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });
  const parse = <T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined => {
    const result = schema.safeParse(req.body);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    fail(res, 400, 'invalid', `The request body is not valid. ${problems.slice(0, 5).join('; ')}`);
    return undefined;
  };
  const answer = <T>(res: Response, result: ReviewResult<T>, what: string) => {
    if (!result.ok) return fail(res, STATUS[result.code] ?? 400, result.code, result.message);
    logger?.info({ what }, 'learning: review action');
    return res.json(result.value);
  };
  const groupId = (req: Request, res: Response) => {
    const parsed = groupParams.safeParse(req.params);
    if (parsed.success) return parsed.data.groupId;
    fail(res, 400, 'invalid', 'A group id is letters and digits, as GET /learning/api/groups gives it.');
    return undefined;
  };

  api.use(requireAdminToken({ adminToken: token }));
  api.use(express.json({ limit: '16kb' }));

  api.get('/groups', async (req, res) => {
    const parsed = groupsQuery.safeParse({ days: req.query.days });
    if (!parsed.success) return fail(res, 400, 'invalid', 'days is 1, 7 or 30.');
    const read = await review.readGroups(parsed.data.days);
    if (read.ok) return res.json(read.value);
    res.set('Retry-After', String(read.retryAfterSeconds));
    fail(
      res,
      429,
      read.code,
      `New misses arrived and regrouping them is limited (MISSES_SETTINGS.regroupsPerHour); try again in ${read.retryAfterSeconds} s. Actions on the groups listed still work.`,
    );
  });
  api.get('/intents', (_req, res) => {
    res.json({ intents: review.intents(), locales: review.locales });
  });
  api.post('/groups/:groupId/phrasings', async (req, res) => {
    const id = groupId(req, res);
    const body = id && parse(phrasingsBody, req, res);
    if (!id || !body) return;
    answer(res, await review.addToIntent({ groupId: id, ...body, acceptedBy: body.acceptedBy ?? 'admin' }), 'phrasings');
  });
  api.post('/groups/:groupId/new-intent', async (req, res) => {
    const id = groupId(req, res);
    const body = id && parse(newIntentBody, req, res);
    if (!id || !body) return;
    answer(res, await review.createIntent({ groupId: id, ...body, acceptedBy: body.acceptedBy ?? 'admin' }), 'new_intent');
  });
  api.post('/groups/:groupId/dismiss', async (req, res) => {
    const id = groupId(req, res);
    const body = id && parse(dismissBody, req, res);
    if (!id || !body) return;
    const result = await review.dismiss({ groupId: id, days: body.days });
    answer(res, result.ok ? { ok: true, value: { dismissed: result.value } } : result, 'dismiss');
  });
  api.get('/accepted', async (_req, res) => {
    res.json({ items: (await review.accepted()).map((record) => ({ ...record.item, misses: record.missIds.length })) });
  });
  api.delete('/accepted/:itemId', async (req, res) => {
    const parsed = itemParams.safeParse(req.params);
    if (!parsed.success) return fail(res, 400, 'invalid', 'An item id is letters and digits, as GET /learning/api/accepted gives it.');
    answer(res, await review.withdraw(parsed.data.itemId), 'withdraw');
  });
  api.use((req, res) => fail(res, 404, 'not_found', `No learning endpoint ${req.method} ${req.path}.`));
  // Bodies refused by the JSON parser answer like every other refusal here.
  api.use((error: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === 'entity.too.large')
      return fail(res, 413, 'too_large', 'The request body is over 16 kB; send at most 50 examples and answers of 1,000 characters.');
    if (error.type === 'entity.parse.failed') return fail(res, 400, 'invalid', 'The request body is not JSON.');
    next(error);
  });

  router.use('/learning/api', api);
  router.use('/learning', express.static(publicDirectory, { index: 'learning.html', maxAge: 60_000 }));
  return router;
}
