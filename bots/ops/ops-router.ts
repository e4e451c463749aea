/**
 * Operations endpoints: `/metrics` (Prometheus text format of this instance) and the supervisor
 * dashboard at `/dashboard/` with its JSON at `/dashboard/api/summary?minutes=60` (every instance,
 * from the shared minute counters). Both always need `Authorization: Bearer <token>` (Prometheus:
 * `authorization: { credentials: ... }` in the scrape config): ADMIN_TOKEN, or in the demo a random
 * token printed at start with the dashboard's link (see ops-token.ts). The page itself (HTML, script,
 * styles) is served to anyone: it holds no figures. Neither carries message text or customer data.
 */
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Metrics } from '../../infra/metrics.js';
import type { StatsStore } from '../../infra/stats-store.js';
import { requireAdminToken } from '../admin-auth.js';
import { summarize, type DashboardSummary } from './dashboard-summary.js';

const publicDirectory = fileURLToPath(new URL('./public/', import.meta.url));

export interface OpsRouterOptions {
  readonly metrics: Metrics;
  readonly stats: StatsStore;
  readonly live: () => Promise<DashboardSummary['live']>;
  /** The bearer token /metrics and the dashboard's data require (ADMIN_TOKEN, or the demo's random one). */
  readonly token: string;
}

/** The query of GET /dashboard/api/summary: the window in minutes (default one hour, at most a day). */
export const summaryQuery = z.object({ minutes: z.coerce.number().int().min(1).max(1440).default(60) });

/** Builds the router, mounted at '/'. */
export function createOpsRouter({ metrics, stats, live, token }: OpsRouterOptions): Router {
  const router = express.Router();
  const guard = requireAdminToken({ adminToken: token });

  router.get('/metrics', guard, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  router.get('/dashboard/api/summary', guard, async (req, res) => {
    const parsed = summaryQuery.safeParse({ minutes: req.query.minutes });
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'invalid', message: 'minutes must be a whole number from 1 to 1440 (one day).' } });
      return;
    }
    res.json(summarize(await stats.window(parsed.data.minutes), await live()));
  });

  router.use('/dashboard', express.static(publicDirectory, { index: 'dashboard.html', maxAge: 60_000 }));
  return router;
}
