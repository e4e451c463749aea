/**
 * The agents' scorecard (docs/agent-scorecard.md): the recorder fed by the handoff, the per-ticket
 * emotion store, the Prometheus metrics and the summary the dashboard shows. The only import point.
 */
export { agentLabeller, OTHER_AGENT } from './agent-labels.js';
export { createScorecardMetrics, type ScorecardMetrics } from './scorecard-metrics.js';
export { QUEUED_BREACHES, SCORECARD_STAT, ScorecardRecorder, type ScorecardRecorderOptions } from './scorecard-recorder.js';
export { scorecardFrom, type AgentScorecard, type AgentScorecardRow } from './scorecard-summary.js';
export { createMemoryTicketMoodStore, createRedisTicketMoodStore, RECENT_SCORES, type TicketMood, type TicketMoodStore } from './ticket-mood-store.js';
