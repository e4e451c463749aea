import { describe, expect, it } from 'vitest';
import { Anonymiser, FAKE_EMAIL, MAX_ANONYMISED_CHARACTERS } from './anonymise.js';
import { buildScript } from './build-script.js';
import { resolvedTicket, transcriptOf } from './test-support/conversation.js';

describe('anonymising a conversation for practice', () => {
  it('leaves no name, order number, e-mail or phone of the customer in the script', () => {
    const activities = transcriptOf('whatsapp:+447700900123', [
      ['customer', 'hi, where is my order?', 0],
      ['bot', 'Which order number?', 1],
      ['customer', 'This is Ada Lovelace, order #A1001. This is ridiculous, it is two weeks late!', 20],
      ['agent', 'I am sorry Ada, let me check A1001.', 40],
      ['customer', 'Write to ada.lovelace@example.org or call +44 7700 900123. My other order is A-2002', 70],
      ['customer', 'ada says: order a1001 please, my tracking is 1Z999AA10123456784, home 10 Downing Street, London SW1A 2AA', 80],
      ['customer', 'Thanks, Ada. See https://track.example/x?id=ada-777 or @ada_l, from 192.168.10.20', 95],
    ]);
    const script = buildScript({ ticket: resolvedTicket('t1', 'whatsapp:+447700900123', 21), activities, addedBy: 'lead', now: 1 });
    expect(script).toBeDefined();
    const texts = [...(script?.context ?? []), ...(script?.lines.map((line) => line.text) ?? [])].join('\n');
    for (const secret of [
      'Ada',
      'ada',
      'Lovelace',
      'A1001',
      'a1001',
      'A-2002',
      '2002',
      'example.org',
      '7700',
      '900123',
      '0123',
      'Downing',
      '1Z999',
      '6784',
      'SW1A',
      'track.example',
      '@ada',
      '192.168',
    ])
      expect(texts).not.toContain(secret);
    expect(texts).toContain('Sam Lee');
    expect(texts).toContain('ORD-0001');
    expect(texts).toContain('ORD-0002');
    expect(texts).toContain(FAKE_EMAIL);
    expect(texts).toMatch(/\[phone\]|\[number\]/);
    // The same order number keeps the same fake one; the script keeps no id or time of the source.
    expect(texts.match(/ORD-0001/g)?.length).toBeGreaterThanOrEqual(2);
    const stored = JSON.stringify(script);
    expect(stored).not.toContain('t1"');
    expect(stored).not.toContain('whatsapp');
    expect(stored).not.toContain(String(resolvedTicket('t1', 'c', 21).createdAt));
  });

  it('replaces names in Chinese introductions and keeps ordinary sentences', () => {
    const anonymiser = new Anonymiser({ locale: 'zh' });
    expect(anonymiser.text('我叫王小明，订单号Ａ１００１还没到')).toBe('我叫李明，订单号ORD-0001还没到');
    const english = new Anonymiser({ names: ['Chloé Martin'] });
    expect(english.text("I'm upset. This is ridiculous, Chloé! My name is Bob Stone")).toBe("I'm upset. This is ridiculous, Sam Lee! My name is Sam Lee");
    expect(english.text('Announce the martingale')).toBe('Announce the martingale');
    // A name that is an everyday word is replaced only as a name; a profile's placeholder name is no name.
    const will = new Anonymiser({ names: ['Will Carter', 'User'] });
    expect(will.text('Will here, I will wait. will carter, user 42')).toBe('Sam Lee here, I will wait. Sam Lee, user 42');
  });

  it('reads numbers typed in any script: no card, phone or reference digits of another script stay', () => {
    const anonymiser = new Anonymiser({});
    expect(anonymiser.text('card ٤١١١ ١١١١ ١١١١ ١١١١ ok')).toBe('card [card] ok');
    expect(anonymiser.text('call +٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨ please')).toBe('call [phone] please');
    expect(anonymiser.text('ref ۱۲۳۴۵۶۷۸۹ and १२३४५६७८९')).toBe('ref [number] and [number]');
    // Short numbers are no one's: kept, in ASCII.
    expect(anonymiser.text('٣ items')).toBe('3 items');
  });

  it('reads no more than its bound of a long hostile line, so its cost is bounded whatever the client sends', () => {
    const anonymiser = new Anonymiser({ names: ['Ann'] });
    for (const hostile of ['my name is ', '1 ', 'a@', 'a', '1'.repeat(999) + ' ']) {
      const long = hostile.repeat(Math.ceil((MAX_ANONYMISED_CHARACTERS * 50) / hostile.length));
      // The same output as for its first MAX_ANONYMISED_CHARACTERS: nothing past the bound is read.
      expect(anonymiser.text(long)).toBe(anonymiser.text(long.slice(0, MAX_ANONYMISED_CHARACTERS)));
    }
  });
});
