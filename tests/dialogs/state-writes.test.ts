/**
 * The shop bot saves its own state (so it runs without the pipeline, as in the dialog tests), and the
 * pipeline's persist-state step saves once the whole turn is done. Inside the pipeline one write a turn is
 * enough: the bot's own save would only be repeated by the final one (a whole state serialized, masked and
 * sent to Redis for nothing). A turn whose dialogs finished but whose later step failed (the escalation
 * policy's notice could not be sent) must still keep what the dialogs did, as the bot's own save did.
 */
import { ConversationState, TestAdapter, type Storage, type StoreItems, type TurnContext } from 'botbuilder-core';
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

type AfterDialogs = (context: TurnContext, conversationState: ConversationState) => Promise<void>;

/**
 * The shop bot on a counting storage; in the pipeline unless `pipeline` is false, the pipeline saving the
 * bot's own state (or another one with `otherPipelineState`), with `afterDialogs` run where the escalation
 * policy runs, after the dialogs.
 */
function shopBot({
  pipeline = true,
  otherPipelineState = false,
  afterDialogs,
}: {
  pipeline?: boolean;
  otherPipelineState?: boolean;
  afterDialogs?: AfterDialogs;
} = {}) {
  const { storage, writes } = countingStorage();
  const conversationState = new ConversationState(storage);
  const bot = createShopBot({ conversationState, orders: createDemoOrders(), catalogue: createDemoCatalogue(), answers: SHOP_ANSWERS });
  if (!pipeline) return { adapter: new TestAdapter(bot), writes };
  const saved = otherPipelineState ? new ConversationState(createMemoryStorage()) : conversationState;
  const turns = createTurnPipeline({
    recognizer: createKeywordRecognizer({ track_order: ['where is my order'] }),
    states: [saved],
    conversationLocale: saved.createProperty('locale'),
    transcript: createMemoryTranscriptStore(),
    logic: bot,
    escalationPolicy: async (context, next) => {
      await next();
      await afterDialogs?.(context, conversationState);
    },
  });
  const adapter = new TestAdapter(turns.logic);
  adapter.use(...turns.middleware);
  return { adapter, writes };
}

const repliesOf = (adapter: TestAdapter) =>
  adapter.activeQueue
    .splice(0)
    .map((activity) => activity.text ?? '')
    .join(' ');

// As the handoff's policy does: it records the turn in the conversation's history after the dialogs ran.
const recordHistory: AfterDialogs = async (context, conversationState) => {
  const history = conversationState.createProperty<string[]>('history');
  await history.set(context, [...((await history.get(context)) ?? []), context.activity.text ?? '']);
};

describe('conversation state writes', () => {
  it('the shop bot in the pipeline writes its state once a turn, and what it wrote carries the next turn', async () => {
    const { adapter, writes } = shopBot({ afterDialogs: recordHistory });
    await adapter.send('where is my order').startTest();
    expect(writes).toHaveLength(1);
    // The tracking dialog asked for the order number: the saved stack holds it, so the answer continues it.
    expect(repliesOf(adapter)).toMatch(/order number/i);
    await adapter.send('A1001').startTest();
    expect(writes).toHaveLength(2);
    expect(JSON.stringify(writes[1])).toContain('"history":["where is my order","A1001"]');
    expect(repliesOf(adapter)).toMatch(/A1001/);
  });

  it('keeps the dialog the bot started when a step after the dialogs fails: the order number answers the question it asked', async () => {
    let failAfterDialogs = true;
    const { adapter } = shopBot({
      // As the handoff's policy can: the dialogs ran, then its own send fails (channel or store down).
      afterDialogs: async () => {
        if (failAfterDialogs) throw new Error('notice not sent: channel unavailable');
      },
    });
    await adapter.send('where is my order').startTest();
    expect(repliesOf(adapter)).toMatch(/order number/i);
    failAfterDialogs = false;
    await adapter.send('A1001').startTest();
    expect(repliesOf(adapter)).toMatch(/A1001/);
  });

  it('in a pipeline that saves other states, the bot still saves its own', async () => {
    const { adapter, writes } = shopBot({ otherPipelineState: true });
    await adapter.send('where is my order').startTest();
    expect(writes).toHaveLength(1);
  });

  it('without the pipeline the bot still saves its own state', async () => {
    const { adapter, writes } = shopBot({ pipeline: false });
    await adapter.send('hello').startTest();
    expect(writes.length).toBeGreaterThanOrEqual(1);
  });
});
