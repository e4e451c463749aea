/**
 * The base of Baton's own channel adapters: a `BotAdapter` whose proactive turns (an agent's reply,
 * a queue update, the CSAT question) run through the same middleware as customer turns, so the
 * transcript, state and metrics see them too. A channel whose sends only call its platform or a
 * shared log can do this from any instance, which is why no adapter needs more than this.
 */
import { BatonError } from '../infra/errors.js';
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from '../dialogs/turn-kit.js';

export abstract class ProactiveBotAdapter extends BotAdapter {
  /** Runs `logic` in a proactive turn of `reference`'s conversation, through the middleware. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  /**
   * Sends each activity with `sendOne` (the platform's id of what it sent, '' when nothing was shown),
   * after botbuilder's `delay` activities (a pause between two messages) have waited: written once for
   * every channel's `sendActivities`.
   */
  protected async sendEach(activities: Partial<Activity>[], sendOne: (activity: Partial<Activity>) => Promise<string>): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      responses.push({ id: await sendOne(activity) });
    }
    return responses;
  }

  /**
   * What the platform says when asked to edit or delete a message it has sent: most cannot, so the base
   * refuses both; a channel that can (Telegram) overrides `updateActivity` and `deleteActivity`.
   */
  protected refuseChange(change: 'edit' | 'delete'): BatonError {
    return new BatonError('unsupported', `This channel cannot ${change} a sent message; send a new one instead.`);
  }

  override async updateActivity(_context: TurnContext, _activity: Partial<Activity>): Promise<void> {
    throw this.refuseChange('edit');
  }

  override async deleteActivity(_context: TurnContext, _reference: Partial<ConversationReference>): Promise<void> {
    throw this.refuseChange('delete');
  }
}
