/**
 * General requests in Chinese that a shop bot must not claim to understand, trained as intent 'None':
 * the same kinds of topics CLINC150 covers in English (banking, travel, cooking, health, devices, small talk),
 * written by the team so the Chinese model learns what out of scope looks like, not only chit-chat.
 * Kept apart from the validation questions in `build-zh-corpus.ts` (OUT_OF_SCOPE), which choose the thresholds.
 */

/** Out-of-scope requests, one topic per line. */
export const ZH_NONE_PHRASES: readonly string[] = [
  // Banking and money (not the shop's payments).
  '我的银行卡余额还有多少', '信用卡账单什么时候出', '怎么转账给别人', '房贷利率是多少', '怎么提高信用分', '工资什么时候发',
  '基金怎么买', '理财产品收益怎么样', '支票怎么兑现', '怎么开银行账户',
  // Travel and transport.
  '去广州的航班几点起飞', '酒店可以提前入住吗', '护照过期了怎么办', '行李丢了找谁', '从机场到市区怎么走', '火车票退票手续费多少',
  '租车需要什么证件', '哪里可以换外币', '签证要办多久', '今天路上堵不堵',
  // Cooking and food (not ordering).
  '西红柿炒鸡蛋怎么做', '鸡蛋要煮几分钟', '一个苹果多少卡路里', '面粉可以用什么代替', '蛋糕烤多久合适', '饺子馅怎么调',
  // Home, car and devices.
  '帮我把灯关了', '空调调到二十六度', '手机找不到了怎么办', '轮胎气压多少合适', '汽车多久保养一次', '电脑开不了机怎么办',
  '路由器怎么重启', '怎么给手机截屏', '蓝牙耳机连不上手机', '洗衣机漏水了',
  // Work and study.
  '帮我安排明天下午的会议', '年假还剩几天', '怎么请病假', '个税怎么申报', '这个英文单词怎么拼', '把这句话翻译成法语',
  '一公里等于多少英里', '三十摄氏度是多少华氏度', '帮我记一下明天要交报告', '提醒我晚上八点吃药',
  // Health and life.
  '发烧三十八度要去医院吗', '每天喝多少水合适', '失眠怎么办', '牙疼吃什么药', '打疫苗后可以洗澡吗', '怎么戒烟',
  '宝宝几个月可以吃辅食', '怎么养多肉植物', '猫咪不吃东西怎么办', '周末适合去爬山吗',
  // Entertainment and facts.
  '放一首周杰伦的歌', '下一首', '音量调大一点', '这首歌叫什么名字', '给我说个冷知识', '恐龙是怎么灭绝的',
  '长城有多长', '谁发明了电话', '抛个硬币', '掷个骰子', '生命的意义是什么', '今年是什么年',
  // Small talk with the assistant itself.
  '你是谁开发的', '你有宠物吗', '你平时喜欢做什么', '你住在哪里', '你会说几种语言', '你能换个声音吗', '你可以小声一点吗',
  '我能问你些什么', '你是真人吗', '我们聊聊天吧',
];
