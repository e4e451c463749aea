/**
 * Writes `corpora/emotion/{en,zh}-product-questions.jsonl`: calm questions about the nine product kinds of
 * online_shopping_zh (books, tablets, phones, fruit, shampoo, water heaters, dairy, clothes, computers),
 * labelled not negative. In the review corpus these products are named mostly in reviews, half of them
 * complaints; without questions about them the model read "这个热水器有白色的吗？" as a complaint.
 * Hand-written question frames filled with product words, seeded; other frames and other products than the
 * calm check set of `corpora/emotion-dev/` (which measures, and is never trained on).
 * Run: `npx tsx nlu-models/scripts/build-product-questions.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../linear-model.js';

const COUNT = 240;

const BANKS = {
  zh: {
    product: [
      '这本书',
      '这套绘本',
      '这款平板',
      '这台平板电脑',
      '这部手机',
      '这款手机',
      '这箱苹果',
      '这盒车厘子',
      '这瓶洗发水',
      '这款护发素',
      '这台热水器',
      '这款燃气热水器',
      '这箱牛奶',
      '这款酸奶',
      '这件卫衣',
      '这条牛仔裤',
      '这台笔记本',
      '这台台式机',
      '这个键盘',
      '这件羽绒服',
    ],
    frames: [
      '{p}是正品吗？',
      '{p}有现货吗？',
      '{p}多久能发货？',
      '{p}包邮吗？',
      '{p}能开发票吗？',
      '{p}有几种颜色？',
      '{p}能用优惠券吗？',
      '{p}和上一款比有什么不同？',
      '请问{p}保质期多久？',
      '请问{p}怎么安装？',
      '{p}支持七天无理由退货吗？',
      '{p}能送到{c}吗？',
      '{p}适合送长辈吗？',
      '{p}有没有赠品？',
      '{p}是哪里产的？',
      '想问下{p}的重量',
      '{p}现在下单明天能到{c}吗？',
      '{p}有没有大一点的规格？',
      '麻烦介绍一下{p}',
      '{p}可以货到付款吗？',
      '{p}有售后服务吗？',
      '{p}能分期吗？',
      '{p}的说明书在哪下载？',
      '{p}的包装是什么样的？',
    ],
    city: ['北京', '上海', '天津', '长沙', '苏州', '青岛', '厦门', '郑州', '昆明', '大连'],
  },
  en: {
    product: [
      'this book',
      'the picture book set',
      'this tablet',
      'the 10-inch tablet',
      'this phone',
      'the new phone',
      'the box of apples',
      'the cherries',
      'this shampoo',
      'the conditioner',
      'this water heater',
      'the gas water heater',
      'the case of milk',
      'the yogurt',
      'this hoodie',
      'these jeans',
      'this laptop',
      'the desktop PC',
      'the keyboard',
      'the down jacket',
    ],
    frames: [
      'Is {p} genuine?',
      'Is {p} in stock?',
      'How soon can {p} ship?',
      'Is shipping free for {p}?',
      'Can I get an invoice for {p}?',
      'How many colours does {p} come in?',
      'Can I use a coupon on {p}?',
      'What is the difference between {p} and the previous model?',
      'What is the shelf life of {p}?',
      'How do I install {p}?',
      'Can {p} be returned within seven days?',
      'Can {p} be delivered to {c}?',
      'Would {p} make a good gift for my parents?',
      'Does {p} come with anything extra?',
      'Where is {p} made?',
      'How heavy is {p}?',
      'If I order {p} now, will it reach {c} tomorrow?',
      'Is there a bigger size of {p}?',
      'Could you tell me more about {p}?',
      'Can I pay for {p} on delivery?',
      'Is there after-sales service for {p}?',
      'Can I pay for {p} in instalments?',
      'Where can I download the manual for {p}?',
      'How is {p} packaged?',
    ],
    city: ['London', 'York', 'Belfast', 'Oxford', 'Bath', 'Lyon', 'Vienna', 'Oslo', 'Lisbon', 'Prague'],
  },
};

for (const [locale, bank] of Object.entries(BANKS)) {
  const random = mulberry32(locale === 'zh' ? 7 : 8);
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)] ?? '';
  const out = new Set<string>();
  for (let i = 0; out.size < COUNT && i < COUNT * 20; i++) {
    const frame = bank.frames[i % bank.frames.length] ?? '';
    const text = frame.replace('{p}', pick(bank.product)).replace('{c}', pick(bank.city));
    out.add(locale === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text);
  }
  const file = fileURLToPath(new URL(`../corpora/emotion/${locale}-product-questions.jsonl`, import.meta.url));
  writeFileSync(file, `${[...out].map((text) => JSON.stringify({ text, negative: false, locale })).join('\n')}\n`);
  console.log(`${out.size} ${locale} product questions written to ${file}`);
}
