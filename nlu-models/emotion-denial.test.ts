/**
 * A calm customer who denies being upset is not escalated (issue 21): the English model read "angry" and not the
 * "not" before it, and scored "I'm not angry, just asking when it ships" -0.95; the Chinese model scored
 * "不是投诉，就想问问" -1. Complaints that negate praise ("I'm not happy", "不满意") stay negative, and so does a
 * denial followed by a complaint. Also: health words and titles in 《》 that hold an anger word are not anger.
 */
import { describe, expect, it } from 'vitest';
import { EN_LEXICON, EN_UPSET } from './emotion/lexicon-en.js';
import { ZH_LEXICON, ZH_UPSET } from './emotion/lexicon-zh.js';
import { withoutTitles } from './emotion/lexicon-units.js';
import { deniesUpset, lexiconTotal, modelLogOdds, scoreEmotion, statesAnger } from './emotion/score-emotion.js';

/** The handoff escalates at or below this score (ESCALATION_SETTINGS.negativeEmotionThreshold's default). */
const ESCALATION_THRESHOLD = -0.6;

describe('a customer who denies being upset is calm', () => {
  it.each([
    ['en', "I'm not angry, just asking when it ships"],
    ['en', "I'm not angry"],
    ['en', "I'm not upset."],
    ['en', "I'm not mad, just wondering where my parcel is"],
    ['en', "I'm not annoyed, just asking"],
    ['en', "I'm not frustrated, I just want to check the status"],
    ['en', "I'm not complaining, but when will it arrive?"],
    ['en', 'No problem at all'],
    ['zh', '我没有生气，只是问一下什么时候发货'],
    ['zh', '不是投诉，就想问问'],
    ['zh', '我不生气，就是问问什么时候到'],
    ['zh', '没有不满意，就想问一下'],
    ['zh', '我没生气，只是想问问物流'],
    ['zh', '别误会，我不是要投诉，想问下发票怎么开'],
  ])('%s: "%s" is not negative', (locale, text) => {
    const e = scoreEmotion(text, locale);
    expect(e.negative).toBe(false);
    expect(e.score).toBeGreaterThan(ESCALATION_THRESHOLD);
  });

  it.each([
    ['en', "I'm not happy"],
    ['en', "I'm not happy with this order"],
    ['en', 'This is not good'],
    ['en', "I'm not satisfied"],
    ['en', "Not angry, I'm furious"],
    ['en', "I'm not angry, I'm disappointed"],
    ['en', 'Not complaining, but my parcel is two weeks late and nobody answers'],
    ['en', "I couldn't be more angry"],
    ['en', 'I could not be more disappointed'],
    ['zh', '不满意'],
    ['zh', '我很不满意'],
    ['zh', '一点都不好'],
    ['zh', '我不是生气，我是失望透了'],
    ['zh', '我没生气，但你们太慢了'],
    ['zh', '不是投诉，但是等了两个小时还没到'],
    // "Never this angry": the negation makes it stronger, it denies nothing.
    ['zh', '从来没有这么生气过'],
    ['zh', '我从没这么失望过'],
    ['zh', '从未这样不满过'],
    ['zh', '不能再失望了'],
    ['zh', '真的不能更失望了'],
    ['zh', '没有比这更让人失望的了'],
  ])('%s: "%s" is still negative', (locale, text) => {
    expect(scoreEmotion(text, locale).negative).toBe(true);
  });

  it('hears a denial only of a word of upset, not of what happened', () => {
    expect(deniesUpset("I'm not angry, just asking", 'en')).toBe(true);
    expect(deniesUpset('Not complaining, just checking', 'en')).toBe(true);
    expect(deniesUpset('不是投诉，就想问问', 'zh')).toBe(true);
    expect(deniesUpset('没有不满意', 'zh')).toBe(true);
    // Negated, these still complain: nothing is denied.
    expect(deniesUpset('Not shopping here again.', 'en')).toBe(false);
    expect(deniesUpset('喇叭接触不良，没声音', 'zh')).toBe(false);
    expect(deniesUpset("I'm not happy", 'en')).toBe(false);
    expect(deniesUpset('我生气了', 'zh')).toBe(false);
    expect(deniesUpset('从来没有这么生气过', 'zh')).toBe(false);
  });

  it('drops an upset reading of the model only beside a denial and a total not below 0', () => {
    expect(modelLogOdds("I'm not angry, just asking when it ships", 'en', 0.75, 4.2)).toBe(0);
    expect(modelLogOdds('不是投诉，就想问问', 'zh', 0.75, 3.4)).toBe(0);
    // Something else was negative: the model keeps its say.
    expect(modelLogOdds("I'm not angry, I'm disappointed", 'en', -1.75, 7.1)).toBe(7.1);
    // No denial: the model keeps its say.
    expect(modelLogOdds('物流信息一直不动', 'zh', 0, 3)).toBe(3);
  });

  it('every word of upset is a negative word of its lexicon', () => {
    for (const word of ZH_UPSET) expect(ZH_LEXICON[word], word).toBeLessThan(0);
    for (const word of EN_UPSET) expect(EN_LEXICON[word], word).toBeLessThan(0);
  });
});

describe('anger words inside other words and titles', () => {
  it('reads 上火大便 and 肝火大 as health words, 火大 alone as anger', () => {
    expect(lexiconTotal('有没有治疗上火大便干的茶', 'zh')).toBe(0);
    expect(statesAnger('有没有治疗上火大便干的茶', 'zh')).toBe(false);
    expect(statesAnger('肝火大喝什么茶好', 'zh')).toBe(false);
    expect(scoreEmotion('有没有治疗上火大便干的茶', 'zh').negative).toBe(false);
    expect(statesAnger('我火大了，叫你们经理出来', 'zh')).toBe(true);
  });

  it('does not read a title in 《》 as the customer’s feeling', () => {
    expect(scoreEmotion('绘本《菲菲生气了》有精装版吗', 'zh').negative).toBe(false);
    expect(lexiconTotal('绘本《菲菲生气了》有精装版吗', 'zh')).toBe(lexiconTotal('绘本有精装版吗', 'zh'));
    expect(statesAnger('《菲菲生气了》', 'zh')).toBe(false);
    expect(lexiconTotal('你们的书《太慢了》有吗', 'zh')).toBe(0);
  });

  it('reads what is outside a title, and an unclosed 《 hides nothing', () => {
    expect(statesAnger('看了《菲菲》气死了', 'zh')).toBe(true);
    expect(lexiconTotal('《我很生气', 'zh')).toBeLessThan(0);
    expect(withoutTitles('《a》生气《b》')).toBe('《》生气《》');
    expect(withoutTitles('《没有闭合')).toBe('《没有闭合');
    // A title is at most 40 characters: a long stretch between 《 and 》 is read.
    expect(withoutTitles(`《${'生气'.repeat(30)}》`)).toBe(`《${'生气'.repeat(30)}》`);
  });
});
