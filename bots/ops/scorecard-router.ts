/**
 * The agents' scorecard as JSON for the dashboard: `GET /dashboard/api/scorecard?minutes=60`, over the
 * shared minute counters (every instance), behind the same bearer token as the dashboard's other data.
 * Agent ids and names only (docs/agent-scorecard.md).
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import type { StatsStore } from '../../infra/stats-store.js';
import { scorecardFrom } from '../../supervision/scorecard/index.js';
import { requireAdminToken } from '../admin-auth.js';

export interface ScorecardRouterOptions {
  readonly stats: StatsStore;
  /** The configured agents, in display order. */
  readonly agents: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  /** Waits for the scorecard's background writes (ScorecardRecorder.settled), so a reader sees them. */
  readonly settled?: () => Promise<void>;
  /** The dashboard's bearer token (ADMIN_TOKEN, or the demo's random one). */
  readonly token: string;
}

/** The query of GET /dashboard/api/scorecard. */
export const scorecardQuery = z.object({ minutes: z.coerce.number().int().min(1).max(1440).default(60) });

/** Builds the router, mounted at '/' before the ops router. */
export function createScorecardRouter({ stats, agents, settled, token }: ScorecardRouterOptions): Router {
  const router = express.Router();
  router.get('/dashboard/api/scorecard', requireAdminToken({ adminToken: token }), async (req, res) => {
    // A repeated parameter (`minutes=1&minutes=2`) is not a number: refused, not defaulted.
    const parsed = scorecardQuery.safeParse({ minutes: req.query.minutes });
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'invalid', message: 'minutes must be a whole number from 1 to 1440 (one day).' } });
      return;
    }
    await settled?.();
    res.json(scorecardFrom(await stats.window(parsed.data.minutes), agents));
  });
  return router;
}
