/**
 * Stated anger is heard whatever the learned model says (issue 21): "我要气疯了，快点给我转客服人员！！" scored 0,
 * because the Chinese model, taught that a demand for 客服 or 人工 is calm, lifted the lexicon's -5.2 to
 * neutral. A calm request for a person holds no anger word and stays calm.
 */
import { describe, expect, it } from 'vitest';
import { EN_ANGER, EN_LEXICON } from './emotion/lexicon-en.js';
import { ZH_ANGER, ZH_LEXICON } from './emotion/lexicon-zh.js';
import { lexiconTotal, modelLogOdds, scoreEmotion, statesAnger } from './emotion/score-emotion.js';

/** The handoff escalates at or below this score (ESCALATION_SETTINGS.negativeEmotionThreshold's default). */
const ESCALATION_THRESHOLD = -0.6;

describe('a furious customer is heard, with or without a request for a person', () => {
  it.each([
    ['zh', '我要气疯了，快点给我转客服人员！！'],
    ['zh', '我要气疯了'],
    ['zh', '气死我了，给我转人工'],
    ['zh', '太气人了，快点转人工！'],
    ['zh', '我火大了，叫你们经理出来'],
    ['zh', '忍无可忍了，马上给我转人工客服'],
    ['zh', '我真的受够了，转人工'],
    ['zh', '什么破客服，快点给我转人工！！'],
    ['zh', '垃圾服务，我要找你们经理'],
    ['zh', '我要投诉你们，马上转人工'],
    ['zh', '我很生气，请给我转人工'],
    ['zh', '我很恼火，帮我转一下人工'],
    ['zh', '你们这是什么态度，快点给我转人工服务！！'],
    ['en', "I'm furious, get me a human NOW!!"],
    ['en', "I'm livid. Human please."],
    ['en', "I've had enough, put me through to a manager"],
  ])('%s: "%s" is negative, at or under the escalation threshold', (locale, text) => {
    const e = scoreEmotion(text, locale);
    expect(e.negative).toBe(true);
    expect(e.score).toBeLessThanOrEqual(ESCALATION_THRESHOLD);
  });

  it.each([
    ['zh', '请帮我转人工客服，谢谢'],
    ['zh', '麻烦帮我转接人工'],
    ['zh', '我要找人工客服'],
    ['zh', '我没有生气，就是想问问什么时候发货'],
    ['zh', '这个燃气灶火大小可以调吗？'],
    ['zh', '有什么破壁机推荐吗？'],
    ['en', 'Could I speak to a human agent, please?'],
    ['en', 'Please put me through to a person, thank you.'],
  ])('%s: "%s" is not negative', (locale, text) => {
    expect(scoreEmotion(text, locale).negative).toBe(false);
  });
});

describe('the model does not lift stated anger', () => {
  it('drops a calm reading of the model only beside an anger word and a negative total', () => {
    expect(modelLogOdds('我要气疯了，快点给我转客服人员！！', 'zh', -5.2, -1.9)).toBe(0);
    expect(modelLogOdds("I'm livid. Human please.", 'en', -3, -2.8)).toBe(0);
    // A complaint without an anger word: the model may still lift it (reviews the lexicon misreads).
    expect(modelLogOdds('收到的时候盒子有点破了', 'zh', -2, -2)).toBe(-2);
    // Anger negated ("我没有生气") leaves a total above 0: the model keeps its say.
    expect(modelLogOdds('我没有生气', 'zh', 0.75, -2)).toBe(-2);
    // A model that reads anger keeps it.
    expect(modelLogOdds('我要气疯了', 'zh', -3, 2)).toBe(2);
  });

  it('reads anger words by the lexicon, so a longer word shields them', () => {
    expect(statesAnger('受够了', 'zh')).toBe(true);
    expect(statesAnger('什么破服务', 'zh')).toBe(true);
    expect(statesAnger('有什么破壁机推荐吗', 'zh')).toBe(false);
    expect(statesAnger('火大小可以调吗', 'zh')).toBe(false);
    expect(statesAnger('垃圾处理器怎么安装', 'zh')).toBe(false);
    expect(statesAnger('I am sick of waiting', 'en')).toBe(true);
    expect(statesAnger('I am sick', 'en')).toBe(false);
    expect(lexiconTotal('收到有什么破损怎么办', 'zh')).toBe(lexiconTotal('收到有破损怎么办', 'zh'));
  });

  it('every anger word is a negative word of its lexicon', () => {
    for (const word of ZH_ANGER) expect(ZH_LEXICON[word], word).toBeLessThan(0);
    for (const word of EN_ANGER) expect(EN_LEXICON[word], word).toBeLessThan(0);
  });
});
