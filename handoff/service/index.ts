/**
 * The handoff service: the agent API implementation, its pipeline middleware, SLA timers, agent
 * accounts and the stores it adds. The only import point of `handoff/service`.
 */
export { HandoffService, type EscalationRequest, type HandoffServiceOptions, type ProactiveChannel, type RelayOutcome } from './handoff-service.js';
export { escalationPolicy, handoffGate, type CustomerEmotionReading, type HandoffMiddlewareOptions, type HandoffTurnState } from './middleware.js';
export { createMemoryFactsStore, createRedisFactsStore, type ConversationFacts, type FactsStore, type StoredReference } from './facts-store.js';
export { parseHandoffSettings, type HandoffSettings, type HandoffSettingsInput } from './settings.js';
export { agentAuthenticator, parseAgentAccounts, registerAgents, type AgentAccount } from './agent-accounts.js';
export { estimateWaitMinutes, queueNotice } from './queue-notices.js';
export { actingAs, currentOrigin, sameOrigin } from './event-origin.js';
export { NOTE_EVENT, transcriptLines } from './ticket-views.js';
export { chooseRoute, type Route, type RoutingRule, type RoutingSettings } from './routing.js';
