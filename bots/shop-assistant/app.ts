/**
 * The demo shop bot: its definition for `createBaton` (the shop's dialogs, demo orders and catalogue,
 * answers, agents' canned replies, suggested answers and order facts). Tests start it in-process with
 * `createShopAssistant(loadConfig({...}))`.
 *
 * Built the same way as any bot: what Baton offers every bot comes from the package entry (`'baton'`).
 * The relative imports are what only the demo shop uses and the entry deliberately does not export
 * (docs/public-api.md "The demo shop"): its dialogs (`createShopBot`), the path of the shipped demo
 * model, and its own files (content, demo orders and catalogue, agents' content).
 */
import { fileURLToPath } from 'node:url';
import { createBaton, escalationPhrasesOf, type Baton, type BatonOptions, type BotDefinition, type Config } from 'baton';
// The shop's own: its dialogs and its demo model (not in the entry).
import { createShopBot } from '../../dialogs/shop-bot.js';
import { defaultShopModelDir } from '../../nlu-models/nlp-recognizer.js';
import { SHOP_ANSWERS } from './answers.js';
import { SHOP_CONTENT, SHOP_INTENTS } from './content.js';
import { createDemoCatalogue } from './demo-catalogue.js';
import { createDemoOrders } from './demo-orders.js';
import { SHOP_CANNED_REPLIES, shopOrderFacts, shopSuggestedAnswer } from './handoff-content.js';

/** The running demo shop: everything `createBaton` returns. */
export type ShopAssistant = Baton;

/** What `createShopAssistant` takes besides settings. */
export type ShopAssistantOptions = Omit<BatonOptions, 'config' | 'bot'>;

/** The demo shop as a bot definition: 27 support intents in English and Chinese, demo orders and catalogue. */
export const shopAssistantBot: BotDefinition = {
  id: 'shop-assistant',
  name: 'Baton Shop Assistant',
  modelDir: defaultShopModelDir,
  intents: SHOP_INTENTS,
  publicDir: fileURLToPath(new URL('./public/', import.meta.url)),
  create({ recognizer, ...services }) {
    const orders = createDemoOrders();
    const bot = createShopBot({
      conversationState: services.conversationState,
      orders,
      catalogue: createDemoCatalogue(),
      content: SHOP_CONTENT,
      // The demo's rule: the bot approves refunds up to USD 100; above that, a person does.
      refundLimit: 100,
      ...(services.orderUpdates ? { orderUpdates: services.orderUpdates } : {}),
      askHelpful: services.askHelpful,
      learnedAnswer: services.learnedAnswer,
      onFeedback: services.onFeedback,
      onBotTurn: services.onBotTurn,
      onCsatScore: services.onCsatScore,
    });
    return {
      logic: bot,
      beginCsat: bot.beginCsat,
      endDialogs: bot.endDialogs,
      sendOrderNotice: bot.sendOrderNotice,
      cannedReplies: SHOP_CANNED_REPLIES,
      escalationPhrases: escalationPhrasesOf(SHOP_CONTENT),
      suggestAnswer: shopSuggestedAnswer(recognizer, SHOP_ANSWERS),
      orderFacts: shopOrderFacts(orders),
    };
  },
};

/**
 * Builds the demo shop bot from validated settings.
 * @throws ConfigError when Redis cannot be reached, the NLU model is missing, or Slack refuses its settings.
 */
export function createShopAssistant(config: Config, options: ShopAssistantOptions = {}): Promise<ShopAssistant> {
  return createBaton({ ...options, config, bot: shopAssistantBot });
}
