/**
 * What the radar keeps of a customer's message (examples in Redis, incidents, Slack alerts): masked
 * as every other record is, the long-number safety net included, and cut short.
 */
import { describe, expect, it } from 'vitest';
import { maskedExample } from './turn-watch.js';
import { EXAMPLE_MAX } from './types.js';

describe('radar examples', () => {
  it('masks a mistyped card number and any long digit run, as records are', () => {
    // Fails Luhn, so the card detector lets it pass; the at-rest rule still masks 16+ digits.
    const card = maskedExample('my card 4111 1111 1111 1112 was charged twice', 'en');
    expect(card).not.toContain('4111 1111');
    expect(card).toContain('1112');
    const zh = maskedExample('银行卡 6222 0212 3456 7890 123 扣了两次钱', 'zh');
    expect(zh).not.toContain('6222 0212');
    expect(zh).toContain('扣了两次钱');
    expect(maskedExample('account 1234567890123456789 please', 'en')).not.toContain('123456789012');
  });

  it('masks contacts and cuts the text to the example length', () => {
    const masked = maskedExample(`mail jane.doe@example.com ${'where is my order '.repeat(40)}`, 'en');
    expect(masked).not.toContain('jane.doe');
    expect([...masked]).toHaveLength(EXAMPLE_MAX);
  });
});
