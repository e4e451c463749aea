/**
 * The emotion scorer on customer-service messages in both languages: negation, intensity, caps, "!!!", emoji.
 */
import { describe, expect, it } from 'vitest';
import { scoreEmotion } from './emotion/score-emotion.js';

describe('English emotion', () => {
  it.each([
    'This is unacceptable, I have been waiting for three weeks',
    'I am not happy with this',
    "I'm not happy at all",
    'WHERE IS MY PACKAGE',
    'where is my refund!!!',
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

  it.each(['where is my order?', 'thanks, that was quick!', 'not bad at all', 'can I pay with paypal', 'I love it 😍'])(
    'not negative: %s',
    (text) => {
      const e = scoreEmotion(text, 'en');
      expect(e.negative).toBe(false);
      expect(e.score).toBeLessThanOrEqual(1);
    },
  );

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

  it('an intensifier makes it stronger', () => {
    expect(scoreEmotion('非常失望', 'zh').score).toBeLessThan(scoreEmotion('失望', 'zh').score);
  });
});
