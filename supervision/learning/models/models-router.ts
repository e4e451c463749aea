/**
 * The admin API of model versions, behind the admin token (the `guard`), mounted at /api/admin/learning:
 *
 *   GET  /models                    versions (newest first, with gate figures), the promoted one,
 *                                   promotions (newest first) and each instance's loaded version
 *   POST /models/retrain            { by? }  202 { version } | 409 retrain_running | 429 retrain_limited
 *   POST /models/:id/promote        { by? }  200 { promotion } | 404 | 409 not_passed / already_current / gate_outdated
 *   POST /models/rollback           { by? }  200 { promotion } | 409 nothing_to_roll_back / not_found (files pruned)
 *
 * Errors answer `{ error: { code, message } }`. A retrain costs minutes of CPU: the shared lock lets one run
 * at a time across instances, so asking again while it runs is a 409, not a queue; and every request spends the
 * retrain limit (LEARNING_SETTINGS.retrainsPerHour, shared on Redis) first, so a leaked token cannot keep CPUs busy.
 */
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../../infra/logger.js';
import type { RateLimiter } from '../../../infra/rate-limit.js';
import type { ModelSync } from './model-sync.js';
import { VERSION_ID, type ModelVersionStore } from './model-versions.js';
import { promoteVersion, rollBack } from './promotion.js';
import type { Retrainer } from './retrainer.js';

export interface ModelsRouterOptions {
  /** The admin token's guard (bots/admin-auth.ts `requireAdminToken`), run before every route. */
  readonly guard: RequestHandler;
  readonly store: ModelVersionStore;
  readonly retrainer: Retrainer;
  /** This instance's sync: a promotion or rollback is applied here at once, before the answer. */
  readonly sync: ModelSync;
  /** Instances that have not reported for this long are left out of the list. */
  readonly instanceMaxAgeMs: number;
  /** Spent by every retrain request; unset: unlimited. */
  readonly retrainLimit?: RateLimiter;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** Who did it: the admin's name as the page sends it (free text, bounded; control characters refused). */
export const byBody = z
  .object({
    by: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .regex(/^[^\p{Cc}]*$/u)
      .optional(),
  })
  .strict();

/** A version id in a path. */
export const versionParams = z.object({ id: z.string().regex(VERSION_ID) });

/** Builds the router, mounted at '/api/admin/learning'. */
export function createModelsRouter({ guard, store, retrainer, sync, instanceMaxAgeMs, retrainLimit, logger, now = Date.now }: ModelsRouterOptions): Router {
  const router = express.Router();
  const fail = (res: express.Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });
  router.use(guard);
  router.use(express.json({ limit: '2kb' }));

  const who = (req: express.Request, res: express.Response): string | undefined => {
    const parsed = byBody.safeParse(req.body ?? {});
    if (parsed.success) return parsed.data.by ?? 'admin';
    fail(res, 400, 'invalid', 'The body is { "by": "<your name>" } (at most 80 characters) or empty.');
    return undefined;
  };

  router.get('/models', async (_req, res) => {
    const [current, versions, promotions, instances] = await Promise.all([
      store.readCurrent(),
      store.listVersions(50),
      store.listPromotions(50),
      store.listInstances(now(), instanceMaxAgeMs),
    ]);
    res.json({ current, versions, promotions, instances });
  });

  router.post('/models/retrain', async (req, res) => {
    const by = who(req, res);
    if (by === undefined) return;
    const decision = (await retrainLimit?.consume('retrain')) ?? { allowed: true };
    if (!decision.allowed) {
      res.set('Retry-After', String(decision.retryAfterSeconds));
      return fail(
        res,
        429,
        'retrain_limited',
        `Retraining is limited to LEARNING_SETTINGS.retrainsPerHour requests an hour; try again in ${decision.retryAfterSeconds} s.`,
      );
    }
    const started = await retrainer.start(by);
    if (!started.started) return fail(res, 409, started.code, 'A retrain is running (on this or another instance). Wait for it to finish, then try again.');
    logger?.info({ version: started.version.id, by }, 'admin: retrain started');
    res.status(202).json({ version: started.version });
  });

  router.post('/models/rollback', async (req, res) => {
    const by = who(req, res);
    if (by === undefined) return;
    const result = await rollBack(store, by, now());
    if (!result.ok) return fail(res, 409, result.code, result.message);
    logger?.info({ ...result.promotion, gate: undefined }, 'admin: model rolled back');
    await sync.check();
    res.json({ promotion: result.promotion });
  });

  router.post('/models/:id/promote', async (req, res) => {
    const by = who(req, res);
    if (by === undefined) return;
    const parsed = versionParams.safeParse(req.params);
    if (!parsed.success) return fail(res, 400, 'invalid', 'A version id looks like v-mj2x81k3a1b2c3; copy it from GET /api/admin/learning/models.');
    const result = await promoteVersion(store, parsed.data.id, by, now());
    if (!result.ok) return fail(res, result.code === 'not_found' ? 404 : 409, result.code, result.message);
    logger?.info({ ...result.promotion, gate: undefined }, 'admin: model promoted');
    await sync.check();
    res.json({ promotion: result.promotion });
  });

  router.use((req, res) => fail(res, 404, 'not_found', `No admin endpoint ${req.method} /api/admin/learning${req.path}.`));
  return router;
}
