/**
 * A turn whose dialogs finished but whose later step failed (the escalation policy's notice could not be
 * sent, a store hiccup after the dialogs) must still keep what the dialogs did: the shop bot used to save
 * its own state at the end of its logic; in the pipeline it now leaves the save to persist-state, which
 * saves only when the whole turn succeeds.
 */
import { ConversationState, TestAdapter } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { SHOP_ANSWERS } from '../../bots/shop-assistant/answers.js';
import { createDemoCatalogue } from '../../bots/shop-assistant/demo-catalogue.js';
import { createDemoOrders } from '../../bots/shop-assistant/demo-orders.js';
import { createTurnPipeline } from '../../dialogs/pipeline.js';
import { createShopBot } from '../../dialogs/shop-bot.js';
import { createMemoryStorage } from '../../dialogs/state/memory-storage.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createKeywordRecognizer } from '../support/keyword-recognizer.js';

describe('conversation state when a step after the dialogs fails', () => {
  it('keeps the dialog the bot started: the order number answers the question it asked', async () => {
    const conversationState = new ConversationState(createMemoryStorage());
    const bot = createShopBot({ conversationState, orders: createDemoOrders(), catalogue: createDemoCatalogue(), answers: SHOP_ANSWERS });
    let failAfterDialogs = true;
    const pipeline = createTurnPipeline({
      recognizer: createKeywordRecognizer({ track_order: ['where is my order'] }),
      states: [conversationState],
      conversationLocale: conversationState.createProperty('locale'),
      transcript: createMemoryTranscriptStore(),
      logic: bot,
      // As the handoff's policy can: the dialogs ran, then its own send fails (channel or store down).
      escalationPolicy: async (_context, next) => {
        await next();
        if (failAfterDialogs) throw new Error('notice not sent: channel unavailable');
      },
    });
    const adapter = new TestAdapter(pipeline.logic);
    adapter.use(...pipeline.middleware);

    await adapter.send('where is my order').startTest();
    const asked = adapter.activeQueue.splice(0).map((activity) => activity.text ?? '');
    expect(asked.join(' ')).toMatch(/order number/i);
    failAfterDialogs = false;

    await adapter.send('A1001').startTest();
    const answer = adapter.activeQueue
      .splice(0)
      .map((activity) => activity.text ?? '')
      .join(' ');
    expect(answer).toMatch(/A1001/);
  });
});
