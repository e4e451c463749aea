/**
 * Complaint patterns a word list cannot hold: long waits written with digits, "太X了" with any X,
 * "只有三块肉", "没有筷子", a strong negation with nothing to negate ("一点都不辣"), praise tacked on after a complaint
 * ("..., great"), and who is asking when "!!!" is piled up. Each returns a weight on the lexicon's scale
 * (about -3..3), added to the message's total by `score-emotion.ts`.
 */
import { ZH_LEXICON } from './lexicon-zh.js';
import { endBefore } from '../../infra/text-ends.js';

// A long wait, said with a waiting verb before it or "才/还没" after it ("等了1个多小时", "两个小时才送到"):
// the most common delivery complaint, often written with digits the lexicon cannot list. Each space can be
// read one way only, and a number is read from its first digit (the lookbehinds): spaces between optional
// words ("\s*个?\s*多?\s*") and retries from inside a long number made these regexes polynomial, up to
// minutes on one message of a thousand characters (tests/security/regex-linearity.test.ts).
const ZH_LONG_WAIT =
  /(?:等|送|用|花|过|晚|迟)了?\s*(?:\d+|[一两二三四五六七八九十半几]+)\s*(?:个\s*)?(?:[多半]\s*)?(?:小时|钟头)|(?:(?<!\d)\d+|(?<![一两二三四五六七八九十几])[一两二三四五六七八九十几]+)\s*(?:个\s*)?(?:[多半]\s*)?(?:小时|钟头)(?:才|还没|都没|也没)/u;
const ZH_LONG_WAIT_MINUTES = /(?:等|送|用|花)了?\s*(\d{2,3})\s*(?:多\s*)?分钟/u;
const EN_LONG_WAIT =
  /\b(?:waited|waiting|wait|on hold|took)\b(?: for)?(?: over| almost| nearly| more than)? (?:\d+|an?|one|two|three|four|five|several) (?:hours?|days|weeks|months)\b/i;

// "太稀了", "太硬了": too much of anything is a complaint unless the lexicon knows the word ("太好了", "太快了").
const ZH_TOO_MUCH = /太(\p{Script=Han}{1,2})了/gu;
// "只有三块肉", "才这么一点", "没几口肉": a portion counted out loud is a short portion.
const ZH_SHORT_PORTION = /(?:只有|就|才)(?:\d+|[一两二三四五六七八九十几]+)(?:个|块|片|颗|根|口|只|条|粒)|才这么|这么一点|没几(?:个|块|片|口|根)|全是/u;
// "没有筷子", "没给餐具": what should have come with the order and did not.
const ZH_MISSING_ITEM = /(?:没有|没给|没放|不给)(?:筷子|勺子|餐具|纸巾|吸管|发票|赠品|小票|酱|米饭)/u;
// "一点都不辣", "根本不甜": a strong negation of something the lexicon does not weigh still says it fell short.
const ZH_FLAT_NEGATION = /(?:一点[也都]不|根本不|完全不|一点[也都]没)(\p{Script=Han}{1,3})/gu;

// "Received someone else's order, great": praise closing a message that complains is sarcasm.
const EN_PRAISE_WORDS = ['great', 'brilliant', 'perfect', 'wonderful', 'fantastic', 'awesome', 'lovely', 'nice'];
const ZH_CLOSING_PRAISE = /[，,](?:真好|真棒|太好了|厉害|可以的)[。！!]*$/u;

// Piled-up "!!!" is anger in a demand or a question ("where is my refund!!!"), excitement otherwise.
const EN_DEMAND = /\b(?:where|why|when|how|what|who|still|now|refund|money|answer)\b|\?/i;
const ZH_DEMAND = /哪|为什么|怎么|什么时候|还没|到底|退|赶紧|马上|\?|？/u;

/** Weight of the patterns found in `text` (negative or 0). */
export function patternWeight(text: string, zh: boolean): number {
  if (!zh) return EN_LONG_WAIT.test(text) ? -1.5 : 0;
  let total = 0;
  const minutes = Number(ZH_LONG_WAIT_MINUTES.exec(text)?.[1] ?? 0);
  if (ZH_LONG_WAIT.test(text) || minutes >= 40) total -= 2;
  for (const [, what] of text.matchAll(ZH_TOO_MUCH)) {
    if (what && ZH_LEXICON[what] === undefined && ZH_LEXICON[`太${what}`] === undefined) total -= 1.5;
  }
  if (ZH_SHORT_PORTION.test(text)) total -= 1.5;
  if (ZH_MISSING_ITEM.test(text)) total -= 1.5;
  for (const [, next = ''] of text.matchAll(ZH_FLAT_NEGATION)) {
    // A word the lexicon weighs starts there ("一点都不油腻", "根本不热"): the lexicon's negation reads it.
    const weighed = [1, 2, 3].some((n) => n <= next.length && ZH_LEXICON[next.slice(0, n)] !== undefined);
    if (!weighed) total -= 1.5;
  }
  return total;
}

/** True when praise in `text` should count as sarcasm because it closes a message. */
export function closingPraise(text: string, zh: boolean): boolean {
  return zh ? ZH_CLOSING_PRAISE.test(text.trim()) : closesWithEnglishPraise(text.trim());
}

const isSpace = (c: string) => /\s/.test(c);
const isStop = (c: string) => c === '.' || c === '!';

/**
 * `text` ends ", great" (spaces, then stops, then spaces after the word allowed), read from the end in
 * one pass. The regex it replaces (`,\s*(?:great|…)\s*[.!]*\s*$`) split a run of spaces between its two
 * `\s*` every possible way, quadratic in the run.
 */
function closesWithEnglishPraise(text: string): boolean {
  const end = endBefore(text, endBefore(text, endBefore(text, text.length, isSpace), isStop), isSpace);
  const word = EN_PRAISE_WORDS.find((praise) => text.slice(Math.max(0, end - praise.length), end).toLowerCase() === praise);
  if (word === undefined) return false;
  const comma = endBefore(text, end - word.length, isSpace);
  return text[comma - 1] === ',';
}

/** True when piled-up "!!!" in an otherwise neutral message reads as a demand rather than excitement. */
export function isDemand(text: string, zh: boolean): boolean {
  return (zh ? ZH_DEMAND : EN_DEMAND).test(text);
}
