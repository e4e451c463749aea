/**
 * Prometheus metrics (prom-client) of one Baton instance, named for what support teams are judged by.
 * Counters and histograms count what this instance did (Prometheus sums instances); the queue gauges
 * read the shared queue at scrape time, so take their max, not their sum, across instances. Node's own
 * process metrics keep their standard names (process_*, nodejs_*), so stock Node.js dashboards work.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type BuildInfo, readBuildInfo } from './build-info.js';

/** Live readings taken at scrape time. */
export interface LiveReadings {
  /** Queued tickets per skill. */
  queueDepth(): Promise<Readonly<Record<string, number>>>;
  /** Agents per presence. */
  agentsByPresence(): Promise<Readonly<Record<string, number>>>;
}

/** Builds the registry and every Baton metric; `build` labels `baton_build_info` (default: read here, commit unknown). */
export function createMetrics({
  live,
  defaultMetrics = true,
  build = readBuildInfo(),
}: {
  live?: LiveReadings;
  defaultMetrics?: boolean;
  build?: BuildInfo;
} = {}) {
  const registry = new Registry();
  if (defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
  const human = [5, 15, 30, 60, 120, 300, 600, 1800, 3600];

  const metrics = {
    registry,
    buildInfo: new Gauge({
      name: 'baton_build_info',
      help: 'Always 1; the labels say which Baton build and Node version this instance runs',
      labelNames: ['version', 'commit', 'node'],
      registers,
    }),
    messages: new Counter({ name: 'baton_messages_total', help: 'Customer messages, in and out, by channel', labelNames: ['channel', 'direction'], registers }),
    replySeconds: new Histogram({
      name: 'baton_bot_reply_seconds',
      help: 'Time from a customer message to the first reply',
      labelNames: ['channel'],
      buckets: seconds,
      registers,
    }),
    conversations: new Counter({
      name: 'baton_conversations_total',
      help: 'Conversations started (first customer message)',
      labelNames: ['channel'],
      registers,
    }),
    intents: new Counter({
      name: 'baton_intents_total',
      help: 'Customer messages by recognized intent (None = out of scope)',
      labelNames: ['intent', 'locale'],
      registers,
    }),
    emotion: new Histogram({
      name: 'baton_emotion_score',
      help: 'Emotion score of customer messages (-1 upset .. 1 happy)',
      labelNames: ['locale'],
      buckets: [-0.8, -0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1],
      registers,
    }),
    negative: new Counter({ name: 'baton_negative_messages_total', help: 'Customer messages read as negative', labelNames: ['locale'], registers }),
    translationRequests: new Counter({
      name: 'baton_translation_requests_total',
      help: 'Requests sent to the translation provider (cache misses), by provider and outcome',
      labelNames: ['provider', 'outcome'],
      registers,
    }),
    translationCharacters: new Counter({
      name: 'baton_translation_characters_total',
      help: 'Characters sent to the translation provider (what providers bill), by provider',
      labelNames: ['provider'],
      registers,
    }),
    escalations: new Counter({ name: 'baton_escalations_total', help: 'Conversations handed to a person, by reason', labelNames: ['reason'], registers }),
    queueWait: new Histogram({ name: 'baton_queue_wait_seconds', help: 'Time from escalation to an agent claiming', buckets: human, registers }),
    firstReply: new Histogram({ name: 'baton_first_agent_reply_seconds', help: 'Time from escalation to the first agent reply', buckets: human, registers }),
    firstReplies: new Counter({
      name: 'baton_first_agent_replies_total',
      help: 'First agent replies, within the SLA or not',
      labelNames: ['within_sla'],
      registers,
    }),
    handoffDuration: new Histogram({
      name: 'baton_handoff_duration_seconds',
      help: 'Time from escalation to resolve',
      buckets: [60, 300, 600, 1200, 1800, 3600, 7200, 14_400],
      registers,
    }),
    resolutions: new Counter({
      name: 'baton_resolutions_total',
      help: 'Resolved tickets; first_contact = resolved by the first agent, without transfer',
      labelNames: ['first_contact'],
      registers,
    }),
    csat: new Histogram({ name: 'baton_csat_score', help: 'Customer satisfaction scores (1-5)', buckets: [1, 2, 3, 4, 5], registers }),
    coachReviews: new Counter({
      name: 'baton_coach_reviews_total',
      help: "Agents' replies the coach reviewed, by desk and outcome (reviewed, flagged, sent_anyway, phrase_used, discarded, suggestion_used)",
      labelNames: ['desk', 'outcome'],
      registers,
    }),
    inboxRecovered: new Counter({
      name: 'baton_inbox_recovered_total',
      help: 'Acknowledged webhook deliveries run again because the instance running them stopped mid-turn, by channel',
      labelNames: ['channel'],
      registers,
    }),
    inboxDropped: new Counter({
      name: 'baton_inbox_dropped_total',
      help: 'Acknowledged webhook deliveries given up after INBOX_MAX_ATTEMPTS runs without finishing, by channel',
      labelNames: ['channel'],
      registers,
    }),
    handoffOutcomes: new Counter({ name: 'baton_handoff_outcomes_total', help: 'Tickets closed other than by resolve', labelNames: ['outcome'], registers }),
    slaBreaches: new Counter({ name: 'baton_sla_breaches_total', help: 'SLA deadlines missed, by kind', labelNames: ['kind'], registers }),
    orderNotices: new Counter({
      name: 'baton_order_notices_total',
      help: 'Proactive order notices by outcome (sent, failed after the last retry), kind and channel',
      labelNames: ['outcome', 'kind', 'channel'],
      registers,
    }),
    orderNoticesDeferred: new Counter({
      name: 'baton_order_notices_deferred_total',
      help: 'Order notices put off: quiet hours, the per-customer rate, a retry',
      labelNames: ['reason'],
      registers,
    }),
    orderOptIns: new Counter({
      name: 'baton_order_updates_opt_ins_total',
      help: 'Customers opted in to order updates, by source',
      labelNames: ['source'],
      registers,
    }),
    orderOptOuts: new Counter({ name: 'baton_order_updates_opt_outs_total', help: 'Customers who ended order updates ("stop")', registers }),
    feedbackCsat: new Histogram({
      name: 'baton_feedback_csat_score',
      help: 'CSAT scores outside handoffs, by source (bot-only conversation, order follow-up)',
      labelNames: ['source'],
      buckets: [1, 2, 3, 4, 5],
      registers,
    }),
    faqHelpful: new Counter({ name: 'baton_faq_helpful_total', help: '"Did this help?" answers by intent', labelNames: ['intent', 'helpful'], registers }),
    feedbackComments: new Counter({ name: 'baton_feedback_comments_total', help: 'CSAT comments left', registers }),
    queueDepth: new Gauge({
      name: 'baton_queue_depth',
      help: 'Tickets waiting now, by skill (shared queue: max across instances)',
      labelNames: ['skill'],
      registers,
      async collect() {
        if (!live) return;
        this.reset();
        for (const [skill, depth] of Object.entries(await live.queueDepth())) this.set({ skill }, depth);
      },
    }),
    agents: new Gauge({
      name: 'baton_agents',
      help: 'Agents by presence (shared: max across instances)',
      labelNames: ['presence'],
      registers,
      async collect() {
        if (!live) return;
        this.reset();
        for (const [presence, count] of Object.entries(await live.agentsByPresence())) this.set({ presence }, count);
      },
    }),
  };
  metrics.buildInfo.set({ ...build }, 1);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
