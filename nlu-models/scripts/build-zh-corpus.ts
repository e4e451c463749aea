/**
 * Writes the Chinese shop corpus from the hand-written phrases:
 *   corpora/shop/zh.jsonl             training rows (each phrase, plus one variant with a polite opening or ending,
 *                                     plus out-of-scope chit-chat and general requests as intent 'None')
 *   corpora/shop-validation/zh.jsonl  every tenth phrase held out, plus out-of-scope questions ('None')
 * Deterministic, so rerunning it gives the same files. Run: `npx tsx nlu-models/scripts/build-zh-corpus.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ZH_ACCOUNT_PHRASES } from './zh-phrases-account.js';
import { ZH_MORE_PHRASES } from './zh-phrases-more.js';
import { ZH_NONE_PHRASES } from './zh-phrases-none.js';
import { ZH_ORDER_PHRASES } from './zh-phrases-orders.js';

const OPENINGS = ['你好，', '您好，', '在吗？', '客服你好，', '麻烦帮个忙，', '亲，'];
const ENDINGS = ['，谢谢', '。', '，麻烦了', '，急', '?', '呢'];

/** Questions a shop bot should not claim to understand; validation only, to choose the thresholds. */
const OUT_OF_SCOPE = [
  '明天北京天气怎么样',
  '火星上的天气如何',
  '给我讲个笑话',
  '今晚有什么好看的电影',
  '红烧肉怎么做',
  '一加一等于几',
  '帮我订一张去上海的机票',
  '现在几点了',
  '你喜欢什么颜色',
  '世界上最高的山是哪座',
  '推荐一首好听的歌',
  '苹果股价多少',
  '怎么学好英语',
  '附近有什么好吃的餐厅',
  '帮我设个早上七点的闹钟',
  '今天是星期几',
  '地球到月亮有多远',
  '如何减肥',
  '你是机器人吗',
  '谁赢了昨晚的足球比赛',
  '翻译一下你好用日语怎么说',
  '汇率是多少',
  '我的车胎没气了怎么办',
  '怎么种西红柿',
  '给我妈打电话',
  '最近有什么新闻',
  '猫为什么喜欢睡觉',
  '帮我写一首诗',
  '银行几点关门',
  '信用卡额度怎么提高',
  '高铁票怎么改签',
  '如何申请签证',
  '感冒了吃什么药',
  '明年春节是几号',
  '推荐一本好书',
  '宇宙有多大',
  '你叫什么名字',
  '怎么做蛋糕',
  '周末去哪玩比较好',
  '医院挂号怎么挂',
];

/** Out-of-scope chit-chat and general questions, trained as a 'None' class (distinct from the validation ones). */
const NONE_TRAINING = [
  '今天天气好吗',
  '下雨了吗',
  '讲个故事吧',
  '你几岁了',
  '你是谁',
  '你会唱歌吗',
  '北京有什么好玩的',
  '怎么煮米饭',
  '数学题怎么做',
  '帮我算一下三加五',
  '明天几号',
  '现在是几月',
  '月亮为什么是圆的',
  '狗狗吃什么好',
  '怎么学吉他',
  '最近流行什么电视剧',
  '篮球比赛谁赢了',
  '股票会涨吗',
  '哪里可以看电影',
  '怎么去火车站',
  '帮我查一下公交路线',
  '给我推荐一家咖啡店',
  '怎样才能睡得好',
  '头疼怎么办',
  '孩子发烧了怎么办',
  '怎么写简历',
  '面试要注意什么',
  '英语单词怎么背',
  '世界杯什么时候开始',
  '地铁几点停运',
  '帮我订个酒店',
  '附近有加油站吗',
  '美元兑人民币多少',
  '今天油价多少',
  '怎么办护照',
  '什么是人工智能',
  '你喜欢吃什么',
  '晚饭吃什么好',
  '周末有什么活动',
  '哪个手机游戏好玩',
];

type Row = { text: string; intent: string; locale: 'zh' };

function build(): { train: Row[]; validation: Row[] } {
  const train: Row[] = [];
  const validation: Row[] = [];
  const phrases: Record<string, readonly string[]> = { ...ZH_ORDER_PHRASES, ...ZH_ACCOUNT_PHRASES };
  for (const [intent, more] of Object.entries(ZH_MORE_PHRASES)) phrases[intent] = [...(phrases[intent] ?? []), ...more];
  let variant = 0;
  for (const [intent, list] of Object.entries(phrases)) {
    list.forEach((text, i) => {
      if (i % 10 === 9) {
        validation.push({ text, intent, locale: 'zh' });
        return;
      }
      train.push({ text, intent, locale: 'zh' });
      variant += 1;
      // Alternate openings and endings so each phrase appears once more in another customer's voice.
      const extra = variant % 2 === 0 ? `${OPENINGS[variant % OPENINGS.length]}${text}` : `${text}${ENDINGS[variant % ENDINGS.length]}`;
      train.push({ text: extra, intent, locale: 'zh' });
    });
  }
  for (const text of [...NONE_TRAINING, ...ZH_NONE_PHRASES]) train.push({ text, intent: 'None', locale: 'zh' });
  for (const text of OUT_OF_SCOPE) validation.push({ text, intent: 'None', locale: 'zh' });
  return { train, validation };
}

const { train, validation } = build();
const toJsonl = (rows: Row[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
writeFileSync(fileURLToPath(new URL('../corpora/shop/zh.jsonl', import.meta.url)), toJsonl(train));
writeFileSync(fileURLToPath(new URL('../corpora/shop-validation/zh.jsonl', import.meta.url)), toJsonl(validation));
process.stderr.write(`zh corpus: ${train.length} training rows, ${validation.length} validation rows\n`);
