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
    // A reply's line is written as soon as the channel took it, and the turn ends once every line is in; the
    // send does not wait for it, so what the turn does next (the handoff's desk pushes after telling the
    // customer) goes out without waiting for the line's reply, queued behind it on the one connection.
    const lines: Promise<void>[] = [];
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      for (const [index, sent] of activities.entries()) lines.push(log({ ...sent, id: responses?.[index]?.id ?? sent.id }));
      return responses;
    });
    try {
      await next();
    } finally {
      await Promise.all(lines);
    }
  };
}
