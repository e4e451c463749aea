/**
 * Drives `createShopBot` through botbuilder's TestAdapter, with the keyword recognizer standing in for the
 * NLU (set on the turn by a small middleware, as the real NLU middleware does), a pinned clock and the demo
 * shop. `say()` sends one message and returns every reply of that turn.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { ActivityTypes, ConversationState, TestAdapter, type Activity, type Storage } from 'botbuilder';
import { createMemoryStorage } from '../../dialogs/state/memory-storage.js';
import { createRedisStorage } from '../../dialogs/state/redis-storage.js';
import { setLocale, setRecognition, setVerifiedCustomer, type VerifiedCustomer } from '../../dialogs/turn-state.js';
import { createShopBot, type ShopBot } from '../../dialogs/shop-bot.js';
import { SHOP_ANSWERS } from '../../bots/shop-assistant/answers.js';
import { createDemoCatalogue } from '../../bots/shop-assistant/demo-catalogue.js';
import { createDemoOrders } from '../../bots/shop-assistant/demo-orders.js';
import { createKeywordRecognizer } from '../support/keyword-recognizer.js';
import { connectTestRedis } from '../support/redis.js';

/** Tuesday 10 March 2026, 09:00 UTC: A1001's ETA (+2 days) is Thursday 12 March. */
export const NOW = new Date('2026-03-10T09:00:00Z');

/** Intent keywords, checked in order (more specific first). */
const KEYWORDS: Record<string, readonly string[]> = {
  contact_human_agent: ['talk to a person', 'human', 'agent', '人工'],
  track_refund: ['refund status', 'where is my refund', '退款进度'],
  get_refund: ['refund', 'return', '退款', '退货'],
  cancel_order: ['cancel order', 'cancel my order', '取消订单'],
  change_shipping_address: ['change address', 'change the address', '修改地址', '改地址'],
  check_payment_methods: ['payment methods', 'pay with', '支付方式'],
  place_order: ['want to buy', '想买'],
  track_order: ['track', 'where is my order', "hasn't arrived", 'my order', '订单到哪', '查询订单', '还没到', '我的订单'],
};
const NEGATIVE = ['angry', 'terrible', 'ridiculous', '!!', '生气', '气死', '太差', '怎么还没'];

/** A storage for one suite, and how to clean it up. */
export interface StorageFixture {
  readonly name: string;
  create(): { storage: Storage; cleanup(): Promise<void> };
}

/** The two stores every dialog test runs on: the lead's memory store and the real Redis. */
export const STORAGES: readonly StorageFixture[] = [
  { name: 'memory', create: () => ({ storage: createMemoryStorage(), cleanup: async () => undefined }) },
  {
    name: 'redis',
    create: () => {
      const redis = connectTestRedis('dialogs');
      return { storage: createRedisStorage({ redis: redis.redis, keyPrefix: redis.keyPrefix }), cleanup: () => redis.cleanup() };
    },
  },
];

/** What a test may change about its bot. */
export interface HarnessOptions {
  /** Now, for the bot and the demo shop. Default: `NOW`, fixed. */
  readonly clock?: () => Date;
}

export interface Harness {
  readonly adapter: TestAdapter;
  /** The storage the conversation state lives in, to look at what was kept. */
  readonly storage: Storage;
  /** The key of this conversation's state in `storage`. */
  readonly stateKey: string;
  readonly bot: ShopBot;
  readonly scores: number[];
  /** Sends a message, returns the replies of that turn. */
  say(text: string): Promise<Partial<Activity>[]>;
  /** Sends a message, returns the texts of the replies. */
  texts(text: string): Promise<string[]>;
  /** Asks the CSAT question as the handoff would after a resolve; returns the replies. */
  csat(): Promise<Partial<Activity>[]>;
  /** A conversationUpdate adding the customer; returns the replies. */
  join(locale?: string): Promise<Partial<Activity>[]>;
  /**
   * From the next turn on, the turn carries this proven identity, as a channel sets it from a shop's
   * token (a middleware before the bot, like the channel's own); undefined signs out.
   */
  signIn(customer: VerifiedCustomer | undefined): void;
}

/** A fresh bot, demo shop and conversation on `storage`. */
export function createHarness(storage: Storage, { clock = () => NOW }: HarnessOptions = {}): Harness {
  const conversationState = new ConversationState(storage);
  const scores: number[] = [];
  const bot = createShopBot({
    conversationState,
    orders: createDemoOrders({ clock }),
    catalogue: createDemoCatalogue(),
    answers: SHOP_ANSWERS,
    clock,
    onCsatScore: (score) => void scores.push(score),
  });
  const recognizer = createKeywordRecognizer(KEYWORDS, { negativeWords: NEGATIVE });
  // Short messages ("A1001", "5", an e-mail address) keep the conversation's language, as the real language middleware does.
  let locale = 'en';
  let signedIn: VerifiedCustomer | undefined;
  const adapter = new TestAdapter(async (context) => {
    if (context.activity.text === '/csat') return bot.beginCsat(context);
    if (context.activity.text === '/csat-zh') return bot.beginCsat(context, { locale: 'zh' });
    return bot(context);
  });
  // A random conversation id, so suites sharing one Redis never see each other's state.
  adapter.conversation.conversation.id = `conv-${Math.random().toString(36).slice(2)}`;
  adapter.use(async (context, next) => {
    if (signedIn) setVerifiedCustomer(context, signedIn);
    await next();
  });
  adapter.use(async (context, next) => {
    const text = context.activity.text;
    if (context.activity.type === ActivityTypes.Message && text && !text.startsWith('/csat')) {
      if (/\p{Script=Han}/u.test(text)) locale = 'zh';
      else if (/[a-z]{3,}/i.test(text.replace(/\S+@\S+|[a-z]\d+/gi, ''))) locale = 'en';
      setRecognition(context, await recognizer.recognize(text, { locale }));
      setLocale(context, locale);
    } else {
      setLocale(context, locale);
    }
    await next();
  });
  const drain = () => adapter.activeQueue.splice(0);
  const say = async (text: string) => {
    await adapter.send(text);
    return drain();
  };
  return {
    adapter,
    bot,
    scores,
    say,
    storage,
    stateKey: `${adapter.conversation.channelId}/conversations/${adapter.conversation.conversation.id}/`,
    texts: async (text) => (await say(text)).map((a) => a.text ?? ''),
    csat: async () => say('/csat'),
    signIn: (customer) => void (signedIn = customer),
    async join(joinLocale) {
      if (joinLocale) locale = joinLocale;
      await adapter.send({
        type: ActivityTypes.ConversationUpdate,
        locale: joinLocale,
        membersAdded: [{ id: 'customer-1', name: 'Customer' }],
      });
      return drain();
    },
  };
}

/** The titles of a reply's suggested actions. */
export function actions(activity: Partial<Activity> | undefined): string[] {
  return (activity?.suggestedActions?.actions ?? []).map((a) => String(a.title));
}

/** Runs the same suite on every store in `STORAGES`, each with its own key prefix, cleaned up after. */
export function onEveryStorage(suite: (newHarness: (options?: HarnessOptions) => Harness) => void): void {
  describe.each(STORAGES)('on the $name store', (fixture) => {
    let created: ReturnType<StorageFixture['create']> | undefined;
    beforeAll(() => {
      created = fixture.create();
    });
    afterAll(async () => {
      await created?.cleanup();
    });
    suite((options) => {
      if (!created) throw new Error('onEveryStorage: the storage is created in beforeAll; call newHarness() inside a test.');
      return createHarness(created.storage, options);
    });
  });
}
