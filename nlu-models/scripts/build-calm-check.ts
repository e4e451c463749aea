/**
 * Writes `corpora/emotion-dev/{en,zh}-calm-check.jsonl`: at least 500 ordinary shop questions per language,
 * none negative, to measure false escalations (a calm question scored negative hands a happy customer to a
 * human). Built from hand-written question templates filled with real product, order and delivery words,
 * picked by a seeded generator; every line differs, and none repeats a training row of `corpora/emotion/`.
 * A dev set: never trained on. Run: `npx tsx nlu-models/scripts/build-calm-check.ts`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../linear-model.js';

const corpora = fileURLToPath(new URL('../corpora', import.meta.url));
const COUNT = 520;

const EN = {
  product: [
    'the wireless earbuds',
    'the linen shirt',
    'the coffee grinder',
    'the running shoes',
    "the kids' raincoat",
    'the 55-inch TV',
    'the yoga mat',
    'the electric kettle',
    'the leather wallet',
    'the phone case',
    'the desk lamp',
    'the air fryer',
    'the wool scarf',
    'the backpack',
    'the face cream',
    'the standing desk',
    'the baby monitor',
    'the gaming mouse',
    'the duvet cover',
    'the cast iron pan',
    'the smart watch',
    'the vacuum cleaner',
    'the hiking boots',
    'the bluetooth speaker',
    'the school bag',
  ],
  wear: ['the linen shirt', 'the running shoes', "the kids' raincoat", 'the wool scarf', 'the hiking boots', 'the denim jacket', 'the rain boots'],
  device: [
    'the wireless earbuds',
    'the 55-inch TV',
    'the smart watch',
    'the vacuum cleaner',
    'the bluetooth speaker',
    'the baby monitor',
    'the gaming mouse',
    'the desk lamp',
  ],
  kitchen: ['the cast iron pan', 'the electric kettle', 'the air fryer', 'the coffee grinder', 'the glass food boxes', "the chef's knife"],
  colour: ['black', 'navy', 'white', 'olive', 'grey', 'red', 'beige', 'pink'],
  size: ['S', 'M', 'L', 'XL', '38', '42', 'UK 7', 'size 10'],
  order: ['10482', '20931', '33817', '45120', '58203', '61744', '72019', '88460', 'A-2291', 'B-7730'],
  place: ['Manchester', 'Dublin', 'Glasgow', 'Cardiff', 'Berlin', 'Paris', 'Toronto', 'Leeds', 'Bristol', 'Madrid'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'the weekend', 'next week'],
  pay: ['PayPal', 'Apple Pay', 'a debit card', 'Klarna', 'a gift card', 'bank transfer', 'Google Pay'],
  templates: [
    'Do you have {product} in {colour}?',
    'Is {wear} available in {size}?',
    'What material is {product} made of?',
    'How long is the warranty on {device}?',
    'Can I pay for {product} with {pay}?',
    'When will {product} be back in stock?',
    'Could you tell me the dimensions of {product}?',
    'Does {device} come with a manual in English?',
    'Hi, where is my order {order}?',
    'Can I change the delivery address for order {order}?',
    'Has order {order} been shipped yet?',
    'Could I get an invoice for order {order}, please?',
    'Can order {order} be delivered on {day}?',
    'Do you deliver to {place}?',
    'How much is shipping to {place}?',
    'How many days does delivery to {place} usually take?',
    'Is there a shop in {place} where I can pick it up?',
    'Do you accept {pay}?',
    'Can I add {product} to order {order} before it ships?',
    'Is {kitchen} dishwasher safe?',
    'What sizes does {wear} come in?',
    'Is {product} suitable for a gift? Can you wrap it?',
    'Hello, do you offer free returns on {product}?',
    "How do I return {product} if it doesn't fit?",
    'Is {colour} the same shade as in the photo?',
    'Can I collect order {order} from the store on {day}?',
    'Would {wear} in {size} fit someone who is usually a {size}?',
    'Is there a discount if I buy two of {product}?',
    'What are your opening hours in {place} on {day}?',
    'Could you confirm that order {order} includes {product}?',
    'Can I track order {order} without an account?',
    'Is {product} in {colour} still on sale?',
    'Do you have a size guide for {wear}?',
    'Will {product} arrive before {day} if I order today?',
    'Thanks! One more question: does {device} need batteries?',
    'How do I use a gift card for order {order}?',
    'Can I change {size} to a bigger size on order {order}?',
    'Is {device} the newest model?',
    'Which charger works with {device}?',
    'Can I schedule delivery of order {order} for {day} morning?',
  ],
};

const ZH = {
  product: [
    '这款蓝牙耳机',
    '这件亚麻衬衫',
    '这台咖啡机',
    '这双跑鞋',
    '这件儿童雨衣',
    '这台55寸电视',
    '这个瑜伽垫',
    '这个电热水壶',
    '这个皮夹',
    '这个手机壳',
    '这盏台灯',
    '这个空气炸锅',
    '这条羊毛围巾',
    '这个双肩包',
    '这瓶面霜',
    '这张升降桌',
    '这个婴儿监视器',
    '这款游戏鼠标',
    '这套被套',
    '这口铸铁锅',
    '这块智能手表',
    '这台吸尘器',
    '这双登山鞋',
    '这个蓝牙音箱',
    '这个书包',
  ],
  wear: ['这件亚麻衬衫', '这双跑鞋', '这件儿童雨衣', '这条羊毛围巾', '这双登山鞋', '这件牛仔外套', '这双雨靴'],
  device: ['这款蓝牙耳机', '这台55寸电视', '这块智能手表', '这台吸尘器', '这个蓝牙音箱', '这个婴儿监视器', '这款游戏鼠标', '这盏台灯'],
  kitchen: ['这口铸铁锅', '这个电热水壶', '这个空气炸锅', '这台咖啡机', '这套玻璃保鲜盒', '这把厨师刀'],
  colour: ['黑色', '藏青色', '白色', '军绿色', '灰色', '红色', '米色', '粉色'],
  size: ['S码', 'M码', 'L码', 'XL码', '38码', '42码', '均码', '160/84A'],
  order: ['10482', '20931', '33817', '45120', '58203', '61744', '72019', '88460', 'A2291', 'B7730'],
  place: ['北京', '上海', '广州', '成都', '杭州', '武汉', '西安', '深圳', '南京', '重庆'],
  day: ['周一', '周二', '周三', '周四', '周五', '周六', '这个周末', '下周'],
  pay: ['支付宝', '微信支付', '信用卡', '花呗', '礼品卡', '银行转账', 'Apple Pay'],
  templates: [
    '{product}有{colour}的吗？',
    '{wear}有{size}吗？',
    '{product}是什么材质的？',
    '{device}保修多久？',
    '{product}可以用{pay}付款吗？',
    '{product}什么时候补货？',
    '能告诉我{product}的尺寸吗？',
    '{device}有中文说明书吗？',
    '你好，订单{order}到哪了？',
    '订单{order}可以改收货地址吗？',
    '订单{order}发货了吗？',
    '麻烦给订单{order}开一张发票',
    '订单{order}可以{day}送到吗？',
    '能寄到{place}吗？',
    '寄到{place}运费多少？',
    '寄到{place}一般几天到？',
    '{place}有门店可以自提吗？',
    '支持{pay}吗？',
    '订单{order}还没发货的话能加一件{product}吗？',
    '{kitchen}可以放洗碗机吗？',
    '{wear}有哪些尺码？',
    '{product}适合送礼吗？可以帮忙包装吗？',
    '你好，{product}支持免费退货吗？',
    '{product}不合适的话怎么退？',
    '{colour}和图片上的颜色一样吗？',
    '订单{order}可以{day}到店自提吗？',
    '平时穿{size}的话{wear}选哪个码？',
    '{product}买两件有优惠吗？',
    '{place}的门店{day}几点开门？',
    '帮我确认一下订单{order}里有没有{product}',
    '没有账号能查订单{order}的物流吗？',
    '{product}的{colour}款还在打折吗？',
    '{wear}有尺码表吗？',
    '今天下单{product}能在{day}前到吗？',
    '谢谢！再问一下，{device}需要装电池吗？',
    '订单{order}怎么用礼品卡？',
    '订单{order}的{size}可以换大一码吗？',
    '{device}是最新款吗？',
    '{device}用什么充电器？',
    '订单{order}可以约{day}上午送吗？',
  ],
};

type Bank = typeof EN;

function build(bank: Bank, locale: string, taken: ReadonlySet<string>): string[] {
  const random = mulberry32(locale === 'en' ? 500 : 501);
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)] ?? '';
  const out = new Set<string>();
  // Every template in turn, so no phrasing dominates; slots drawn at random.
  for (let i = 0; out.size < COUNT && i < COUNT * 20; i++) {
    const template = bank.templates[i % bank.templates.length] ?? '';
    const text = template.replace(/\{(\w+)\}/g, (_, slot: keyof Bank) => pick(bank[slot]));
    if (!taken.has(text)) out.add(text);
  }
  return [...out];
}

const emotionDir = join(corpora, 'emotion');
const taken = new Set(
  readdirSync(emotionDir)
    .filter((n) => n.endsWith('.jsonl'))
    .flatMap((n) =>
      readFileSync(join(emotionDir, n), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { text: string }).text),
    ),
);
for (const [locale, bank] of [
  ['en', EN],
  ['zh', ZH],
] as const) {
  const lines = build(bank, locale, taken).map((text) => JSON.stringify({ text, negative: false, locale }));
  writeFileSync(join(corpora, 'emotion-dev', `${locale}-calm-check.jsonl`), `${lines.join('\n')}\n`);
  console.log(`${locale}: ${lines.length} calm questions`);
}
