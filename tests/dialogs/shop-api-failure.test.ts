/**
 * When the shop's API throws, the turn fails with one BatonError('dialog_failed') for the pipeline's error
 * boundary, and the dialog is dropped so the next message starts clean.
 */
import { ConversationState, TestAdapter } from 'botbuilder';
import { expect, it } from 'vitest';
import { SHOP_ANSWERS } from '../../bots/shop-assistant/answers.js';
import { createDemoCatalogue } from '../../bots/shop-assistant/demo-catalogue.js';
import { createDemoOrders } from '../../bots/shop-assistant/demo-orders.js';
import type { OrderRequester } from '../../dialogs/shop-api.js';
import { createShopBot } from '../../dialogs/shop-bot.js';
import { createMemoryStorage } from '../../dialogs/state/memory-storage.js';
import { setLocale, setRecognition } from '../../dialogs/turn-state.js';
import { BatonError } from '../../infra/errors.js';

it('ends the dialog and throws a BatonError when the order API fails', async () => {
  const working = createDemoOrders();
  let down = true;
  const orders = {
    ...working,
    find: async (n: string, requester: OrderRequester) => (down ? Promise.reject(new Error('ECONNREFUSED')) : working.find(n, requester)),
  };
  const bot = createShopBot({
    conversationState: new ConversationState(createMemoryStorage()),
    orders,
    catalogue: createDemoCatalogue(),
    answers: SHOP_ANSWERS,
  });
  const adapter = new TestAdapter(bot);
  adapter.use(async (context, next) => {
    const text = context.activity.text ?? '';
    const intent = text.includes('track') ? 'track_order' : 'None';
    setRecognition(context, {
      text,
      locale: 'en',
      intent,
      score: 0.95,
      outOfScope: intent === 'None',
      alternatives: [],
      emotion: { score: 0, negative: false },
    });
    setLocale(context, 'en');
    await next();
  });

  await adapter.send('track my order');
  adapter.activeQueue.splice(0);
  const failure = await adapter.send('A1001').then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(BatonError);
  expect((failure as BatonError).code).toBe('dialog_failed');

  down = false;
  adapter.activeQueue.splice(0);
  await adapter.send('A1001');
  // The dialog was dropped: a bare order number is no longer an answer to anything.
  expect(adapter.activeQueue.map((a) => a.text)).toEqual([expect.stringContaining("didn't quite get that")]);
});
