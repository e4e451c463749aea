/**
 * Telemetry: turns what the engine and the handoff report (turns, audit events) into the Prometheus
 * metrics of this instance and the shared minute counters of the dashboard. One object, so both views
 * always count the same things the same way.
 */
import type { TurnObserver } from '../dialogs/middleware/measure.js';
import type { HandoffEvent } from '../handoff/types.js';
import type { Recognition } from '../nlu-models/recognizer.js';
import type { Metrics } from '../infra/metrics.js';
import type { StatsStore } from '../infra/stats-store.js';

export interface TelemetryOptions {
  readonly metrics: Metrics;
  readonly stats: StatsStore;
  /** The first-reply SLA in seconds: a first agent reply within it counts as on time. */
  readonly slaSeconds: number;
  readonly now?: () => number;
}

/** Names of the dashboard's counters; `name:label` for the labelled ones. */
export const STAT = {
  messagesIn: 'in',
  messagesOut: 'out',
  conversations: 'conversations',
  replySum: 'reply_sum',
  replyCount: 'reply_count',
  outOfScope: 'oos',
  negative: 'negative',
  emotionSum: 'emotion_sum',
  emotionCount: 'emotion_count',
  escalated: 'escalated',
  claimed: 'claimed',
  waitSum: 'wait_sum',
  firstReplies: 'first_replies',
  firstRepliesOnTime: 'first_replies_on_time',
  resolved: 'resolved',
  firstContact: 'first_contact',
  handleSum: 'handle_sum',
  csatSum: 'csat_sum',
  csatCount: 'csat_count',
  abandoned: 'abandoned',
  returned: 'returned',
  transferred: 'transferred',
  breaches: 'sla_breaches',
  noticesSent: 'notices_sent',
  noticesFailed: 'notices_failed',
  noticesDeferred: 'notices_deferred',
  optIns: 'order_opt_ins',
  optOuts: 'order_opt_outs',
  /** Per intent: `fb_csat_sum:<intent>`, `fb_csat_count:<intent>`, `helpful_yes:<intent>`, `helpful_no:<intent>`. */
  feedbackCsatSum: 'fb_csat_sum',
  feedbackCsatCount: 'fb_csat_count',
  helpfulYes: 'helpful_yes',
  helpfulNo: 'helpful_no',
  comments: 'fb_comments',
} as const;

/** The intent whose messages are "where is my order" (shown next to the notices). */
export const WISMO_INTENT = 'track_order';

/** The engine's `TurnObserver`, plus `onHandoffEvent` for the handoff service. */
export class Telemetry implements TurnObserver {
  readonly #o: TelemetryOptions;
  readonly #now: () => number;

  constructor(options: TelemetryOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => Date.now());
  }

  #add(counters: Record<string, number>): void {
    this.#o.stats.add(counters, this.#now());
  }

  messageIn(channel: string): void {
    this.#o.metrics.messages.inc({ channel, direction: 'in' });
    this.#add({ [STAT.messagesIn]: 1, [`${STAT.messagesIn}:${channel}`]: 1 });
  }

  messagesOut(channel: string, count: number): void {
    this.#o.metrics.messages.inc({ channel, direction: 'out' }, count);
    this.#add({ [STAT.messagesOut]: count });
  }

  replied(channel: string, seconds: number): void {
    this.#o.metrics.replySeconds.observe({ channel }, seconds);
    this.#add({ [STAT.replySum]: seconds, [STAT.replyCount]: 1 });
  }

  conversationStarted(channel: string): void {
    this.#o.metrics.conversations.inc({ channel });
    this.#add({ [STAT.conversations]: 1 });
  }

  understood(recognition: Recognition): void {
    const { metrics } = this.#o;
    const { locale, intent, emotion } = recognition;
    metrics.intents.inc({ intent, locale });
    metrics.emotion.observe({ locale }, emotion.score);
    if (emotion.negative) metrics.negative.inc({ locale });
    this.#add({
      [`intent:${intent}`]: 1,
      [STAT.emotionSum]: emotion.score,
      [STAT.emotionCount]: 1,
      ...(recognition.outOfScope ? { [STAT.outOfScope]: 1 } : {}),
      ...(emotion.negative ? { [STAT.negative]: 1 } : {}),
    });
  }

  /** A proactive order notice went out, or failed after its last retry. */
  orderNotice(outcome: 'sent' | 'failed', kind: string, channel: string): void {
    this.#o.metrics.orderNotices.inc({ outcome, kind, channel });
    this.#add({ [outcome === 'sent' ? STAT.noticesSent : STAT.noticesFailed]: 1 });
  }

  orderNoticeDeferred(reason: string): void {
    this.#o.metrics.orderNoticesDeferred.inc({ reason });
    this.#add({ [STAT.noticesDeferred]: 1 });
  }

  orderOptIn(source: string): void {
    this.#o.metrics.orderOptIns.inc({ source });
    this.#add({ [STAT.optIns]: 1 });
  }

  orderOptOut(): void {
    this.#o.metrics.orderOptOuts.inc();
    this.#add({ [STAT.optOuts]: 1 });
  }

  /** A CSAT score outside a handoff: the overall CSAT and the per-intent one. */
  feedbackCsat(score: number, intent: string, source: string): void {
    this.#o.metrics.feedbackCsat.observe({ source }, score);
    this.#o.metrics.csat.observe(score);
    this.#add({
      [STAT.csatSum]: score,
      [STAT.csatCount]: 1,
      [`csat:${score}`]: 1,
      [`${STAT.feedbackCsatSum}:${intent}`]: score,
      [`${STAT.feedbackCsatCount}:${intent}`]: 1,
    });
  }

  faqHelpful(intent: string, helpful: boolean): void {
    this.#o.metrics.faqHelpful.inc({ intent, helpful: String(helpful) });
    this.#add({ [`${helpful ? STAT.helpfulYes : STAT.helpfulNo}:${intent}`]: 1 });
  }

  feedbackComment(): void {
    this.#o.metrics.feedbackComments.inc();
    this.#add({ [STAT.comments]: 1 });
  }

  /** Counts one audit event; called once per step across all instances (HandoffService `onEvent`). */
  onHandoffEvent(event: HandoffEvent): void {
    const { metrics, slaSeconds } = this.#o;
    switch (event.type) {
      case 'escalated':
        metrics.escalations.inc({ reason: event.reason });
        return this.#add({ [STAT.escalated]: 1, [`${STAT.escalated}:${event.reason}`]: 1 });
      case 'claimed':
        metrics.queueWait.observe(event.waitedMs / 1000);
        return this.#add({ [STAT.claimed]: 1, [STAT.waitSum]: event.waitedMs / 1000 });
      case 'first_agent_reply': {
        const onTime = event.responseMs <= slaSeconds * 1000;
        metrics.firstReply.observe(event.responseMs / 1000);
        metrics.firstReplies.inc({ within_sla: String(onTime) });
        return this.#add({ [STAT.firstReplies]: 1, ...(onTime ? { [STAT.firstRepliesOnTime]: 1 } : {}) });
      }
      case 'resolved': {
        const firstContact = (event.transfers ?? 0) === 0;
        metrics.handoffDuration.observe(event.handleMs / 1000);
        metrics.resolutions.inc({ first_contact: String(firstContact) });
        return this.#add({ [STAT.resolved]: 1, [STAT.handleSum]: event.handleMs / 1000, ...(firstContact ? { [STAT.firstContact]: 1 } : {}) });
      }
      case 'csat':
        metrics.csat.observe(event.score);
        return this.#add({ [STAT.csatSum]: event.score, [STAT.csatCount]: 1, [`csat:${event.score}`]: 1 });
      case 'sla_breach':
        metrics.slaBreaches.inc({ kind: event.kind });
        return this.#add({ [STAT.breaches]: 1 });
      case 'abandoned':
      case 'returned':
      case 'transferred':
        metrics.handoffOutcomes.inc({ outcome: event.type });
        return this.#add({ [STAT[event.type]]: 1 });
    }
  }
}
