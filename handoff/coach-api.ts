/**
 * What the desks ask of the agents' coach (docs/agents-coach.md): a review of a reply before it goes
 * out, and a suggested reply to start from. The coach is implemented above the handoff
 * (supervision/coach/desk-coach.ts) and handed to the desks by the composition root, so desks stay
 * free of the emotion model and of the shop's answers.
 */

/** The desks that ask; a metric label, so bounded. */
export type CoachDesk = 'console' | 'slack';

/**
 * What happened to a reply, counted for supervisors: `reviewed` every reviewed draft, once (not again
 * on its "send anyway" or a redelivery), `flagged` a warning shown, `sent_anyway` a flagged reply sent as written, `phrase_used` a reply sent with the
 * suggested empathy phrase, `discarded` a held draft thrown away, `suggestion_used` a suggested reply sent.
 */
export type CoachOutcome = 'reviewed' | 'flagged' | 'sent_anyway' | 'phrase_used' | 'discarded' | 'suggestion_used';

/** The coach's reading of one draft, as a desk shows it. Plain JSON (the console receives it as is). */
export interface DraftReview {
  /** True when the agent should see a warning before the reply goes out. */
  readonly flagged: boolean;
  readonly verdict: 'ok' | 'curt' | 'negative';
  readonly reasons: readonly string[];
  /** The warning, in English (the desks' language), when flagged. */
  readonly warning?: string;
  /** The empathy phrase for this conversation, in the customer's language: what "Use phrase" prepends. */
  readonly phrase: string;
  /** The customer's language tag the phrase is written in ('en', 'zh', 'zh-TW'). */
  readonly locale: string;
  /** The conversation's scenario ('late_delivery', 'generic', ...). */
  readonly scenario: string;
}

/** A reply the agent can send with one click, in the customer's language. */
export interface SuggestedReply {
  readonly text: string;
  readonly locale: string;
  /** What it was built from. */
  readonly from: { readonly empathy: boolean; readonly faq: boolean; readonly orderFacts: boolean };
}

/** A suggested reply, or why there is none: the ticket is unknown, or the agent asked too often (it runs the NLU). */
export type SuggestionResult =
  | { readonly ok: true; readonly reply: SuggestedReply }
  | { readonly ok: false; readonly code: 'not_found' }
  | { readonly ok: false; readonly code: 'rate_limited'; readonly retryAfterSeconds: number };

/** The coach as desks see it. */
export interface ReplyCoach {
  /**
   * Reviews `text` as a reply of `agentId` on `ticketId`. Undefined when the ticket is unknown or the agent
   * does not hold it: the send itself is then refused by the desk, so there is nothing to coach.
   */
  review(ticketId: string, agentId: string, text: string): Promise<DraftReview | undefined>;
  /**
   * The suggested reply for the ticket's latest customer message, asked by `agentId` (whose requests are
   * rate-limited). Runs the NLU: call it when an agent asks, never on a ticket read.
   */
  suggestReply(ticketId: string, agentId: string): Promise<SuggestionResult>;
  /** Counts an outcome (Prometheus). Never throws. */
  count(desk: CoachDesk, outcome: CoachOutcome): void;
}
