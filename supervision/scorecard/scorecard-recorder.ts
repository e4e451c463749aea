/**
 * Counts the agents' scorecard from the handoff's audit events and the customer's emotion around each
 * ticket (docs/agent-scorecard.md). Counters go to the shared minute counters of the dashboard
 * (infra/stats-store.ts, Redis or memory) as `<counter>:<agent label>`, and to Prometheus.
 *
 * Counted once: the handoff calls `onEvent` on the one instance that made each step, and each customer
 * message runs on one instance. Nothing here throws at the caller or makes it wait: the ticket's
 * emotion readings are written in the background (`settled` waits for them, for tests and shutdown).
 */
import type { CustomerEmotionReading } from '../../handoff/service/index.js';
import type { HandoffEvent } from '../../handoff/types.js';
import type { Logger } from '../../infra/logger.js';
import type { StatsStore } from '../../infra/stats-store.js';
import { agentLabeller } from './agent-labels.js';
import type { ScorecardMetrics } from './scorecard-metrics.js';
import { RECENT_SCORES, type TicketMoodStore } from './ticket-mood-store.js';

/** Names of the scorecard's shared counters; each is kept per agent label, `<name>:<label>`. */
export const SCORECARD_STAT = {
  claimed: 'sc_claimed',
  firstReplies: 'sc_first_replies',
  firstReplySum: 'sc_first_reply_sum',
  firstRepliesOnTime: 'sc_first_replies_on_time',
  resolved: 'sc_resolved',
  handleSum: 'sc_handle_sum',
  firstContact: 'sc_first_contact',
  csatSum: 'sc_csat_sum',
  csatCount: 'sc_csat_count',
  breaches: 'sc_sla_breaches',
  transferred: 'sc_transferred',
  returned: 'sc_returned',
  emotionTickets: 'sc_emotion_tickets',
  emotionStartSum: 'sc_emotion_start_sum',
  emotionEndSum: 'sc_emotion_end_sum',
} as const;

/** Breaches of tickets nobody held yet (still queued): the team's, not an agent's. Unlabelled. */
export const QUEUED_BREACHES = 'sc_sla_breaches_queued';

export interface ScorecardRecorderOptions {
  readonly stats: StatsStore;
  readonly moods: TicketMoodStore;
  /** The configured agents' ids; any other id counts as `other`. */
  readonly agents: readonly string[];
  /** The first-reply SLA in seconds (HANDOFF_SETTINGS.sla.firstReplySeconds). */
  readonly slaSeconds: number;
  readonly metrics?: ScorecardMetrics;
  readonly logger?: Logger;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
/** Scores come from the NLU, -1..1; anything else is not counted. */
const validScore = (score: number) => Number.isFinite(score) && score >= -1 && score <= 1;

/** The scorecard's recorder: wire `onHandoffEvent` to the handoff's `onEvent`, `onCustomerEmotion` to its middleware. */
export class ScorecardRecorder {
  readonly #o: ScorecardRecorderOptions;
  readonly #label: (agentId: string | undefined) => string;
  readonly #pending = new Set<Promise<void>>();

  constructor(options: ScorecardRecorderOptions) {
    this.#o = options;
    this.#label = agentLabeller(options.agents);
  }

  /** Counts one audit event; must be called once per step across instances (the handoff's `onEvent`). */
  onHandoffEvent(event: HandoffEvent): void {
    const { metrics, slaSeconds } = this.#o;
    const add = (agentId: string | undefined, counters: Record<string, number>) => {
      const agent = this.#label(agentId);
      this.#o.stats.add(Object.fromEntries(Object.entries(counters).map(([name, by]) => [`${name}:${agent}`, by])), event.at);
      return agent;
    };
    switch (event.type) {
      case 'claimed': {
        const agent = add(event.agentId, { [SCORECARD_STAT.claimed]: 1 });
        metrics?.tickets.inc({ agent, outcome: 'claimed' });
        return;
      }
      case 'first_agent_reply': {
        const onTime = event.responseMs <= slaSeconds * 1000;
        const agent = add(event.agentId, {
          [SCORECARD_STAT.firstReplies]: 1,
          [SCORECARD_STAT.firstReplySum]: event.responseMs / 1000,
          ...(onTime ? { [SCORECARD_STAT.firstRepliesOnTime]: 1 } : {}),
        });
        metrics?.firstReply.observe({ agent }, event.responseMs / 1000);
        return;
      }
      case 'resolved': {
        const firstContact = (event.transfers ?? 0) === 0;
        const agent = add(event.agentId, {
          [SCORECARD_STAT.resolved]: 1,
          [SCORECARD_STAT.handleSum]: event.handleMs / 1000,
          ...(firstContact ? { [SCORECARD_STAT.firstContact]: 1 } : {}),
        });
        metrics?.tickets.inc({ agent, outcome: 'resolved' });
        metrics?.firstContact.inc({ agent, first_contact: String(firstContact) });
        metrics?.handle.observe({ agent }, event.handleMs / 1000);
        return this.#background(this.#closeMood(event.ticketId, event.agentId, event.at));
      }
      case 'csat': {
        // A score without an agent (a ticket nobody held) is the team's, not on anyone's card.
        if (event.agentId === undefined) return;
        const agent = add(event.agentId, { [SCORECARD_STAT.csatSum]: event.score, [SCORECARD_STAT.csatCount]: 1 });
        metrics?.csat.observe({ agent }, event.score);
        return;
      }
      case 'sla_breach': {
        if (event.agentId === undefined) return this.#o.stats.add({ [QUEUED_BREACHES]: 1 }, event.at);
        const agent = add(event.agentId, { [SCORECARD_STAT.breaches]: 1 });
        metrics?.slaBreaches.inc({ agent });
        return;
      }
      case 'transferred': {
        if (event.fromAgentId === undefined) return;
        const agent = add(event.fromAgentId, { [SCORECARD_STAT.transferred]: 1 });
        metrics?.tickets.inc({ agent, outcome: 'transferred' });
        return;
      }
      case 'returned': {
        if (event.agentId !== undefined) metrics?.tickets.inc({ agent: add(event.agentId, { [SCORECARD_STAT.returned]: 1 }), outcome: 'returned' });
        return this.#background(this.#o.moods.delete(event.ticketId));
      }
      case 'abandoned':
        return this.#background(this.#o.moods.delete(event.ticketId));
      case 'escalated':
        return;
    }
  }

  /** Keeps the customer's emotion at escalation (mean of the last few turns) and during the handoff. */
  onCustomerEmotion(reading: CustomerEmotionReading): void {
    const scores = reading.scores.filter(validScore);
    if (scores.length === 0) return;
    const { moods } = this.#o;
    this.#background(
      reading.phase === 'escalation'
        ? moods.writeStart(reading.ticketId, mean(scores.slice(-RECENT_SCORES)))
        : moods.addRecent(reading.ticketId, scores.at(-1)!),
    );
  }

  /**
   * Waits for the background writes made so far. Not for later ones: the dashboard's read calls it,
   * and under steady traffic a newer write is always in flight, so waiting for "none left" could wait forever.
   */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  /** A resolved ticket with both readings adds its start and end to the resolving agent's card. */
  async #closeMood(ticketId: string, agentId: string, at: number): Promise<void> {
    const mood = await this.#o.moods.read(ticketId);
    await this.#o.moods.delete(ticketId);
    if (mood?.start === undefined || mood.recent.length === 0) return;
    const end = mean(mood.recent);
    const agent = this.#label(agentId);
    this.#o.stats.add(
      {
        [`${SCORECARD_STAT.emotionTickets}:${agent}`]: 1,
        [`${SCORECARD_STAT.emotionStartSum}:${agent}`]: mood.start,
        [`${SCORECARD_STAT.emotionEndSum}:${agent}`]: end,
      },
      at,
    );
    this.#o.metrics?.emotion.observe({ agent, phase: 'start' }, mood.start);
    this.#o.metrics?.emotion.observe({ agent, phase: 'end' }, end);
  }

  #background(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.#o.logger?.warn({ err: error }, 'scorecard: emotion reading lost'))
      .finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }
}
