/**
 * The shipped shop model through the front door: `loadRecognizer` on `models/shop`, realistic messages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { detectLocale } from './language.js';
import { NluInputError } from './errors.js';
import { defaultShopModelDir, loadRecognizer, type NlpRecognizer } from './nlp-recognizer.js';

let nlu: NlpRecognizer;
beforeAll(async () => {
  nlu = await loadRecognizer({ modelDir: defaultShopModelDir });
});

describe('shop model', () => {
  it('covers English and Chinese, English first', () => {
    expect(nlu.locales).toEqual(['en', 'zh']);
  });

  it.each([
    ['where is my order?', 'track_order', 'en'],
    ['I want my money back', 'get_refund', 'en'],
    ['I need to talk to a real person', 'contact_human_agent', 'en'],
    ['how do I reset my password', 'recover_password', 'en'],
    ['cancel my order please', 'cancel_order', 'en'],
    ['我的订单在哪里?', 'track_order', 'zh'],
    ['快递到哪了', 'track_order', 'zh'],
    ['我要退款', 'get_refund', 'zh'],
    ['转人工', 'contact_human_agent', 'zh'],
    ['忘记密码了怎么办', 'recover_password', 'zh'],
  ])('%s → %s (%s)', async (text, intent, locale) => {
    const r = await nlu.recognize(text);
    expect(r).toMatchObject({ text, intent, locale, outOfScope: false });
    expect(r.score).toBeGreaterThan(0.5);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.alternatives[0]?.intent).toBe(intent);
    expect(r.alternatives.length).toBeLessThanOrEqual(5);
  });

  it.each(["what's the weather on Mars", 'tell me a joke', 'who won the football game last night'])('rejects %s', async (text) => {
    const r = await nlu.recognize(text);
    expect(r.intent).toBe('None');
    expect(r.outOfScope).toBe(true);
    expect(r.alternatives.length).toBeGreaterThan(0);
  });

  it('lets the caller force the locale', async () => {
    const r = await nlu.recognize('ok', { locale: 'zh' });
    expect(r.locale).toBe('zh');
  });

  it('refuses a locale the model does not have, saying which it has', async () => {
    await expect(nlu.recognize('bonjour', { locale: 'fr' })).rejects.toThrow(NluInputError);
    await expect(nlu.recognize('bonjour', { locale: 'fr' })).rejects.toThrow(/en, zh/);
  });

  it('reports emotion with the intent', async () => {
    const r = await nlu.recognize('Where is my order?? This is RIDICULOUS 😡');
    expect(r.emotion.negative).toBe(true);
    expect(r.emotion.score).toBeLessThan(0);
  });

  it('explains how to train when the model directory is empty', async () => {
    await expect(loadRecognizer({ modelDir: '/nonexistent/model' })).rejects.toThrow(/npm run nlu -- train/);
  });
});

describe('language detection', () => {
  const locales = ['en', 'zh'];
  it.each([
    ['where is my order?', 'en'],
    ['我的订单在哪里?', 'zh'],
    ['我的order在哪', 'zh'],
    ['订单 A12345678 到哪了', 'zh'],
    ['where is order #A12345 谢谢', 'en'],
    ['退款 please', 'zh'],
    ['12345678', 'en'],
    ['😡😡😡', 'en'],
    ['', 'en'],
    ['ORDER 202405170001 ??', 'en'],
    ['快递😤', 'zh'],
  ])('%s → %s', (text, locale) => {
    expect(detectLocale(text, locales)).toBe(locale);
    expect(nlu.detectLanguage(text)).toBe(locale);
  });

  it('falls back to the first locale', () => {
    expect(detectLocale('你好', ['en'])).toBe('en');
    expect(detectLocale('123', ['zh', 'en'])).toBe('zh');
  });
});
