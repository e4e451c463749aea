/**
 * The supervisor dashboard's figures, from the shared minute counters (every instance) and the live
 * queue: what support is judged by, over the last N minutes, with per-minute series for the charts.
 */
import { STAT, WISMO_INTENT } from '../telemetry.js';
import type { StatsWindow } from '../../infra/stats-store.js';

export interface DashboardSummary {
  readonly minutes: number;
  /** Epoch ms of each minute of the series. */
  readonly at: readonly number[];
  readonly series: {
    readonly messagesIn: readonly number[];
    readonly escalations: readonly number[];
    readonly botReplyMs: readonly (number | null)[];
    readonly emotion: readonly (number | null)[];
    /** "Where is my order" messages per minute, next to the order notices sent. */
    readonly wismo: readonly number[];
    readonly notices: readonly number[];
  };
  readonly totals: {
    readonly messagesIn: number;
    readonly messagesOut: number;
    readonly conversations: number;
    readonly escalations: number;
    /** Share of conversations the bot finished without a person, 0..1; null without conversations. */
    readonly containment: number | null;
    readonly botReplyMsAvg: number | null;
    readonly escalationsByReason: Readonly<Record<string, number>>;
    readonly queueWaitSecondsAvg: number | null;
    /** Share of first agent replies within the SLA, 0..1. */
    readonly firstReplyOnTime: number | null;
    readonly handoffMinutesAvg: number | null;
    /** Share of resolved tickets resolved by the first agent, without transfer. */
    readonly firstContactResolution: number | null;
    readonly csatAvg: number | null;
    readonly csatByScore: Readonly<Record<string, number>>;
    readonly negativeShare: number | null;
    readonly outOfScopeShare: number | null;
    readonly abandoned: number;
    readonly slaBreaches: number;
    readonly topIntents: ReadonlyArray<{ readonly intent: string; readonly count: number }>;
    /** Proactive order care: "where is my order" volume beside the notices (tickets prevented cannot be measured). */
    readonly orderCare: {
      readonly wismo: number;
      readonly noticesSent: number;
      readonly noticesFailed: number;
      readonly noticesDeferred: number;
      readonly optIns: number;
      readonly optOuts: number;
    };
    /** Feedback outside handoffs per intent: CSAT of bot-only conversations and "did this help?" answers. */
    readonly feedbackByIntent: ReadonlyArray<{
      readonly intent: string;
      readonly csatAvg: number | null;
      readonly csatCount: number;
      readonly helpful: number;
      readonly notHelpful: number;
    }>;
    readonly comments: number;
  };
  readonly live: { readonly queueDepth: number; readonly agents: Readonly<Record<string, number>> };
}

const sum = (values: readonly number[] | undefined) => (values ?? []).reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
const round = (n: number | null, digits = 1) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/** Computes the dashboard from a stats window and live readings. */
export function summarize(window: StatsWindow, live: DashboardSummary['live']): DashboardSummary {
  const s = window.series;
  const total = (name: string) => sum(s[name]);
  const labelled = (prefix: string) =>
    Object.fromEntries(
      Object.keys(s)
        .filter((k) => k.startsWith(`${prefix}:`))
        .map((k) => [k.slice(prefix.length + 1), total(k)])
        .filter(([, v]) => (v as number) > 0),
    );
  const perMinute = (numerator: string, denominator: string, scale = 1) =>
    window.minutes.map((_, i) => {
      const d = s[denominator]?.[i] ?? 0;
      return d > 0 ? Math.round(((s[numerator]?.[i] ?? 0) / d) * scale * 100) / 100 : null;
    });
  const conversations = total(STAT.conversations);
  const escalations = total(STAT.escalated);
  const intents = labelled('intent');
  return {
    minutes: window.minutes.length,
    at: window.minutes.map((m) => m * 60_000),
    series: {
      messagesIn: window.minutes.map((_, i) => s[STAT.messagesIn]?.[i] ?? 0),
      escalations: window.minutes.map((_, i) => s[STAT.escalated]?.[i] ?? 0),
      botReplyMs: perMinute(STAT.replySum, STAT.replyCount, 1000),
      emotion: perMinute(STAT.emotionSum, STAT.emotionCount),
      wismo: window.minutes.map((_, i) => s[`intent:${WISMO_INTENT}`]?.[i] ?? 0),
      notices: window.minutes.map((_, i) => s[STAT.noticesSent]?.[i] ?? 0),
    },
    totals: {
      messagesIn: total(STAT.messagesIn),
      messagesOut: total(STAT.messagesOut),
      conversations,
      escalations,
      containment: conversations > 0 ? Math.max(0, ratio(conversations - escalations, conversations) ?? 0) : null,
      botReplyMsAvg: round(total(STAT.replyCount) > 0 ? (total(STAT.replySum) / total(STAT.replyCount)) * 1000 : null),
      escalationsByReason: labelled(STAT.escalated),
      queueWaitSecondsAvg: round(total(STAT.claimed) > 0 ? total(STAT.waitSum) / total(STAT.claimed) : null),
      firstReplyOnTime: ratio(total(STAT.firstRepliesOnTime), total(STAT.firstReplies)),
      handoffMinutesAvg: round(total(STAT.resolved) > 0 ? total(STAT.handleSum) / total(STAT.resolved) / 60 : null),
      firstContactResolution: ratio(total(STAT.firstContact), total(STAT.resolved)),
      csatAvg: round(total(STAT.csatCount) > 0 ? total(STAT.csatSum) / total(STAT.csatCount) : null, 2),
      csatByScore: labelled('csat'),
      negativeShare: ratio(total(STAT.negative), total(STAT.emotionCount)),
      outOfScopeShare: ratio(total(STAT.outOfScope), total(STAT.emotionCount)),
      abandoned: total(STAT.abandoned),
      slaBreaches: total(STAT.breaches),
      topIntents: Object.entries(intents)
        .map(([intent, count]) => ({ intent, count: count as number }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 8),
      orderCare: {
        wismo: total(`intent:${WISMO_INTENT}`),
        noticesSent: total(STAT.noticesSent),
        noticesFailed: total(STAT.noticesFailed),
        noticesDeferred: total(STAT.noticesDeferred),
        optIns: total(STAT.optIns),
        optOuts: total(STAT.optOuts),
      },
      feedbackByIntent: feedbackByIntent(labelled),
      comments: total(STAT.comments),
    },
    live,
  };
}

/** Per intent, from the labelled feedback counters; intents with any feedback, most answers first. */
function feedbackByIntent(labelled: (prefix: string) => Record<string, unknown>): DashboardSummary['totals']['feedbackByIntent'] {
  const csatSum = labelled(STAT.feedbackCsatSum) as Record<string, number>;
  const csatCount = labelled(STAT.feedbackCsatCount) as Record<string, number>;
  const yes = labelled(STAT.helpfulYes) as Record<string, number>;
  const no = labelled(STAT.helpfulNo) as Record<string, number>;
  const intents = new Set([...Object.keys(csatCount), ...Object.keys(yes), ...Object.keys(no)]);
  return [...intents]
    .map((intent) => {
      const count = csatCount[intent] ?? 0;
      return {
        intent,
        csatAvg: count > 0 ? Math.round(((csatSum[intent] ?? 0) / count) * 100) / 100 : null,
        csatCount: count,
        helpful: yes[intent] ?? 0,
        notHelpful: no[intent] ?? 0,
      };
    })
    .sort((a, b) => b.csatCount + b.helpful + b.notHelpful - (a.csatCount + a.helpful + a.notHelpful));
}
