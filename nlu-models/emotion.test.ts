/**
 * The emotion scorer on customer-service messages in both languages: negation, intensity, caps, "!!!", emoji.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readEmotionRows } from './jsonl.js';
import { loadEmotionModels } from './emotion/emotion-model.js';
import { emotionScore, lexiconTotal, modelLogOdds, scoreEmotion } from './emotion/score-emotion.js';
import { closingPraise } from './emotion/patterns.js';

describe('English emotion', () => {
  it.each([
    'This is unacceptable, I have been waiting for three weeks',
    'I am not happy with this',
    "I'm not happy at all",
    'terrible service 👎',
    '😡😡',
    'thanks for nothing',
    'my order arrived broken again',
  ])('negative: %s', (text) => {
    const e = scoreEmotion(text, 'en');
    expect(e.negative).toBe(true);
    expect(e.score).toBeLessThan(0);
    expect(e.score).toBeGreaterThanOrEqual(-1);
  });

  it.each(['where is my order?', 'thanks, that was quick!', 'not bad at all', 'can I pay with paypal', 'I love it 😍'])('not negative: %s', (text) => {
    const e = scoreEmotion(text, 'en');
    expect(e.negative).toBe(false);
    expect(e.score).toBeLessThanOrEqual(1);
  });

  it('the rules read anger in shouting and "!!!" on a bare question', () => {
    // The learned model, trained mostly on tweets, reads these as calm and may lift them to neutral: the
    // rules' part is what is checked here (see the README on this trade).
    expect(lexiconTotal('WHERE IS MY PACKAGE', 'en')).toBeLessThan(lexiconTotal('where is my package', 'en'));
    expect(lexiconTotal('where is my refund!!!', 'en')).toBeLessThan(0);
  });

  it('caps and exclamation marks make a complaint stronger', () => {
    const calm = scoreEmotion('this is ridiculous', 'en').score;
    expect(scoreEmotion('THIS IS RIDICULOUS', 'en').score).toBeLessThan(calm);
    expect(scoreEmotion('this is ridiculous!!!', 'en').score).toBeLessThan(calm);
  });

  it('scores praise above zero', () => {
    expect(scoreEmotion('great service, thank you so much', 'en').score).toBeGreaterThan(0.3);
  });
});

describe('Chinese emotion', () => {
  it.each(['我不太满意', '太慢了，等了一个多小时', '你们的服务太差了', '气死我了！！！', '东西坏了，我要投诉', '一点都不满意', '快递呢？？😤', '再也不买了'])(
    'negative: %s',
    (text) => {
      const e = scoreEmotion(text, 'zh');
      expect(e.negative).toBe(true);
      expect(e.score).toBeLessThan(0);
    },
  );

  it.each(['我的订单在哪里？', '很满意，谢谢', '不错，挺快的', '快递到了', '好的'])('not negative: %s', (text) => {
    expect(scoreEmotion(text, 'zh').negative).toBe(false);
  });

  it('negation flips praise: 满意 is positive, 不满意 negative', () => {
    expect(scoreEmotion('满意', 'zh').score).toBeGreaterThan(0);
    expect(scoreEmotion('不满意', 'zh').score).toBeLessThan(0);
  });

  it.each(['超级无敌好吃', '味道没得说', '包装没毛病', '服务无可挑剔'])('praise built on a negator character is praise: %s', (text) => {
    expect(lexiconTotal(text, 'zh')).toBeGreaterThan(0);
    expect(scoreEmotion(text, 'zh').negative).toBe(false);
  });

  it('Latin slang reads in any case', () => {
    expect(lexiconTotal('yyds', 'zh')).toBeGreaterThan(0);
    expect(lexiconTotal('Yyds', 'zh')).toBe(lexiconTotal('yyds', 'zh'));
    expect(lexiconTotal('ＹＹＤＳ', 'zh')).toBe(lexiconTotal('yyds', 'zh'));
  });

  it('"一如既往" takes the sense of what follows it', () => {
    expect(scoreEmotion('一如既往的好吃', 'zh').negative).toBe(false);
    expect(lexiconTotal('一如既往的慢', 'zh')).toBeLessThan(0);
  });

  it('an intensifier makes it stronger', () => {
    // The score saturates at -1 for both with the model's weight; the lexicon's total shows the difference.
    expect(lexiconTotal('非常失望', 'zh')).toBeLessThan(lexiconTotal('失望', 'zh'));
    expect(scoreEmotion('非常失望', 'zh').score).toBeLessThanOrEqual(scoreEmotion('失望', 'zh').score);
  });
});

describe('complaints that hide behind praise', () => {
  it.each([
    ['味道不错，可惜分量太少', 'zh'],
    ['包装挺好，但是菜太咸了', 'zh'],
  ])('a contrast puts the weight on what comes after it: %s', (text, locale) => {
    expect(scoreEmotion(text, locale).negative).toBe(true);
  });

  it('in English too, for the rules', () => {
    expect(lexiconTotal('The food was good but the delivery was two hours late', 'en')).toBeLessThan(0);
  });

  it('what comes after the contrast wins the other way too', () => {
    expect(scoreEmotion('虽然有点慢，但是很好吃', 'zh').negative).toBe(false);
  });

  it.each([
    ['Oh perfect, another delay. Just what I needed', 'en'],
    ['Wow, great job losing my parcel again', 'en'],
    ['真是谢谢你们了，让我白等了一整天', 'zh'],
  ])('sarcasm: praise next to a complaint counts against (%s)', (text, locale) => {
    const e = scoreEmotion(text, locale);
    expect(e.negative).toBe(true);
    expect(e.score).toBeLessThan(0);
  });

  it('reads praise closing a message from the end, also after 4,000 characters of spaces and stops', () => {
    expect(closingPraise(`Received someone else's order, great${' '.repeat(1_990)}!!!!!!${' '.repeat(1_990)}`, false)).toBe(true);
    // Spaces then something else: the shape a regex split between its two `\s*` every possible way.
    expect(closingPraise(`my parcel is lost, great${' '.repeat(3_975)}x`, false)).toBe(false);
    expect(closingPraise(`lost again,${' '.repeat(3_980)}NICE.`, false)).toBe(true);
  });

  it('finds closing praise where the regex it replaced did', () => {
    const before = (text: string) => /,\s*(?:great|brilliant|perfect|wonderful|fantastic|awesome|lovely|nice)\s*[.!]*\s*$/i.test(text.trim());
    const pieces = fc.constantFrom('late', ',', ' ', 'great', 'Nice', 'nicer', 'PERFECT', '.', '!', '?', 'x', '\n');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(closingPraise(text, false)).toBe(before(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it('a long wait is a complaint even written with digits, a delivery promise is not', () => {
    expect(scoreEmotion('等了1个多小时才送到', 'zh').negative).toBe(true);
    expect(scoreEmotion('送了50分钟', 'zh').negative).toBe(true);
    expect(scoreEmotion('是24小时内发货吗', 'zh').negative).toBe(false);
    expect(scoreEmotion('I have been on hold for two hours', 'en').negative).toBe(true);
    expect(scoreEmotion('do you deliver within 2 hours?', 'en').negative).toBe(false);
  });

  it('polite requests stay neutral', () => {
    expect(scoreEmotion('麻烦帮我查一下物流', 'zh').negative).toBe(false);
    expect(scoreEmotion('could you help me with my order', 'en').negative).toBe(false);
  });
});

describe('complaint patterns beyond the word lists', () => {
  it.each(['太稀了，跟水一样', '只有三块肉，其他全是土豆', '没有筷子也没有勺子', '酸辣粉一点也不酸'])('Chinese: %s', (text) => {
    expect(scoreEmotion(text, 'zh').negative).toBe(true);
  });

  it.each(['太好了，谢谢', '只有这个颜色吗'])('and not where the words say otherwise: %s', (text) => {
    expect(scoreEmotion(text, 'zh').negative).toBe(false);
  });

  it('the lexicon reads a negated complaint word as mild praise (the learned model still doubts "一点都不…")', () => {
    expect(lexiconTotal('一点都不贵', 'zh')).toBeGreaterThan(0);
    expect(lexiconTotal('一点都不油腻', 'zh')).toBeGreaterThan(0);
    expect(scoreEmotion('一点都不贵', 'zh').score).toBeGreaterThan(scoreEmotion('一点都不好吃', 'zh').score);
  });

  it('a flat negation of a word the lexicon does not weigh is counted once, whatever the word', () => {
    const flat = lexiconTotal('一点都不辣', 'zh');
    expect(flat).toBeLessThan(0);
    expect(lexiconTotal('一点都不甜', 'zh')).toBe(flat);
    expect(lexiconTotal('根本不软', 'zh')).toBe(flat);
  });
});

describe('the learned model', () => {
  it.each([
    ['这双登山鞋有黑色的吗？', 'zh'],
    ['黑色和图片上的颜色一样吗？', 'zh'],
    ['Which charger works with the smart watch?', 'en'],
  ])('does not take a calm product question for the complaint reviews make about it: %s', (text, locale) => {
    expect(scoreEmotion(text, locale).negative).toBe(false);
    // Without the question's doubt the model alone would: it learned from reviews, where nobody asks.
    const model = loadEmotionModels().get(locale);
    const total = lexiconTotal(text, locale);
    expect(total).toBeGreaterThanOrEqual(0);
    expect(modelLogOdds(text, locale, total, 3)).toBe(1);
    expect(modelLogOdds(`${text.replace(/[?？]$/u, '')}，太差了`, locale, -2, 3)).toBe(3);
    expect(model).toBeDefined();
  });

  it.each(['我的订单在哪里？', '你们支持哪些付款方式?', '忘记密码了怎么办', '是24小时内发货吗', '在吗'])('keeps a calm question neutral: %s', (text) => {
    expect(scoreEmotion(text, 'zh')).toEqual({ score: 0, negative: false });
  });

  it.each(['披萨送到都硬了', '物流信息一直不动', '客服态度冷冰冰的，问什么都不知道'])('catches a complaint without a complaint word: %s', (text) => {
    expect(lexiconTotal(text, 'zh')).toBeGreaterThan(-0.5);
    expect(scoreEmotion(text, 'zh').negative).toBe(true);
  });

  it('never lifts a message above what the lexicon says', () => {
    expect(emotionScore(-2, -5, 1)).toBe(0);
    expect(emotionScore(1, -5, 1)).toBeCloseTo(Math.tanh(1 / 3), 6);
    expect(emotionScore(0, 3, 1)).toBeLessThan(-0.7);
  });

  it('praise closing a complaint is sarcasm; "!!" is anger in a demand, joy in news', () => {
    expect(scoreEmotion("Received someone else's order, great", 'en').negative).toBe(true);
    expect(scoreEmotion('Just got the job offer!!', 'en').negative).toBe(false);
    expect(lexiconTotal('where is my refund!!', 'en')).toBeLessThan(lexiconTotal('where is my refund', 'en'));
  });

  it("reads can't and won't as negations", () => {
    expect(scoreEmotion("I can't stop crying", 'en').negative).toBe(true);
    expect(scoreEmotion("it won't work", 'en').score).toBeLessThanOrEqual(0);
  });
});

describe('answers to the bot’s own questions', () => {
  // The handoff escalates at or below -0.6 (ESCALATION_SETTINGS.negativeEmotionThreshold's default): a customer
  // who answers "No", gives an order number, a phone number or an address must never be queued as upset. A model
  // retrained on reviews and tweets alone learned that digits mean waiting and a bare "No" means refusal.
  const ESCALATION_THRESHOLD = -0.6;
  it.each([
    ['en', 'No'],
    ['en', 'No.'],
    ['en', 'no, that is all'],
    ['en', 'A1008'],
    ['en', '+44 7700 900123'],
    ['en', '221B Baker Street, London NW1 6XE'],
    ['zh', 'A1008'],
    ['zh', '+86 138 0013 8000'],
    ['zh', '13800138000'],
    ['zh', '北京市朝阳区建国路88号'],
    ['zh', '上海市浦东新区世纪大道100号'],
    ['zh', '不用了'],
  ])('%s: "%s" stays above the escalation threshold', (locale, text) => {
    expect(scoreEmotion(text, locale).score).toBeGreaterThan(ESCALATION_THRESHOLD);
  });
});

describe('answers of the check set (corpora/emotion-dev/*-bare-answers-check.jsonl, never trained on)', () => {
  it.each(['en', 'zh'])('%s: none under the escalation threshold, fewer than 2 percent scored negative', (locale) => {
    const rows = readEmotionRows(fileURLToPath(new URL(`./corpora/emotion-dev/${locale}-bare-answers-check.jsonl`, import.meta.url)));
    expect(rows.length).toBeGreaterThanOrEqual(200);
    const scores = rows.map((r) => ({ text: r.text, ...scoreEmotion(r.text, locale) }));
    expect(scores.filter((s) => s.score <= -0.6)).toEqual([]);
    expect(scores.filter((s) => s.negative).length).toBeLessThan(rows.length * 0.02);
  });

  it('"no thanks" is a polite refusal, not thanks negated', () => {
    expect(lexiconTotal('No thanks', 'en')).toBe(0);
    expect(lexiconTotal('no thank you', 'en')).toBe(0);
    expect(lexiconTotal('not happy, no thanks to you', 'en')).toBeLessThan(0);
  });
});

describe('requests for a person', () => {
  // Asking politely for a manager or a human is a request (requested_human), not an upset customer: the reviews
  // the Chinese model learned from name a manager mostly to complain, and it scored "请让你们经理来一下" -0.80,
  // queued as negative_emotion. Angry requests for a manager stay negative and under the escalation threshold.
  const ESCALATION_THRESHOLD = -0.6;
  it.each([
    ['en', 'Could I speak to a manager, please?'],
    ['en', 'May I talk to a person?'],
    ['en', 'I would like to speak to a supervisor, please.'],
    ['en', 'Please put me through to a human agent.'],
    ['zh', '请让你们经理来一下'],
    ['zh', '麻烦帮我转人工'],
    ['zh', '能找个客服跟我说吗'],
    ['zh', '我要找人工客服'],
    ['zh', '麻烦叫一下经理'],
  ])('%s: "%s" is not negative', (locale, text) => {
    expect(scoreEmotion(text, locale).negative).toBe(false);
  });

  it.each([
    ['en', 'This is ridiculous, get me your manager NOW'],
    ['en', 'I want to speak to your manager, this is unacceptable'],
    ['zh', '太过分了，叫你们经理出来！'],
    ['zh', '什么破服务，马上给我转人工'],
  ])('%s: "%s" is negative, under the escalation threshold', (locale, text) => {
    const e = scoreEmotion(text, locale);
    expect(e.negative).toBe(true);
    expect(e.score).toBeLessThan(ESCALATION_THRESHOLD);
  });

  it('reads fury and exasperation the word list used to miss, and not an air fryer', () => {
    expect(lexiconTotal('我要气疯了', 'zh')).toBeLessThanOrEqual(-3);
    expect(lexiconTotal('气炸了，你们到底管不管', 'zh')).toBeLessThanOrEqual(-3);
    expect(lexiconTotal('空气炸锅有黑色的吗', 'zh')).toBe(0);
    expect(lexiconTotal('Are you kidding me? Where is my refund', 'en')).toBeLessThan(0);
    expect(lexiconTotal('Unbelievable. Third time I ask.', 'en')).toBeLessThan(0);
    expect(scoreEmotion('Are you kidding me? Where is my refund', 'en').negative).toBe(true);
  });

  it('"麻烦" before a request is "please", and still a complaint on its own', () => {
    expect(lexiconTotal('麻烦叫一下经理', 'zh')).toBe(0);
    expect(lexiconTotal('麻烦转人工', 'zh')).toBe(0);
    expect(lexiconTotal('真麻烦', 'zh')).toBeLessThan(0);
  });

  it('a polite request for a person doubts the model as a question does, unless it complains or is not polite', () => {
    expect(modelLogOdds('请让你们经理来一下', 'zh', 0, 3)).toBe(1);
    expect(modelLogOdds('Please put me through to a human agent.', 'en', 0, 3)).toBe(1);
    expect(modelLogOdds('请让你们经理来一下，太差了', 'zh', -2, 3)).toBe(3);
    expect(modelLogOdds('叫你们经理出来跟我说', 'zh', 0, 3)).toBe(3);
    expect(modelLogOdds('Put me through to a human agent.', 'en', 0, 3)).toBe(3);
  });

  it.each(['en', 'zh'])('%s check set (corpora/emotion-dev/*-person-requests-check.jsonl, never trained on)', (locale) => {
    const rows = readEmotionRows(fileURLToPath(new URL(`./corpora/emotion-dev/${locale}-person-requests-check.jsonl`, import.meta.url)));
    const calm = rows.filter((r) => !r.negative).map((r) => ({ text: r.text, ...scoreEmotion(r.text, locale) }));
    const angry = rows.filter((r) => r.negative).map((r) => ({ text: r.text, ...scoreEmotion(r.text, locale) }));
    expect(calm.length).toBeGreaterThanOrEqual(100);
    expect(angry.length).toBeGreaterThanOrEqual(40);
    expect(calm.filter((s) => s.score <= ESCALATION_THRESHOLD)).toEqual([]);
    expect(calm.filter((s) => s.negative).length).toBeLessThan(calm.length * 0.03);
    expect(angry.filter((s) => s.negative).length).toBeGreaterThanOrEqual(angry.length * 0.8);
  });
});

describe('a complaint that names a person is not a polite request', () => {
  // "could not", a "would" that reports a promise, and 请 inside 申请 are not politeness: before, these
  // complaints doubted the model as a polite request does ("Your agent said the refund would arrive in 3
  // days. It has been 3 weeks." -0.82 to -0.16, no longer escalated).
  it.each([
    ['en', 'The agent could not find my order and hung up.'],
    ['en', 'Even your manager could not tell me where my parcel is'],
    ['en', 'Your agent said the refund would arrive in 3 days. It has been 3 weeks.'],
    ['en', 'I spoke to a person on Monday and they would not process my return.'],
    ['zh', '你好，我的退款申请被驳回了三次，客服也说不清楚原因'],
    // 您好 is a greeting, not a request's politeness.
    ['zh', '您好，上次的问题经理说会给我回电话，到现在没人打过来'],
  ])('%s: "%s" keeps the model\'s full say', (locale, text) => {
    expect(modelLogOdds(text, locale, 0, 3)).toBe(3);
  });

  it.each([
    ['en', 'Would you transfer me to a supervisor, cheers.'],
    ['en', 'I would like to speak with a manager, much appreciated.'],
    ['en', 'Could someone from customer service call me back today.'],
    ['zh', '申请了退款，请帮我转人工'],
    ['zh', '您能帮我找一下经理吗'],
  ])('%s: "%s" is still a polite request', (locale, text) => {
    expect(modelLogOdds(text, locale, 0, 3)).toBe(1);
  });
});
