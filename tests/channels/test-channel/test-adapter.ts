/**
 * The test platform's adapter: turns a webhook message into an Activity and runs the turn, and records
 * the bot's replies in an outbox (the "platform API" of this channel). Everything a channel shares with
 * the others comes from the kit: the claim of the delivery id, the per-chat queue with drain, the apology.
 */
import { type Activity, ActivityTypes, type ResourceResponse, TurnContext } from 'botbuilder-core';
import { APOLOGY, type BotLogic, ChatQueue, claimDelivery, type DedupeStore, ProactiveBotAdapter, RequestError, runWithApology } from 'baton';

/** The channel id on Activities. */
export const TEST_CHANNEL_ID = 'test-platform';

/** What the test platform posts: one customer message. */
export interface TestPlatformMessage {
  /** The platform's message id; a redelivery repeats it. */
  id: string;
  chat: string;
  text: string;
}

/** A reply the bot sent to a chat. */
export interface TestPlatformReply {
  chat: string;
  text: string;
}

export class TestPlatformAdapter extends ProactiveBotAdapter {
  readonly outbox: TestPlatformReply[] = [];
  readonly #queue = new ChatQueue();
  readonly #dedupe: DedupeStore;

  constructor(dedupe: DedupeStore) {
    super();
    this.#dedupe = dedupe;
  }

  /** Claims the message id and queues its turn; resolves before the turn runs. */
  async accept(body: unknown, logic: BotLogic): Promise<'accepted' | 'duplicate'> {
    const message = body as Partial<TestPlatformMessage> | null;
    if (typeof message?.id !== 'string' || typeof message.chat !== 'string' || typeof message.text !== 'string') {
      throw new RequestError(400, 'bad_request', 'A message is {"id": string, "chat": string, "text": string}.');
    }
    if (!(await claimDelivery(this.#dedupe, TEST_CHANNEL_ID, message.id))) return 'duplicate';
    const { id, chat, text } = message;
    const activity: Partial<Activity> = {
      type: ActivityTypes.Message,
      id,
      text,
      channelId: TEST_CHANNEL_ID,
      serviceUrl: 'http://test-platform.invalid',
      conversation: { id: chat, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: chat, name: 'customer', role: 'user' },
      recipient: { id: 'bot', name: 'bot', role: 'bot' },
      timestamp: new Date(),
    };
    void this.#queue.run(chat, () =>
      runWithApology({
        channel: TEST_CHANNEL_ID,
        turn: () => this.runMiddleware(new TurnContext(this, activity), logic),
        apologise: async () => this.outbox.push({ chat, text: APOLOGY.en }),
      }),
    );
    return 'accepted';
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return activities.map((activity) => {
      if ((activity.type ?? ActivityTypes.Message) === ActivityTypes.Message && activity.text && activity.conversation?.id) {
        this.outbox.push({ chat: activity.conversation.id, text: activity.text });
      }
      return { id: String(this.outbox.length) };
    });
  }

  override async updateActivity(): Promise<void> {}

  override async deleteActivity(): Promise<void> {}

  async drain(): Promise<void> {
    await this.#queue.drain();
  }
}
