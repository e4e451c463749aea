/**
 * The console's send path with the agents' coach (docs/agents-coach.md). The check sits here, in the
 * one route that sends, rather than in a review endpoint the page calls first: a client that skips a
 * separate review (an old page, a script) would send unchecked, and the text reviewed would not be
 * bound to the text sent. So a flagged draft is answered 422 `review_flagged` with the review and is
 * not sent; the agent sends it as written by repeating the request with `sendAnyway: true`.
 */
import type { Response } from 'express';
import type { ReplyCoach } from '../../handoff/coach-api.js';
import type { AgentDesk } from '../../handoff/desk-api.js';
import { sendResult } from './http-errors.js';

export interface CoachedReplyRequest {
  readonly ticketId: string;
  readonly agentId: string;
  readonly text: string;
  readonly sendAnyway: boolean;
  readonly usedPhrase: boolean;
  /** The request's idempotency key (`SendOptions.key`). */
  readonly key?: string;
}

/** Reviews, then sends or answers the review; counts what happened. */
export async function sendCoachedReply(res: Response, desk: AgentDesk, coach: ReplyCoach, request: CoachedReplyRequest): Promise<void> {
  const { ticketId, agentId, text } = request;
  // Undefined for a ticket the agent does not hold: the desk refuses the send below with its own code.
  const review = await coach.review(ticketId, agentId, text);
  // "Send anyway" repeats a draft the coach already reviewed and flagged (the 422): count that draft once.
  if (review && !(review.flagged && request.sendAnyway)) coach.count('console', 'reviewed');
  if (review?.flagged && !request.sendAnyway) {
    coach.count('console', 'flagged');
    res.status(422).json({ error: { code: 'review_flagged', message: review.warning ?? 'The coach flagged this reply.' }, review });
    return;
  }
  const result = await desk.reply(ticketId, agentId, text, request.key === undefined ? {} : { key: request.key });
  if (result.ok && review) {
    if (review.flagged) coach.count('console', 'sent_anyway');
    if (request.usedPhrase && text.includes(review.phrase)) coach.count('console', 'phrase_used');
  }
  sendResult(res, result);
}
