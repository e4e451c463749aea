import { ActivityTypes, ConversationState, TestAdapter, TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { createTurnPipeline } from '../../dialogs/pipeline.js';
import { createMemoryStorage } from '../../dialogs/state/memory-storage.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { getLocale, getRecognition } from '../../dialogs/turn-state.js';
import { createMemoryDedupeStore } from '../../infra/dedupe-store.js';
import { createKeywordRecognizer } from '../../tests/support/keyword-recognizer.js';
import { turnDedupe } from './turn-dedupe.js';

const recognizer = createKeywordRecognizer({ track_order: ['where is my order', '订单在哪'] });

/** The engine's pipeline behind the kit's dedupe, as the Bot Framework channel installs them. */
function setup(logic: (context: TurnContext) => Promise<void>) {
  const conversationState = new ConversationState(createMemoryStorage());
  const pipeline = createTurnPipeline({
    recognizer,
    states: [conversationState],
    conversationLocale: conversationState.createProperty('locale'),
    transcript: createMemoryTranscriptStore(),
    logic,
  });
  const adapter = new TestAdapter(pipeline.logic);
  adapter.use(turnDedupe({ store: createMemoryDedupeStore() }), ...pipeline.middleware);
  return { adapter };
}

const describeTurn = async (context: TurnContext) => {
  const recognition = getRecognition(context);
  await context.sendActivity(`${getLocale(context)}:${recognition?.intent ?? '-'}`);
};

describe('turn dedupe (kit)', () => {
  it('answers a redelivered activity once', async () => {
    const { adapter } = setup(describeTurn);
    const activity = { type: ActivityTypes.Message, text: 'where is my order', id: 'platform-1' };
    await adapter.send(activity).assertReply('en:track_order').startTest();
    await adapter.receiveActivity({ ...activity });
    expect(adapter.activeQueue).toHaveLength(0);
  });

  it('processes a redelivery again when the first delivery failed', async () => {
    let failures = 1;
    const { adapter } = setup(async (context) => {
      if (failures-- > 0) throw new Error('order service down');
      await describeTurn(context);
    });
    const activity = { type: ActivityTypes.Message, text: 'where is my order', id: 'platform-2' };
    await adapter.send(activity).assertReply('Sorry, something went wrong on our side. Please try again in a moment.').startTest();
    await adapter
      .send({ ...activity })
      .assertReply('en:track_order')
      .startTest();
  });

  it('never drops a proactive turn: continuing a conversation twice from the same reference runs twice', async () => {
    const { adapter } = setup(describeTurn);
    const activity = { type: ActivityTypes.Message, text: 'where is my order', id: 'platform-3' };
    await adapter.send(activity).assertReply('en:track_order').startTest();
    // What botbuilder's continueConversation runs: an event carrying the reference, its activity id included.
    const reference = TurnContext.getConversationReference({
      ...activity,
      channelId: 'test',
      conversation: adapter.conversation.conversation,
      serviceUrl: 'x',
    });
    const continuation = () => TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    expect(continuation().id).toBe('platform-3');
    await adapter.processActivity(continuation(), async (context) => void (await context.sendActivity('agent: hello')));
    await adapter.processActivity(continuation(), async (context) => void (await context.sendActivity('agent: still there?')));
    expect(adapter.activeQueue.map((reply) => reply.text)).toEqual(['agent: hello', 'agent: still there?']);
  });
});
