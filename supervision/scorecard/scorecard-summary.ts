/**
 * The agents' scorecard over a window of the shared minute counters: one row per configured agent
 * (and `other` when ids outside the settings did anything), with the figures defined in
 * docs/agent-scorecard.md. Agent ids and names only, no customer data.
 */
import type { StatsWindow } from '../../infra/stats-store.js';
import { OTHER_AGENT } from './agent-labels.js';
import { QUEUED_BREACHES, SCORECARD_STAT } from './scorecard-recorder.js';

/** One agent's figures; averages and shares are null when nothing was counted for them. */
export interface AgentScorecardRow {
  readonly agentId: string;
  readonly name: string;
  readonly claimed: number;
  readonly firstReplies: number;
  /** Mean time from escalation to the agent's first reply, in seconds. */
  readonly firstReplySecondsAvg: number | null;
  /** Share of first replies within the SLA, 0..1. */
  readonly firstReplyOnTime: number | null;
  readonly resolved: number;
  /** Mean time from escalation to the agent's resolve, in seconds. */
  readonly handleSecondsAvg: number | null;
  /** Share of the agent's resolved tickets that had no transfer, 0..1. */
  readonly firstContactResolution: number | null;
  readonly csatAvg: number | null;
  readonly csatCount: number;
  /** First-reply deadlines missed while the agent held the ticket. */
  readonly slaBreaches: number;
  readonly transfersOut: number;
  readonly returnedToBot: number;
  /** The customer's emotion on the agent's resolved tickets that have both readings. */
  readonly emotion: {
    readonly tickets: number;
    readonly startAvg: number | null;
    readonly endAvg: number | null;
    /** endAvg - startAvg: above 0, customers left happier than they came. */
    readonly change: number | null;
  };
}

export interface AgentScorecard {
  readonly minutes: number;
  readonly agents: readonly AgentScorecardRow[];
  /** Breaches of tickets still in the queue (nobody held them): the team's, on no agent's card. */
  readonly queuedSlaBreaches: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const average = (sum: number, count: number, digits: number) => (count > 0 ? round(sum / count, digits) : null);

/** Computes the scorecard; `agents` lists the configured agents in display order. */
export function scorecardFrom(window: StatsWindow, agents: ReadonlyArray<{ readonly id: string; readonly name: string }>): AgentScorecard {
  const total = (name: string) => (window.series[name] ?? []).reduce((a, b) => a + b, 0);
  const row = (agentId: string, name: string): AgentScorecardRow => {
    const t = (counter: string) => total(`${counter}:${agentId}`);
    const S = SCORECARD_STAT;
    const emotionTickets = t(S.emotionTickets);
    const startAvg = average(t(S.emotionStartSum), emotionTickets, 2);
    const endAvg = average(t(S.emotionEndSum), emotionTickets, 2);
    return {
      agentId,
      name,
      claimed: t(S.claimed),
      firstReplies: t(S.firstReplies),
      firstReplySecondsAvg: average(t(S.firstReplySum), t(S.firstReplies), 1),
      firstReplyOnTime: average(t(S.firstRepliesOnTime), t(S.firstReplies), 3),
      resolved: t(S.resolved),
      handleSecondsAvg: average(t(S.handleSum), t(S.resolved), 1),
      firstContactResolution: average(t(S.firstContact), t(S.resolved), 3),
      csatAvg: average(t(S.csatSum), t(S.csatCount), 2),
      csatCount: t(S.csatCount),
      slaBreaches: t(S.breaches),
      transfersOut: t(S.transferred),
      returnedToBot: t(S.returned),
      emotion: {
        tickets: emotionTickets,
        startAvg,
        endAvg,
        change: emotionTickets > 0 ? round((t(S.emotionEndSum) - t(S.emotionStartSum)) / emotionTickets, 2) : null,
      },
    };
  };
  const rows = agents.filter((agent) => agent.id !== OTHER_AGENT).map((agent) => row(agent.id, agent.name));
  const other = row(OTHER_AGENT, 'Other (not configured)');
  const otherActive = Object.values(SCORECARD_STAT).some((counter) => total(`${counter}:${OTHER_AGENT}`) !== 0);
  return { minutes: window.minutes.length, agents: otherActive ? [...rows, other] : rows, queuedSlaBreaches: total(QUEUED_BREACHES) };
}
