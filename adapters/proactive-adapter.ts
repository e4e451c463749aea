/**
 * The base of Baton's own channel adapters: a `BotAdapter` whose proactive turns (an agent's reply,
 * a queue update, the CSAT question) run through the same middleware as customer turns, so the
 * transcript, state and metrics see them too. A channel whose sends only call its platform or a
 * shared log can do this from any instance, which is why no adapter needs more than this.
 */
import { ActivityTypes, BotAdapter, TurnContext, type ConversationReference } from '../dialogs/turn-kit.js';

export abstract class ProactiveBotAdapter extends BotAdapter {
  /** Runs `logic` in a proactive turn of `reference`'s conversation, through the middleware. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}
