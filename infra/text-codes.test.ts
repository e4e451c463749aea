import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceCodes, replaceNoise, withoutLetterCodes } from './text-codes.js';

// The regexes these scanners replace: the oracle on short texts, where their retries cost nothing.
const CODES = /[#\w-]*\d[#\w-]*/gu;
const LETTER_CODES = /[A-Za-z#]*\d[\w-]*/g;
const NOISE = /(https?:\/\/\S+|\S+@\S+|[#\w-]*\d[#\w-]*)/gu;

// Pieces that make the regexes' branches meet: links, '@', codes, every kind of space, astral characters.
const piece = fc.constantFrom(
  'a',
  'Z',
  'h',
  'http',
  'https',
  '://',
  ':',
  '/',
  's',
  '1',
  '0',
  '#',
  '-',
  '_',
  '@',
  '.',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '\ufeff',
  '中',
  'é',
  '😀',
  '\uD83D',
  '１',
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join('')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

describe('codes and noise cut in one pass, as the regexes cut them', () => {
  it('replaceCodes equals /[#\\w-]*\\d[#\\w-]*/gu', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(replaceCodes(t, ' 0 ')).toBe(t.replace(CODES, ' 0 '));
      }),
      { numRuns: 3000 },
    );
  });

  it('withoutLetterCodes equals /[A-Za-z#]*\\d[\\w-]*/g', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(withoutLetterCodes(t)).toBe(t.replace(LETTER_CODES, ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('replaceNoise equals /(https?:\\/\\/\\S+|\\S+@\\S+|[#\\w-]*\\d[#\\w-]*)/gu', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(replaceNoise(t, ' ')).toBe(t.replace(NOISE, ' '));
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['order #A1001 now', 'order  0  now', 'order  now', 'order   now'],
    ['mail a@b.example or https://shop.example/x', 'mail a@b.example or https://shop.example/x', 'mail a@b.example or https://shop.example/x', 'mail   or  '],
    ['a1b#2 and A1#ab1', ' 0  and  0 ', ' and ', '  and  '],
    ['我的订单A1001在哪', '我的订单 0 在哪', '我的订单在哪', '我的订单 在哪'],
  ])('%s', (input, codes, letterCodes, noise) => {
    expect(replaceCodes(input, ' 0 ')).toBe(codes);
    expect(withoutLetterCodes(input)).toBe(letterCodes);
    expect(replaceNoise(input, ' ')).toBe(noise);
  });

  it('reads texts far past the message limit that made the regexes retry from every character', () => {
    // 200,000 characters: the regexes would take minutes on each; one pass reads them at once.
    const word = 'a'.repeat(200_000);
    const hashes = '#'.repeat(200_000);
    const token = `x${'b'.repeat(200_000)}@`;
    expect(replaceCodes(word, ' 0 ')).toBe(word);
    expect(withoutLetterCodes(hashes)).toBe(hashes);
    expect(replaceNoise(token, ' ')).toBe(token);
    expect(replaceNoise(`${word}1`, ' ')).toBe(' ');
  });
});
