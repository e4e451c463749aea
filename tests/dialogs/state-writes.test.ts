/**
 * The shop bot saves its own state (so it runs without the pipeline, as in the dialog tests), and the
 * pipeline's persist-state step saves once the whole turn is done. Inside the pipeline one write a turn is
 * enough: the bot's own save would only be repeated by the final one (a whole state serialized, masked and
 * sent to Redis for nothing).
 */
import { ConversationState, TestAdapter, type Storage, type StoreItems } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { SHOP_ANSWERS } from '../../bots/shop-assistant/answers.js';
import { createDemoCatalogue } from '../../bots/shop-assistant/demo-catalogue.js';
import { createDemoOrders } from '../../bots/shop-assistant/demo-orders.js';
import { createTurnPipeline } from '../../dialogs/pipeline.js';
import { createShopBot } from '../../dialogs/shop-bot.js';
import { createMemoryStorage } from '../../dialogs/state/memory-storage.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createKeywordRecognizer } from '../support/keyword-recognizer.js';

function countingStorage(): { storage: Storage; writes: StoreItems[] } {
  const inner = createMemoryStorage();
  const writes: StoreItems[] = [];
  return {
    writes,
    storage: {
      read: (keys) => inner.read(keys),
      write: (changes) => (writes.push(changes), inner.write(changes)),
      delete: (keys) => inner.delete(keys),
    },
  };
}

describe('conversation state writes', () => {
  it('the shop bot in the pipeline writes its state once a turn, and what it wrote carries the next turn', async () => {
    const { storage, writes } = countingStorage();
    const conversationState = new ConversationState(storage);
    const bot = createShopBot({ conversationState, orders: createDemoOrders(), catalogue: createDemoCatalogue(), answers: SHOP_ANSWERS });
    const pipeline = createTurnPipeline({
      recognizer: createKeywordRecognizer({ track_order: ['where is my order'] }),
      states: [conversationState],
      conversationLocale: conversationState.createProperty('locale'),
      transcript: createMemoryTranscriptStore(),
      logic: bot,
      // As the handoff's policy does: it records the turn in the conversation's history after the dialogs ran.
      escalationPolicy: async (context, next) => {
        await next();
        const history = conversationState.createProperty<string[]>('history');
        await history.set(context, [...((await history.get(context)) ?? []), context.activity.text ?? '']);
      },
    });
    const adapter = new TestAdapter(pipeline.logic);
    adapter.use(...pipeline.middleware);

    await adapter.send('where is my order').startTest();
    expect(writes).toHaveLength(1);
    // The tracking dialog asked for the order number: the saved stack holds it, so the answer continues it.
    const replies = adapter.activeQueue.splice(0).map((activity) => activity.text ?? '');
    expect(replies.join(' ')).toMatch(/order number/i);
    await adapter.send('A1001').startTest();
    expect(writes).toHaveLength(2);
    expect(JSON.stringify(writes[1])).toContain('"history":["where is my order","A1001"]');
    expect(
      adapter.activeQueue
        .splice(0)
        .map((activity) => activity.text ?? '')
        .join(' '),
    ).toMatch(/A1001/);
  });

  it('in a pipeline that saves other states, the bot still saves its own', async () => {
    const { storage, writes } = countingStorage();
    const conversationState = new ConversationState(storage);
    const bot = createShopBot({ conversationState, orders: createDemoOrders(), catalogue: createDemoCatalogue(), answers: SHOP_ANSWERS });
    const pipelineState = new ConversationState(createMemoryStorage());
    const pipeline = createTurnPipeline({
      recognizer: createKeywordRecognizer({ track_order: ['where is my order'] }),
      states: [pipelineState],
      conversationLocale: pipelineState.createProperty('locale'),
      transcript: createMemoryTranscriptStore(),
      logic: bot,
    });
    const adapter = new TestAdapter(pipeline.logic);
    adapter.use(...pipeline.middleware);
    await adapter.send('where is my order').startTest();
    expect(writes).toHaveLength(1);
  });

  it('without the pipeline the bot still saves its own state', async () => {
    const { storage, writes } = countingStorage();
    const conversationState = new ConversationState(storage);
    const bot = createShopBot({ conversationState, orders: createDemoOrders(), catalogue: createDemoCatalogue(), answers: SHOP_ANSWERS });
    const adapter = new TestAdapter(bot);
    await adapter.send('hello').startTest();
    expect(writes.length).toBeGreaterThanOrEqual(1);
  });
});
