/**
 * Street addresses (en, zh). English: a house number, one to four name words and a street type, read
 * word by word from each house number (each word is read by at most the five house numbers before
 * it). Chinese: one regex whose every piece is bounded and deterministic: a place name is "characters
 * up to the first suffix" (市, 区, 路…), never "any characters, then a suffix", so a failed attempt
 * cannot retry its pieces in other splits. Both stay linear on "市市市…" or "1 a 1 a …".
 */
import type { Span } from './cards.js';
import { isDigit, isLetter, isWordChar } from './normalize.js';
import { countSteps } from './work-meter.js';

const lower = (words: readonly string[]) => new Set(words.map((w) => w.toLowerCase()));
// Street types in any case, and words that are also ordinary English ("on the way") only capitalised.
const anyCaseTypes = ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Highway', 'Hwy', 'Parkway', 'Pkwy'];
const capitalisedTypes = ['Way', 'Drive', 'Dr', 'Court', 'Ct', 'Place', 'Pl', 'Terrace', 'Square', 'Sq'];
const anyCase = lower(anyCaseTypes);
const capitalised = new Set(capitalisedTypes);
const stopWords = lower([
  'the',
  'a',
  'an',
  'for',
  'on',
  'in',
  'to',
  'of',
  'my',
  'your',
  'and',
  'or',
  'with',
  'at',
  'by',
  'from',
  'is',
  'it',
  'this',
  'that',
  'item',
  'items',
  'pair',
  'pairs',
  'day',
  'days',
  'hour',
  'hours',
]);
/** A case-insensitive alternative for a word without making the whole pattern case-insensitive. */
const ci = (word: string) => [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
// An apartment or suite after the street: ", Apt 4", " Suite 300", " #12"; bounded, read once per address.
const unitWords = ['Apt', 'Apartment', 'Suite', 'Ste', 'Unit', 'Flat', 'Floor', 'Fl'].map(ci).join('|');
const unit = new RegExp(`,?\\s{0,3}(?:${unitWords})\\.?\\s{0,3}#?[\\w-]{1,12}|,?\\s{0,3}#\\s?\\d{1,6}\\w?`, 'y');

const MAX_NAME_WORDS = 4;
const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;

/** The leading word of `text` at `at` (letters, digits, '_', "'", '.', '-'), and where it ends. */
function wordAt(text: string, at: number): number {
  let end = at;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (!(isWordChar(code) || code === 39 || code === 46 || code === 45)) break;
    end++;
  }
  return end;
}

/** The street-type prefix of the word `[start, end)` followed by a non-word character, or -1. */
function streetTypeEnd(text: string, start: number, end: number): number {
  // The type is the word's leading letters ("St." → "St", "Street," → "Street").
  let letters = start;
  while (letters < end && isWordChar(text.charCodeAt(letters))) letters++;
  const word = text.slice(start, letters);
  if (capitalised.has(word) || anyCase.has(word.toLowerCase())) return letters;
  return -1;
}

/** A name word: starts with a letter, then word characters, "'", '.', '-' only, and is no stop word. */
function isNameWord(text: string, start: number, end: number): boolean {
  if (!isLetter(text.charCodeAt(start))) return false;
  let head = start;
  while (head < end && isWordChar(text.charCodeAt(head))) head++;
  return !stopWords.has(text.slice(start, head).toLowerCase());
}

function englishAt(text: string, start: number): number {
  // 1–6 digits, an optional letter (12B), then whitespace.
  let at = start;
  while (at < text.length && at - start < 7 && isDigit(text.charCodeAt(at))) at++;
  if (at - start > 6) return -1;
  if (isLetter(text.charCodeAt(at))) at++;
  if (!isSpace(text.charCodeAt(at))) return -1;
  // The words after the number: up to four names, then a type (the longest such reading wins).
  const words: { start: number; end: number; name: boolean }[] = [];
  while (words.length <= MAX_NAME_WORDS) {
    const spaceFrom = at;
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    countSteps(at - spaceFrom);
    if (at === spaceFrom || at >= text.length) break;
    const end = wordAt(text, at);
    countSteps(end - at + 1);
    if (end === at) break;
    words.push({ start: at, end, name: isNameWord(text, at, end) });
    if (!words.at(-1)!.name) break;
    at = end;
  }
  let names = 0;
  while (names < words.length && names < MAX_NAME_WORDS && words[names].name) names++;
  for (let k = names; k >= 1; k--) {
    const type = words[k];
    if (!type) continue;
    const typeEnd = streetTypeEnd(text, type.start, type.end);
    if (typeEnd < 0) continue;
    unit.lastIndex = typeEnd;
    return unit.exec(text) ? unit.lastIndex : typeEnd;
  }
  return -1;
}

/** Whether a house number may start at `i`: not the tail of another number, an amount or a mask. */
function startsHouseNumber(text: string, i: number): boolean {
  if (!isDigit(text.charCodeAt(i))) return false;
  if (i === 0) return true;
  const before = text.charCodeAt(i - 1);
  if (isWordChar(before) || '$£€¥.,*'.includes(text[i - 1])) return false;
  if (i >= 2 && (before === 32 || before === 45) && (isDigit(text.charCodeAt(i - 2)) || text[i - 2] === '*')) return false;
  return true;
}

function findEnglish(text: string): Span[] {
  const found: Span[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!startsHouseNumber(text, i)) continue;
    countSteps(1);
    const end = englishAt(text, i);
    if (end > 0) {
      found.push({ start: i, end });
      i = end - 1;
    }
  }
  return found;
}

// Chinese: no spaces, so names are runs of CJK characters minus the words that introduce an address.
const cjkExcluded = '\\x00-\\x7F\\s到在寄送发是的我你他请址给:：,，。；;!！?？、（）()';
const adminSuffix = '省市区县镇乡';
const roadSuffix = '路街巷弄';
// A place name: 1–8 characters up to the first suffix (街道 is a suburb, not a street).
const admin = `(?:(?:(?!街道)[^${cjkExcluded}${adminSuffix}]){1,8}(?:[${adminSuffix}]|自治区|街道))`;
const road = `(?:(?:(?!大道|胡同)[^${cjkExcluded}${roadSuffix}]){1,10}(?:[${roadSuffix}]|大道|胡同))`;
const houseNo = '(?:[0-9]{1,8}(?:[-之][0-9]{1,6})?号院?)';
const unitCn = '(?:[0-9A-Za-z一二三四五六七八九十]{1,8}(?:栋|幢|号楼|座|单元|层|楼|室|户))';
// Lazy and bounded: at most `max` tries of a bounded unit after it.
const filler = (max: number) => `[^${cjkExcluded}]{0,${max}}?`;
const addressZh = new RegExp(`${admin}{0,4}${road}\\s{0,3}${houseNo}(?:${filler(8)}${unitCn}){0,4}|${admin}{1,4}${filler(12)}${unitCn}{1,4}`, 'g');

function findChinese(text: string): Span[] {
  const found: Span[] = [];
  // Every attempt reads a bounded window (at most about 150 characters), so a pass is linear.
  countSteps(text.length);
  for (const match of text.matchAll(addressZh)) found.push({ start: match.index, end: match.index + match[0].length });
  return found;
}

/** Address spans in the normalized `text`, sorted and disjoint (the earlier one kept). */
export function findAddressSpans(text: string): Span[] {
  const kept: Span[] = [];
  for (const span of [...findEnglish(text), ...findChinese(text)].sort((a, b) => a.start - b.start)) {
    if (kept.length === 0 || kept[kept.length - 1].end <= span.start) kept.push(span);
  }
  return kept;
}
