/**
 * How the handoff reaches a customer from any instance: the conversation's stored reference (in the
 * facts) and the channel registered for its channel id, whose `continueConversation` runs a proactive
 * turn. Agent replies, queue updates, the CSAT question all go through here.
 */
import type { ConversationReference, TurnContext } from '../../dialogs/turn-kit.js';
import type { Logger } from 'pino';
import { BatonError } from '../../infra/errors.js';
import type { ConversationFacts, FactsStore, StoredReference } from './facts-store.js';

/** A channel's proactive side: what the service needs to reach a customer from any instance. */
export interface ProactiveChannel {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** The channels by id, and the proactive turn on the right one. */
export class CustomerReach {
  readonly #facts: FactsStore;
  readonly #logger: Logger | undefined;
  readonly #channels = new Map<string, ProactiveChannel>();
  readonly #fallbacks: { channel: ProactiveChannel; accepts: (reference: StoredReference) => boolean }[] = [];

  constructor({ facts, logger }: { facts: FactsStore; logger?: Logger }) {
    this.#facts = facts;
    this.#logger = logger;
  }

  register(channelId: string, channel: ProactiveChannel): void {
    this.#channels.set(channelId, channel);
  }

  registerFallback(channel: ProactiveChannel, accepts: (reference: StoredReference) => boolean): void {
    this.#fallbacks.push({ channel, accepts });
  }

  /**
   * Runs `logic` in a proactive turn of the conversation, on its own channel. False when it failed (logged).
   * `known`: the conversation's facts when the caller has just read them (undefined: read here).
   */
  async run(conversationId: string, logic: (context: TurnContext) => Promise<void>, known?: ConversationFacts): Promise<boolean> {
    const facts = known ?? (await this.#facts.read(conversationId));
    const channel = facts && (this.#channels.get(facts.reference.channelId) ?? this.#fallbacks.find(({ accepts }) => accepts(facts.reference))?.channel);
    if (!facts || !channel) {
      this.#logger?.error(
        { conversationId, channelId: facts?.reference.channelId },
        'handoff: no way to reach the customer (unknown conversation or channel not registered)',
      );
      return false;
    }
    try {
      await channel.continueConversation(facts.reference as Partial<ConversationReference>, logic);
      return true;
    } catch (error) {
      this.#logger?.error({ err: BatonError.wrap(error, 'delivery_failed'), conversationId }, 'handoff: message to the customer failed');
      return false;
    }
  }
}
