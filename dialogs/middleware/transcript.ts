/**
 * The transcript step: the customer's activity is written before the rest of the turn runs, and each
 * reply as it is sent. botbuilder's TranscriptLoggerMiddleware keeps everything until the turn ends
 * (and then does not wait for the writes), so while the turn ran (exactly when the handoff opens a
 * ticket and a desk draws it) the transcript lacked the message that escalated, and agents decided
 * on a card without the customer's words. A failed turn now also keeps what the customer wrote.
 */
import { ActivityEventNames, ActivityTypes, RoleTypes, type Activity, type TranscriptLogger } from '../turn-kit.js';
import { inboundForTranscript } from '../server-markers.js';
import type { TurnMiddleware } from './compose.js';

export interface TranscriptLoggingOptions {
  readonly logger: TranscriptLogger;
  /** A write that failed: the turn goes on without it (a transcript line is not worth a lost reply). */
  readonly onError?: (error: unknown) => void;
}

/** Logs the turn's incoming activity at once, and outgoing activities once the channel took them. */
export function transcriptLogging({ logger, onError }: TranscriptLoggingOptions): TurnMiddleware {
  const log = async (activity: Partial<Activity>) => {
    // Proactive turns start with this event; it is plumbing, not conversation.
    if (activity.type === ActivityTypes.Event && activity.name === ActivityEventNames.ContinueConversation) return;
    try {
      await logger.logActivity({ ...activity, timestamp: activity.timestamp ?? new Date() } as Activity);
    } catch (error) {
      onError?.(error);
    }
  };
  return async function transcript(context, next) {
    const { activity } = context;
    // As botbuilder does: a sender without a role is the user, which is how transcripts tell customers.
    if (activity.from && !activity.from.role) activity.from.role = RoleTypes.User;
    // What the customer's side sent is the customer's, whatever marks it carries (server-markers.ts).
    const inbound = inboundForTranscript(activity);
    if (inbound) await log(inbound);
    // A reply's line is written as soon as the channel took it, lines one after another (a line that fails is
    // buffered before the next is tried, so a Redis outage cannot reorder them), and the turn ends once every
    // line is in; a send after that (the error boundary's apology) waits for its line as before. The send does
    // not wait for its line, so what the turn does next (the handoff's desk pushes after telling the customer)
    // goes out without waiting for the line's reply; on a single Redis node it is queued behind the line.
    let lines: Promise<void> = Promise.resolve();
    let ended = false;
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      for (const [index, sent] of activities.entries()) {
        const line = { ...sent, id: responses?.[index]?.id ?? sent.id };
        lines = lines.then(() => log(line));
      }
      if (ended) await lines;
      return responses;
    });
    try {
      await next();
    } finally {
      ended = true;
      await lines;
    }
  };
}
