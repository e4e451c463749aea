/**
 * What the shop bot asks of the world around it for proactive order care and feedback, as ports the
 * composition root fills (bots/order-care, bots/feedback): the engine decides what to say and when to
 * ask; where subscriptions live and how counts reach the dashboard is not its business.
 */
import type { TurnContext } from '../turn-kit.js';
import type { OrderNoticeKind } from '../templates/en.js';

/** Order updates for the customer of a conversation (their channel and conversation reference). */
export interface OrderUpdates {
  /** True when this conversation's customer already gets updates of `orderNumber`. */
  isSubscribed(context: TurnContext, orderNumber: string): Promise<boolean>;
  /** Opts the customer in for `orderNumber`, keeping the conversation reference to reach them later. */
  subscribe(context: TurnContext, orderNumber: string): Promise<void>;
  /** Ends every update for this customer ("stop"); true when there was something to end. */
  unsubscribe(context: TurnContext): Promise<boolean>;
}

/** Where a CSAT score came from: after a person's ticket, a bot-only conversation, or an order follow-up. */
export type CsatSource = 'handoff' | 'bot' | 'order';

/** Feedback beyond the CSAT score itself. */
export type FeedbackEvent =
  /** `question`: the message the answer was for (at most 500 characters, not yet masked), when known. */
  | {
      readonly kind: 'helpful';
      readonly intent: string;
      readonly helpful: boolean;
      readonly question?: { readonly text: string; readonly score: number };
    }
  /** A comment after a CSAT score: at most `COMMENT_MAX` characters, not yet masked. */
  | { readonly kind: 'comment'; readonly intent: string; readonly source: CsatSource; readonly text: string };

/** The longest CSAT comment kept; longer ones are cut (the rest is never stored). */
export const COMMENT_MAX = 500;

/** One order notice, as the order-events API delivers it to the bot. */
export interface OrderNotice {
  readonly kind: OrderNoticeKind;
  readonly orderNumber: string;
  readonly carrier?: string;
  /** ISO date of the expected delivery. */
  readonly eta?: string;
  /** Why a delay happened, in the shop's words. */
  readonly reason?: string;
  readonly amount?: number;
  readonly currency?: string;
}
