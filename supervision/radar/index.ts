/**
 * The incident radar (docs/incident-radar.md): rolling counts against their usual level, surge rules,
 * one incident per surge across instances, alerts, and banner answers. Import from here only.
 */
export { withBannerAnswers, type BannerAnswersOptions } from './banner-answers.js';
export { BannerBoard, bannerText } from './banner-board.js';
export { evaluate, referenceHours, thresholdOf, usualCount } from './evaluate.js';
export { createMemoryRadarStore } from './memory-radar-store.js';
export { Radar, type IncidentAlerts, type RadarOptions, type RadarResult } from './radar.js';
export type { HourTotals, IncidentChange, RadarStore } from './radar-store.js';
export { createRedisRadarStore } from './redis-radar-store.js';
export { maskedExample, RadarTurnWatch } from './turn-watch.js';
export type { Banner, Incident, IncidentAction, IncidentState, RadarExample, RadarReading } from './types.js';
