import { describe, expect, it } from 'vitest';
import { clip, duration, escapeSlack, inlineSlack, parseThreadReply, plainFromSlack, quoteSlack, slackTime } from './slack-text.js';

describe('Slack text', () => {
  it('escapes customer text so it cannot ping the channel or forge a link', () => {
    expect(escapeSlack('<!channel> help & <http://evil.example|your bank>')).toBe('&lt;!channel&gt; help &amp; &lt;http://evil.example|your bank&gt;');
  });

  it('quotes every line of customer text and keeps names on one line', () => {
    expect(quoteSlack('hi\n:headphones: Ada to the customer: ok\rthird\u2029<!here>')).toBe(
      '> hi\n> :headphones: Ada to the customer: ok\n> third\n> &lt;!here&gt;',
    );
    expect(inlineSlack(' Eve\n:headphones: Ada ')).toBe('Eve :headphones: Ada');
  });

  it("turns an agent's Slack markup into plain text for the customer", () => {
    expect(plainFromSlack('See <https://shop.example/faq|our FAQ> &amp; <https://shop.example/> or <mailto:help@shop.example|help@shop.example>')).toBe(
      'See our FAQ (https://shop.example/faq) & https://shop.example/ or help@shop.example',
    );
    expect(plainFromSlack('ask <@U0ADA|ada> in <#C0BILLING|billing>, <!here>; 2 &lt; 3 &gt; 1')).toBe('ask @ada in #billing, @here; 2 < 3 > 1');
    expect(plainFromSlack('plain text stays')).toBe('plain text stays');
  });

  it('reads notes, canned replies and replies', () => {
    expect(parseThreadReply('note: refund approved by Ben')).toEqual({ kind: 'note', text: 'refund approved by Ben' });
    expect(parseThreadReply('NOTE:VIP')).toEqual({ kind: 'note', text: 'VIP' });
    expect(parseThreadReply('// check the carrier')).toEqual({ kind: 'note', text: 'check the carrier' });
    expect(parseThreadReply(' !Refund-Timeline ')).toEqual({ kind: 'canned', name: 'refund-timeline' });
    expect(parseThreadReply('!greeting and more')).toEqual({ kind: 'reply', text: '!greeting and more' });
    expect(parseThreadReply('Hello, notes: are fine here')).toEqual({ kind: 'reply', text: 'Hello, notes: are fine here' });
  });

  it('clips, formats waits and dates', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect([duration(42_400), duration(185_000), duration(3_900_000)]).toEqual(['42 s', '3 min', '1 h 05 min']);
    expect(slackTime(Date.parse('2026-11-23T10:05:00Z'))).toBe('<!date^1795428300^{time}|10:05 UTC>');
  });
});
