/**
 * The radar's HTTP side, behind the ops token (ADMIN_TOKEN; in the demo the random token printed at
 * start), as the dashboard's data is:
 *
 *   GET  /dashboard/api/radar                          readings, incidents (newest first), banners
 *   POST /api/admin/radar/incidents/:id/acknowledge    { by }
 *   POST /api/admin/radar/incidents/:id/resolve        { by, note? }
 *   PUT  /api/admin/radar/banners/:intent              { texts: { en?, zh?, ... }, by, incidentId? }  400 unknown_intent
 *   POST /api/admin/radar/banners/:intent/withdraw     { by }
 *
 * Every field is bounded here (zod); refusals answer `{ error: { code, message } }` with the fix.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../infra/logger.js';
import type { Radar, RadarResult } from '../../supervision/radar/index.js';
import { requireAdminToken } from '../admin-auth.js';

export interface RadarRouterOptions {
  readonly radar: Radar;
  /** The bearer token these endpoints require (the ops token). */
  readonly token: string;
  /**
   * The intents the bot can recognise (the model's plus the FAQ intents a promoted retraining learned): a
   * banner for any other would never be given. Unset: any intent is accepted.
   */
  readonly intents?: () => readonly string[];
  readonly logger?: Logger;
}

const ID = /^inc-[a-z0-9]{1,16}-[a-f0-9]{8}$/;
const INTENT = /^[\w.-]{1,64}$/;
const by = z
  .string()
  .trim()
  .min(1, { error: 'by: say who you are (1 to 60 characters), e.g. "Mia (supervisor)"' })
  .max(60, { error: 'by: at most 60 characters' });
export const actionBody = z.object({ by, note: z.string().trim().max(500, { error: 'note: at most 500 characters' }).optional() });
export const bannerBody = z.object({
  by,
  texts: z
    .record(
      z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, { error: 'texts: keys are locales like en, zh or zh-TW' }),
      z.string().trim().min(1, { error: 'texts: a text may not be empty' }).max(500, { error: 'texts: at most 500 characters each' }),
    )
    .refine((texts) => Object.keys(texts).length >= 1 && Object.keys(texts).length <= 8, {
      error: 'texts: give 1 to 8 locales, e.g. { "en": "...", "zh": "..." }',
    }),
  incidentId: z.string().regex(ID, { error: 'incidentId: copy it from the incidents panel' }).optional(),
});

/** Path parameters of POST /incidents/:id/:action. */
export const incidentParams = z.object({
  id: z.string().regex(ID, { error: 'No such incident.' }),
  action: z.enum(['acknowledge', 'resolve'], { error: 'Incidents take acknowledge or resolve.' }),
});
/** Path parameters of the banner routes. */
export const bannerParams = z.object({ intent: z.string().regex(INTENT, { error: 'The intent is a name like track_order.' }) });

const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

function answer<T>(res: Response, result: RadarResult<T>, what: string): void {
  if (result.ok) {
    res.json(result.value);
    return;
  }
  if (result.code === 'already_resolved') fail(res, 409, result.code, 'This incident is resolved already; a new surge raises a new one.');
  else fail(res, 404, result.code, `No such ${what}.`);
}

function parse<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  fail(res, 400, 'invalid', parsed.error.issues.map((issue) => issue.message).join('; '));
  return undefined;
}

/** Builds the router, mounted at '/'. */
export function createRadarRouter({ radar, token, intents, logger }: RadarRouterOptions): Router {
  const router = express.Router();
  const guard = requireAdminToken({ adminToken: token });
  const json = express.json({ limit: '16kb' });

  router.get('/dashboard/api/radar', guard, async (_req, res) => {
    const [readings, incidents, banners] = await Promise.all([radar.readings(), radar.incidents(30), radar.banners.all()]);
    res.json({ readings, incidents, banners, rules: radar.rules });
  });

  const admin = express.Router();
  admin.use(guard, json);
  admin.post('/incidents/:id/:action', async (req, res) => {
    const params = incidentParams.safeParse(req.params);
    if (!params.success) return fail(res, 404, 'not_found', params.error.issues[0]?.message ?? 'No such incident.');
    const { id, action } = params.data;
    const body = parse(actionBody, req, res);
    if (!body) return;
    const result = action === 'acknowledge' ? await radar.acknowledge(id, body.by) : await radar.resolve(id, body.by, body.note);
    logger?.info({ id, action, ok: result.ok }, 'radar: incident action');
    answer(res, result, 'incident');
  });
  admin.put('/banners/:intent', async (req, res) => {
    const params = bannerParams.safeParse(req.params);
    if (!params.success) return fail(res, 400, 'invalid', 'The intent is a name like track_order.');
    const { intent } = params.data;
    const body = parse(bannerBody, req, res);
    if (!body) return;
    if (intents && !intents().includes(intent))
      return fail(
        res,
        400,
        'unknown_intent',
        `The bot knows no intent "${intent}", so this banner would never be given. Pick one of the model's intents or the FAQ intents a promoted retraining learned (GET /learning/api/intents lists them), e.g. track_order.`,
      );
    const result = await radar.publishBanner({ intent, texts: body.texts, by: body.by, ...(body.incidentId ? { incidentId: body.incidentId } : {}) });
    logger?.info({ intent, ok: result.ok }, 'radar: banner published');
    answer(res, result, 'incident');
  });
  admin.post('/banners/:intent/withdraw', async (req, res) => {
    const params = bannerParams.safeParse(req.params);
    if (!params.success) return fail(res, 400, 'invalid', 'The intent is a name like track_order.');
    const { intent } = params.data;
    const body = parse(actionBody, req, res);
    if (!body) return;
    const result = await radar.withdrawBanner(intent, body.by);
    logger?.info({ intent, ok: result.ok }, 'radar: banner withdrawn');
    answer(res, result, 'banner for that intent');
  });
  router.use('/api/admin/radar', admin);
  return router;
}
