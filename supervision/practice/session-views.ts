/**
 * How a practice session looks on the wire. The trainee sees only the customer lines delivered so far,
 * and the marks only once the session has ended (scores shown mid-conversation would coach the next
 * reply, not measure it); supervisors see everything.
 */
import type { PracticeSession } from './practice-types.js';

/** The trainee's view. */
export function traineeView(session: PracticeSession) {
  const base = {
    id: session.id,
    state: session.state,
    scriptId: session.scriptId,
    locale: session.locale,
    scenario: session.scenario,
    startedAt: session.startedAt,
    context: session.context,
    lines: session.deliveredAt.map((at, index) => ({ text: session.lines[index]?.text ?? '', at })),
    linesLeft: session.lines.length - session.deliveredAt.length,
  };
  if (session.state === 'running') return { ...base, replies: session.replies.map(({ text, at }) => ({ text, at })) };
  return { ...base, replies: session.replies, finishedAt: session.finishedAt, endReason: session.endReason, summary: session.summary };
}

/** The supervisors' view: every line (delivered or not), every reply with its marks, the summary. */
export function reviewView(session: PracticeSession, agentName: (agentId: string) => string | undefined) {
  return {
    id: session.id,
    agentId: session.agentId,
    agentName: agentName(session.agentId) ?? session.agentId,
    state: session.state,
    scriptId: session.scriptId,
    locale: session.locale,
    scenario: session.scenario,
    startedAt: session.startedAt,
    context: session.context,
    lines: session.lines.map((line, index) => ({ text: line.text, upset: line.upset, at: session.deliveredAt[index] ?? null })),
    replies: session.replies,
    ...(session.state === 'finished' ? { finishedAt: session.finishedAt, endReason: session.endReason, summary: session.summary } : {}),
  };
}
