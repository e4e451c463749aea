/**
 * The agents' scorecard in Prometheus, on the instance's registry (infra/metrics.ts). Every series has
 * an `agent` label whose values are the configured agent ids plus `other` (agent-labels.ts), so the
 * number of series is fixed by the settings, never by what arrives. Counted where the handoff counts
 * its audit events: once per step across instances, so Prometheus sums instances.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

/** Builds the scorecard's metrics on `registry`; call once per registry. */
export function createScorecardMetrics(registry: Registry) {
  const registers = [registry];
  const human = [5, 15, 30, 60, 120, 300, 600, 1800, 3600];
  return {
    tickets: new Counter({
      name: 'baton_agent_tickets_total',
      help: 'Tickets by agent and what the agent did: claimed, resolved, transferred (away), returned (to the bot)',
      labelNames: ['agent', 'outcome'],
      registers,
    }),
    firstReply: new Histogram({
      name: 'baton_agent_first_reply_seconds',
      help: "Time from escalation to the agent's first reply (the customer's wait, as the SLA counts it)",
      labelNames: ['agent'],
      buckets: human,
      registers,
    }),
    firstContact: new Counter({
      name: 'baton_agent_resolutions_total',
      help: 'Resolved tickets by agent; first_contact = without a transfer',
      labelNames: ['agent', 'first_contact'],
      registers,
    }),
    handle: new Histogram({
      name: 'baton_agent_handle_seconds',
      help: 'Time from escalation to the resolve, by the resolving agent',
      labelNames: ['agent'],
      buckets: [60, 300, 600, 1200, 1800, 3600, 7200, 14_400],
      registers,
    }),
    csat: new Histogram({
      name: 'baton_agent_csat_score',
      help: 'CSAT scores (1-5) of the agent who resolved',
      labelNames: ['agent'],
      buckets: [1, 2, 3, 4, 5],
      registers,
    }),
    slaBreaches: new Counter({
      name: 'baton_agent_sla_breaches_total',
      help: 'First-reply deadlines missed while the agent held the ticket (breaches in the queue: baton_sla_breaches_total)',
      labelNames: ['agent'],
      registers,
    }),
    emotion: new Histogram({
      name: 'baton_agent_customer_emotion',
      help: "Customer emotion (-1 upset .. 1 happy) of the agent's resolved tickets, at escalation (start) and in the last messages (end)",
      labelNames: ['agent', 'phase'],
      buckets: [-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1],
      registers,
    }),
  };
}

export type ScorecardMetrics = ReturnType<typeof createScorecardMetrics>;
