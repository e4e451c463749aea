/**
 * The learning loop's shared vocabulary: what the bot could not serve (a miss), and what a supervisor accepted
 * from a group of misses into the NLU's training (an accepted item). Misses are collected and grouped by
 * `supervision/learning/` and reviewed on the admin page; accepted items feed retraining, the evaluation gate
 * and promotion (`supervision/learning/` models side), which read them through `AcceptedItemsSource`.
 *
 * Every text here is masked before it is stored (handoff/privacy `maskForRecord`): cards, phones, e-mails, national
 * ids, IBANs, addresses and runs of 16+ digits never reach training data. Order numbers are not masked (the masker
 * keeps them, as the desks need them): an accepted example that holds one carries it into the model files.
 */

/** Why a message counts as not served. */
export type MissReason =
  /** The NLU put it out of scope (intent 'None') and the bot said "I didn't quite get that". */
  | 'out_of_scope'
  /** The NLU picked an intent with a score under the confident threshold. */
  | 'low_confidence'
  /** The customer answered "No" to "did this help?" after a FAQ answer. */
  | 'not_helpful'
  /** The conversation was escalated with reason `not_understood`. */
  | 'not_understood';

/** One intent the NLU considered for a missed message, best first. */
export interface ClosestIntent {
  readonly intent: string;
  readonly score: number;
}

/** A customer message the bot could not serve, masked. */
export interface MissedMessage {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly conversationId: string;
  readonly channel: string;
  /** The language the NLU read (a BCP 47 tag such as 'en', 'zh'). */
  readonly locale: string;
  /** The customer's text, masked, at most 500 characters. */
  readonly text: string;
  readonly reason: MissReason;
  /** The intents the NLU came closest to (at most 3). */
  readonly closest: readonly ClosestIntent[];
}

/** A group's phrasings added to an intent the model already knows. */
export interface AcceptedPhrasings {
  readonly kind: 'phrasings';
  readonly id: string;
  /** The group the phrasings came from. */
  readonly groupId: string;
  readonly intent: string;
  /** Masked customer texts with their locale. */
  readonly examples: readonly { readonly text: string; readonly locale: string }[];
  readonly acceptedAt: number;
  /** Who accepted it (the admin's name as the page sent it; free text, bounded). */
  readonly acceptedBy: string;
}

/** A new FAQ intent made from a group: its phrasings and its answer per locale. */
export interface AcceptedNewIntent {
  readonly kind: 'new_intent';
  readonly id: string;
  readonly groupId: string;
  /** A new intent name: lower snake case, not one the model already knows. */
  readonly intent: string;
  readonly examples: readonly { readonly text: string; readonly locale: string }[];
  /** The bot's answer per locale ('en', 'zh', ...); at least the locales of the examples. */
  readonly answers: Readonly<Record<string, string>>;
  readonly acceptedAt: number;
  readonly acceptedBy: string;
}

export type AcceptedItem = AcceptedPhrasings | AcceptedNewIntent;

/** Where retraining reads what supervisors accepted (every accepted item not yet withdrawn, oldest first). */
export interface AcceptedItemsSource {
  listAccepted(): Promise<readonly AcceptedItem[]>;
}
