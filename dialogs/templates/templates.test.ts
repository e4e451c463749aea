import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { formatDate, formatMoney } from './format.js';
import { reply, type TemplateKey } from './reply.js';
import { zh } from './zh.js';

const SAMPLE = {
  number: 'A1001',
  status: 'shipped',
  items: '1 × X',
  total: 'USD 1.00',
  amount: 'USD 1.00',
  expectedBy: 'Monday',
  address: 'Somewhere 1',
  carrier: 'DHL',
  rank: 1,
  name: 'X',
  price: 'USD 1.00',
  reasons: 'good',
  score: 3,
  kind: 'delayed',
  reason: 'weather',
  eta: 'Monday',
} as const;

describe('reply templates', () => {
  it('has every key in both languages, non-empty and translated', () => {
    const keys = Object.keys(en) as TemplateKey[];
    expect(Object.keys(zh).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      // Each key takes at most one variables object; SAMPLE has every variable any template uses.
      const render = (locale: string) => (reply as (l: string, k: TemplateKey, v: unknown) => string)(locale, key, SAMPLE);
      expect(render('en'), key).not.toBe('');
      expect(render('zh'), key).not.toBe('');
      if (key !== 'greetingOtherLanguage') expect(render('zh'), key).not.toBe(render('en'));
    }
  });

  it('falls back to English for an unknown locale and narrows zh-CN to zh', () => {
    expect(reply('fr', 'yes')).toBe('Yes');
    expect(reply('zh-CN', 'yes')).toBe('是');
    expect(reply('en', 'cancelKept', { number: 'A1' })).toBe('OK, order A1 stays as it is.');
  });

  it('formats dates and money per locale', () => {
    const date = new Date('2026-03-12T09:00:00Z');
    expect(formatDate('en', date)).toBe('Thursday 12 March');
    expect(formatDate('zh', date)).toBe('3月12日星期四');
    expect(formatDate('en', new Date('2026-03-12T20:00:00Z'), 'Asia/Shanghai')).toBe('Friday 13 March');
    expect(formatMoney('en', 1234.5, 'USD')).toBe('USD 1,234.50');
  });
});
