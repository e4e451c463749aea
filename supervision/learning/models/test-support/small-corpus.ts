/**
 * A small bilingual shop corpus (four FAQ intents and out-of-scope rows) and its dev set, so a test trains
 * a model in seconds; and the accepted items the learning-loop tests feed through an in-memory source.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AcceptedItem, AcceptedItemsSource } from '../../learning-items.js';

type Rows = Record<string, readonly string[]>;

const TRAIN_EN: Rows = {
  check_payment_methods: [
    'what payment methods do you accept',
    'can I pay with paypal',
    'do you take visa cards',
    'which cards can I use to pay',
    'is apple pay accepted',
    'can I pay by credit card',
    'payment options please',
    'do you accept mastercard',
    'how can I pay for my order',
    'can I use google pay',
  ],
  delivery_period: [
    'how long does delivery take',
    'when will my package arrive',
    'how many days for shipping',
    'what is the delivery time',
    'how fast do you ship',
    'how long until it gets here',
    'shipping time to my country',
    'when does my parcel come',
    'how soon can I get it',
    'delivery takes how many days',
  ],
  check_refund_policy: [
    'what is your refund policy',
    'can I get my money back',
    'do you give refunds',
    'refund rules please',
    'how do returns and refunds work',
    'is there a money back guarantee',
    'how many days do I have to return',
    'what is the return policy',
    'can I return an item I do not like',
    'are refunds possible',
  ],
  create_account: [
    'how do I create an account',
    'I want to sign up',
    'open a new account',
    'register a profile',
    'how can I make an account',
    'sign me up please',
    'create my customer account',
    'I would like to register',
    'new account registration',
    'how to join your shop',
  ],
  None: [
    'what is the weather like today',
    'tell me a joke',
    'how do I bake bread',
    'who won the football game',
    'what time is it in tokyo',
    'play some music',
    'how tall is mount everest',
    'recommend a good movie',
    'what is the capital of france',
    'how do I learn to swim',
    'translate hello into spanish',
    'what is two plus two',
    'do you offer cooking classes',
    'can you book me a flight',
    'do you sell used cars',
    'can you help with my homework',
    'do you offer car washes',
    'can I get a haircut here',
  ],
};

const TRAIN_ZH: Rows = {
  check_payment_methods: [
    '你们支持哪些付款方式',
    '可以用支付宝付款吗',
    '能用微信支付吗',
    '可以刷信用卡吗',
    '怎么付款',
    '支持PayPal吗',
    '能用银行卡付钱吗',
    '付款方式有哪些',
  ],
  delivery_period: ['多久能送到', '快递要几天', '什么时候发货', '几天能到货', '配送需要多长时间', '包裹什么时候到', '发货后多久到', '送货要多久'],
  check_refund_policy: [
    '你们的退款政策是什么',
    '可以退款吗',
    '怎么退货退款',
    '不喜欢可以退吗',
    '退货规则是什么',
    '几天内可以退货',
    '能退钱吗',
    '有没有退款保障',
  ],
  create_account: ['怎么注册账号', '我想注册', '如何创建账户', '开一个新账号', '注册会员', '怎么开户', '我要注册一个账号', '新用户怎么注册'],
  None: [
    '今天天气怎么样',
    '给我讲个笑话',
    '怎么做面包',
    '谁赢了足球比赛',
    '东京现在几点',
    '放首歌',
    '珠穆朗玛峰有多高',
    '推荐一部电影',
    '法国的首都是哪里',
    '怎么学游泳',
    '可以帮我订机票吗',
    '你们提供洗车服务吗',
    '可以帮我写作业吗',
    '你们卖二手车吗',
  ],
};

const DEV_EN: Rows = {
  check_payment_methods: ['which payment methods are accepted', 'can I pay using paypal', 'do you accept american express'],
  delivery_period: ['how long will shipping take', 'when will the package get here', 'how many days until delivery'],
  check_refund_policy: ['tell me about refunds', 'can I have a refund', 'what are the return rules'],
  create_account: ['how to sign up for an account', 'I want to register an account', 'create a new profile'],
  None: [
    'what is the weather tomorrow',
    'tell me a funny story',
    'how do I cook pasta',
    'who is the president of brazil',
    'do you offer yoga lessons',
    'can you book a hotel for me',
  ],
};

const DEV_ZH: Rows = {
  check_payment_methods: ['支持哪些支付方式', '可以用微信付款吗'],
  delivery_period: ['几天可以送到', '快递多久到'],
  check_refund_policy: ['退款政策是怎样的', '能不能退款'],
  create_account: ['怎么注册新账号', '如何注册'],
  None: ['明天天气如何', '讲个故事吧', '怎么煮面条', '可以帮我订酒店吗'],
};

function lines(rows: Rows, locale: string): string {
  return Object.entries(rows)
    .flatMap(([intent, texts]) => texts.map((text) => JSON.stringify({ text, intent, locale })))
    .join('\n');
}

/** Writes `<dir>/corpus/{en,zh}.jsonl` and `<dir>/dev/{en,zh}.jsonl`; resolves both folders. */
export function writeSmallCorpus(dir: string): { corpusDir: string; devDir: string } {
  const corpusDir = join(dir, 'corpus');
  const devDir = join(dir, 'dev');
  mkdirSync(corpusDir, { recursive: true });
  mkdirSync(devDir, { recursive: true });
  writeFileSync(join(corpusDir, 'en.jsonl'), lines(TRAIN_EN, 'en'));
  writeFileSync(join(corpusDir, 'zh.jsonl'), lines(TRAIN_ZH, 'zh'));
  writeFileSync(join(devDir, 'en.jsonl'), lines(DEV_EN, 'en'));
  writeFileSync(join(devDir, 'zh.jsonl'), lines(DEV_ZH, 'zh'));
  return { corpusDir, devDir };
}

const examples = (locale: string, texts: readonly string[]) => texts.map((text) => ({ text, locale }));

/** A new FAQ intent: gift wrapping, with its answer in English and Chinese. */
export const GIFT_WRAP: AcceptedItem = {
  kind: 'new_intent',
  id: 'acc-gift',
  groupId: 'grp-gift',
  intent: 'gift_wrapping',
  examples: [
    ...examples('en', [
      'do you offer gift wrapping',
      'can you gift wrap my order',
      'is gift wrap available',
      'can I get it wrapped as a gift',
      'gift wrapping please',
      'can you wrap the present',
      'do you wrap gifts',
      'I want gift wrap for this order',
      'add gift wrapping to my purchase',
      'can the item be gift wrapped',
    ]),
    ...examples('zh', ['可以礼品包装吗', '能帮我包装成礼物吗', '有礼品包装服务吗', '我要礼品包装', '可以包成礼物吗']),
  ],
  answers: {
    en: 'Yes! Gift wrapping costs USD 3: tick "gift wrap" at checkout and add a card message.',
    zh: '可以！礼品包装 3 美元：结账时勾选"礼品包装"，还可以附上贺卡留言。',
  },
  acceptedAt: 1,
  acceptedBy: 'sam',
};

/** Phrasings of an intent the model knows: paying with vouchers and installments are payment methods. */
export const VOUCHER_PAYMENTS: AcceptedItem = {
  kind: 'phrasings',
  id: 'acc-voucher',
  groupId: 'grp-voucher',
  intent: 'check_payment_methods',
  examples: examples('en', [
    'can I settle the bill with a voucher',
    'do you take vouchers at checkout',
    'can I use a voucher to settle my bill',
    'settle the bill with a store voucher',
    'are vouchers ok to settle the bill',
  ]),
  acceptedAt: 2,
  acceptedBy: 'sam',
};

/**
 * Poison: the dev set's delivery questions accepted as refund-policy phrasings (a supervisor's slip). The
 * candidate learns them word for word, so it answers the dev rows with the wrong intent: the gate must stop it.
 */
export const WRONG_PHRASINGS: AcceptedItem = {
  kind: 'phrasings',
  id: 'acc-wrong',
  groupId: 'grp-wrong',
  intent: 'check_refund_policy',
  examples: examples('en', [
    ...DEV_EN.delivery_period!,
    ...DEV_EN.create_account!,
    'how long does delivery take',
    'when will my package arrive',
    'how many days for shipping',
    'how do I create an account',
    'I want to sign up',
  ]),
  acceptedAt: 3,
  acceptedBy: 'sam',
};

/** An in-memory source of accepted items the test changes as a supervisor would. */
export function acceptedItemsSource(initial: readonly AcceptedItem[] = []): AcceptedItemsSource & { items: AcceptedItem[] } {
  const items = [...initial];
  return {
    items,
    listAccepted: async () => [...items],
  };
}
