/**
 * The bot playing the customer: which of a session's customer lines are due at a given time. Pure: no
 * clock, no I/O; the service passes the time and stores what comes back.
 *
 * The customer's lines come in order, paced as they were: a line follows the one before it after the real
 * gap, capped at `maxGapMs` (a customer who went quiet for ten minutes must not stall practice). A line the
 * real customer wrote after an agent's answer waits for the trainee's reply and then comes the real gap
 * (capped) after it; a follow-up they wrote without an answer ("hello??") comes whether or not the
 * trainee replied.
 */
import type { PracticeSession } from './practice-types.js';

/** Default cap of a gap between two customer lines in practice: 20 seconds. */
export const DEFAULT_MAX_GAP_MS = 20_000;

/** When line `index` is due, or undefined while it waits (for the line before it, or for a reply). */
export function dueAt(session: Pick<PracticeSession, 'lines' | 'startedAt' | 'deliveredAt' | 'replies'>, index: number, maxGapMs: number): number | undefined {
  const line = session.lines[index];
  if (!line) return undefined;
  if (index === 0) return session.startedAt;
  const previous = session.deliveredAt[index - 1];
  if (previous === undefined) return undefined;
  const gap = Math.min(Math.max(line.gapMs, 0), maxGapMs);
  if (!line.afterReply) return previous + gap;
  const answer = session.replies.find((reply) => reply.afterLines >= index);
  return answer ? answer.at + gap : undefined;
}

/**
 * The session with every line due by `now` delivered (at its due time, so a late poll does not eat into
 * the trainee's reply time). Returns the same object when nothing became due.
 */
export function deliverDue<S extends PracticeSession>(session: S, now: number, maxGapMs: number = DEFAULT_MAX_GAP_MS): S {
  if (session.state !== 'running') return session;
  const delivered = [...session.deliveredAt];
  for (let index = delivered.length; index < session.lines.length; index++) {
    const at = dueAt({ ...session, deliveredAt: delivered }, index, maxGapMs);
    if (at === undefined || at > now) break;
    delivered.push(at);
  }
  return delivered.length === session.deliveredAt.length ? session : { ...session, deliveredAt: delivered };
}

/** Every line was delivered and the trainee answered the last one: the customer has nothing more to say. */
export function isComplete(session: Pick<PracticeSession, 'lines' | 'deliveredAt' | 'replies'>): boolean {
  const all = session.lines.length;
  return session.deliveredAt.length === all && session.replies.some((reply) => reply.afterLines === all);
}
