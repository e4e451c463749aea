/**
 * botbuilder's CloudAdapter, the Bot Framework protocol's own adapter (Teams, Azure Direct Line and Web
 * Chat, Slack and the other Azure Bot Service channels, and the Emulator), made to fit Baton's channel
 * contract: the handoff sends proactive messages with `continueConversation(reference, logic)`, which
 * CloudAdapter refuses as deprecated; here it is `continueConversationAsync` under the bot's app id, so
 * the reply is authenticated as the bot (anonymous without one) and works from any instance.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CloudAdapter } from 'botbuilder';
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder-core';
import type { MediaKit } from '../media-intake.js';
import { renderMediaOut } from './media.js';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { BatonError } from '../../infra/errors.js';
import { isLoopbackServiceUrl } from './authentication.js';

/** Set for the length of a turn `continueConversation` started. */
const proactiveTurn = new AsyncLocalStorage<true>();

/** A CloudAdapter whose `continueConversation` works. */
export class BotFrameworkAdapter extends CloudAdapter {
  readonly #appId: string;
  /** Set by the channel when files are on: media attachments get a URL the channel can fetch. */
  media: MediaKit | undefined;

  /**
   * @param authentication from `createBotFrameworkAuthentication`.
   * @param appId the Microsoft App ID, '' in anonymous mode.
   */
  constructor(authentication: BotFrameworkAuthentication, appId: string) {
    super(authentication);
    this.#appId = appId;
  }

  /** Renders stored files for the channel (media.ts), then sends as CloudAdapter does. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return super.sendActivities(context, this.media ? await renderMediaOut(activities, this.media) : activities);
  }

  /**
   * Runs `logic` in a proactive turn of `reference`'s conversation; its messages go to the reference's
   * `serviceUrl` (the channel's connector). Throws what the connector answered, e.g. 403 when a Teams
   * user removed the bot. Anonymous (no app id), a reference whose serviceUrl is not on this machine is
   * refused with code `anonymous_loopback_only` before anything is sent.
   */
  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    if (!this.#appId && !isLoopbackServiceUrl(reference.serviceUrl)) {
      throw new BatonError(
        'anonymous_loopback_only',
        'Bot Framework: without MICROSOFT_APP_ID replies go only to a serviceUrl on this machine (the Emulator). Set MICROSOFT_APP_ID to reach Azure Bot Service.',
      );
    }
    await proactiveTurn.run(true, () => this.continueConversationAsync(this.#appId, reference, logic));
  }

  /**
   * True inside a turn `continueConversation` started, e.g. in `onTurnError`: its caller (an agent's
   * reply) must learn that it failed, where an inbound turn's error ends with the turn.
   */
  get inProactiveTurn(): boolean {
    return proactiveTurn.getStore() === true;
  }
}
