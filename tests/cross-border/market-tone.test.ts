/**
 * Market tone: a bot that serves zh-TW and en-GB writes Taiwan's and Britain's wording to customers
 * whose channel says they are there, and the language's wording to everyone else; a variant that
 * leaves a key out falls back to the language.
 */
import { ConversationState, TestAdapter, type TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { pickPhrase } from '../../dialogs/empathy/acknowledge.js';
import { EMPATHY_PHRASES } from '../../dialogs/empathy/phrases.js';
import { marketFor, parseMarkets } from '../../dialogs/market.js';
import { createTurnPipeline } from '../../dialogs/pipeline.js';
import { createMemoryStorage } from '../../dialogs/state/memory-storage.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { en } from '../../dialogs/templates/en.js';
import { reply } from '../../dialogs/templates/reply.js';
import { zh } from '../../dialogs/templates/zh.js';
import { getLocale, getMarket } from '../../dialogs/turn-state.js';
import { SHOP_CANNED_REPLIES } from '../../bots/shop-assistant/handoff-content.js';
import { cannedFor } from '../../handoff/service/canned-replies.js';
import { createKeywordRecognizer } from '../support/keyword-recognizer.js';

describe('market tone', () => {
  it('templates: the market wording first, the language for keys it leaves out, the language for markets without variants', () => {
    expect(reply('zh-TW', 'greeting')).toContain('訂單');
    expect(reply('zh-TW', 'askOrderNumber')).toBe(zh.askOrderNumber);
    expect(reply('zh-CN', 'greeting')).toBe(zh.greeting);
    expect(reply('en-GB', 'greeting')).toContain('sort out');
    expect(reply('en-US', 'greeting')).toBe(en.greeting);
  });

  it('empathy: Traditional phrases for zh-TW, the language for scenarios a market leaves out', () => {
    expect(EMPATHY_PHRASES.zh.generic).not.toContain(pickPhrase('zh', 'generic', 'seed', 'zh-TW'));
    expect(pickPhrase('zh', 'generic', 'seed', 'zh-TW')).toMatch(/[您]/);
    expect(EMPATHY_PHRASES.en.refund_waiting).toContain(pickPhrase('en', 'refund_waiting', 'seed', 'en-GB'));
  });

  it('canned replies: the market replaces the language reply of the same name, keeps the others', () => {
    const tw = cannedFor(SHOP_CANNED_REPLIES, 'zh-TW');
    expect(tw.find((r) => r.name === 'greeting')?.locale).toBe('zh-TW');
    expect(tw.find((r) => r.name === 'refund-timeline')?.locale).toBe('zh');
    expect(cannedFor(SHOP_CANNED_REPLIES, 'zh').every((r) => r.locale === 'zh')).toBe(true);
  });

  it('the bot chooses its markets; a bad entry is refused with the form to use', () => {
    expect(parseMarkets('zh-tw, en-GB')).toEqual(['zh-TW', 'en-GB']);
    expect(parseMarkets(undefined)).toEqual([]);
    expect(() => parseMarkets('taiwan')).toThrow(/MARKETS=zh-TW,en-GB/);
    expect(marketFor('zh-Hant', 'zh', ['zh-TW'])).toBe('zh-TW');
    expect(marketFor('zh-TW', 'zh', [])).toBeUndefined();
    expect(marketFor('en-GB', 'zh', ['en-GB'])).toBeUndefined();
  });

  it("the pipeline sets the turn's market from the channel's locale when the bot serves it", async () => {
    const conversationState = new ConversationState(createMemoryStorage());
    const pipeline = createTurnPipeline({
      recognizer: createKeywordRecognizer({ track_order: ['where is my order', '订单在哪'] }),
      states: [conversationState],
      conversationLocale: conversationState.createProperty('locale'),
      transcript: createMemoryTranscriptStore(),
      markets: ['zh-TW'],
      logic: async (context: TurnContext) => {
        await context.sendActivity(reply(getMarket(context) ?? getLocale(context), 'greeting'));
      },
    });
    const adapter = new TestAdapter(pipeline.logic);
    adapter.use(...pipeline.middleware);
    await adapter
      .send({ type: 'message', text: '我的订单在哪', locale: 'zh-TW' })
      .assertReply((activity) => expect(activity.text).toContain('訂單'))
      .send({ type: 'message', text: '我的订单在哪', locale: 'zh-CN' })
      .assertReply(zh.greeting)
      .startTest();
  });
});
