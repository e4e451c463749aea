/**
 * Wires the incident radar of a bot from its settings (RADAR_*; docs/incident-radar.md): its minute
 * counters and store on Redis when the bot has one (memory otherwise), Slack alerts when
 * RADAR_SLACK_CHANNEL is set, the turn watch for the pipeline and the handoff's events.
 */
import type { Config } from '../../infra/config.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import { createMemoryStatsStore, createRedisStatsStore, type StatsStore } from '../../infra/stats-store.js';
import { createMemoryRadarStore, createRedisRadarStore, Radar, RadarTurnWatch } from '../../supervision/radar/index.js';
import { createSlackIncidentAlerts } from './radar-slack.js';

export interface RadarSetup {
  readonly radar: Radar;
  readonly watch: RadarTurnWatch;
  /** The radar's minute counters: flush them on shutdown, before Redis closes. */
  readonly counts: StatsStore;
}

export interface RadarSetupOptions {
  readonly config: Config;
  readonly redis?: RedisClient;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** Builds the radar (not started: the bot's `start` starts it). */
export function setupRadar({ config, redis, logger, now }: RadarSetupOptions): RadarSetup {
  const log = logger.child({ module: 'radar' });
  // Its own counters, on the radar's clock, under their own key: the dashboard's keep theirs.
  const counts = redis
    ? createRedisStatsStore({
        redis,
        keyPrefix: `${config.REDIS_KEY_PREFIX}radar:`,
        botId: config.BOT_ID,
        onError: (error) => log.warn({ err: error }, 'radar counter lost'),
      })
    : createMemoryStatsStore();
  const store = redis ? createRedisRadarStore({ redis, keyPrefix: config.REDIS_KEY_PREFIX, botId: config.BOT_ID }) : createMemoryRadarStore();
  const alerts =
    config.RADAR_SLACK_CHANNEL && config.SLACK_BOT_TOKEN
      ? createSlackIncidentAlerts({
          botToken: config.SLACK_BOT_TOKEN,
          channel: config.RADAR_SLACK_CHANNEL,
          ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
          ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
        })
      : undefined;
  const radar = new Radar({
    rules: config.RADAR_RULES,
    counts,
    store,
    ...(alerts ? { alerts } : {}),
    ...(now ? { now } : {}),
    autoResolveMinutes: config.RADAR_AUTO_RESOLVE_MINUTES,
    tickSeconds: config.RADAR_TICK_SECONDS,
    onError: (error, what) => log.warn({ err: error }, what),
  });
  const watch = new RadarTurnWatch(radar, { onError: (error) => log.warn({ err: error }, 'radar: turn not counted'), ...(now ? { now } : {}) });
  return { radar, watch, counts };
}
