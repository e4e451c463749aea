/**
 * A question the bot asked outside any dialog ("did this help?", "shall I tell you when your order
 * moves?", "did everything arrive?", "anything to add?"): the customer may answer it or simply go on.
 * The next message answers it when it is a yes or a no (or, for a comment, any text); anything else
 * drops the question and is handled as usual, so a pending question never traps a customer.
 */
import type { StatePropertyAccessor, TurnContext } from '../turn-kit.js';
import type { CsatSource } from '../order-care/ports.js';

/** The open question, saved with the conversation state. */
export type PendingQuestion =
  /** `question`: the customer's message the answer was for (state is masked at rest), for the learning loop. */
  | { readonly kind: 'helpful'; readonly intent: string; readonly question?: { readonly text: string; readonly score: number } }
  | { readonly kind: 'order_updates'; readonly orderNumber: string }
  | { readonly kind: 'arrival'; readonly orderNumber: string }
  | { readonly kind: 'comment'; readonly intent: string; readonly source: CsatSource };

/** Reads and clears the open question: it is answered (or dropped) by this message either way. */
export async function takePendingQuestion(
  accessor: StatePropertyAccessor<PendingQuestion | undefined>,
  context: TurnContext,
): Promise<PendingQuestion | undefined> {
  const pending = await accessor.get(context);
  if (pending) await accessor.delete(context);
  return pending;
}
