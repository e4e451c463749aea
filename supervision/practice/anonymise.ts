/**
 * Anonymising a past conversation for practice. Transcripts are already masked (cards, phones, e-mails,
 * addresses keep a few characters so agents can talk about them); practice goes further, because a
 * trainee needs none of it: whatever could point at the real customer becomes a placeholder or a value
 * that is obviously fake.
 *
 * - the customer's name (from the ticket and the channel profile) and names they introduce themselves
 *   with ("my name is", "this is", "我叫") become a fake name;
 * - order numbers become ORD-0001, ORD-0002... (the same number keeps the same fake one);
 * - e-mails (masked or not) become customer@example.com, links [link], @handles @customer, IP addresses [ip];
 * - masked or raw phone and card numbers become [phone] / [card], any other run of 6+ digits (tracking
 *   numbers, postcodes, account numbers) [number], addresses [address] (the masker's own placeholder).
 *
 * Every step is one pass of a regular expression without nested quantifiers: linear in the text.
 */
import { DEFAULT_ORDER_PATTERN } from '../../dialogs/order-number.js';
import { asciiDigits, maskText } from '../../handoff/privacy/index.js';

/** The fake name a customer gets in practice, per language. */
export const FAKE_NAMES = { en: 'Sam Lee', zh: '李明' } as const;
export const FAKE_EMAIL = 'customer@example.com';
/** Longest text anonymised; practice keeps 500 characters of a line. */
export const MAX_ANONYMISED_CHARACTERS = 2_000;

export interface AnonymiseOptions {
  /** Names known to be the customer's (ticket, channel profile); each is replaced wherever it appears. */
  readonly names?: readonly string[];
  /** The conversation's language: picks the fake name. */
  readonly locale?: string;
}

/** Anonymises texts of one conversation; order numbers map to the same fake ones across its lines. */
export class Anonymiser {
  readonly #fakeName: string;
  readonly #names: readonly RegExp[];
  readonly #orders = new Map<string, string>();

  constructor({ names = [], locale = 'en' }: AnonymiseOptions = {}) {
    this.#fakeName = locale.startsWith('zh') ? FAKE_NAMES.zh : FAKE_NAMES.en;
    this.#names = namePatterns(names);
  }

  /** The text (its first `MAX_ANONYMISED_CHARACTERS`) with everything that could identify the customer replaced. */
  text(raw: string): string {
    const bounded = raw.slice(0, MAX_ANONYMISED_CHARACTERS);
    // Full-width letters and digits (Ａ１００１, from Chinese IMEs) folded, so order numbers are found; punctuation kept.
    // Digits of any script read as ASCII ones first, so every number pattern below sees them ("٤١١١ ١١١١ …" is a card).
    let text = maskText(asciiDigits(bounded).replace(FULL_WIDTH_ALPHANUMERIC, (c) => c.normalize('NFKC')))
      .replace(EMAIL, FAKE_EMAIL)
      .replace(LINK, '[link]')
      .replace(HANDLE, '$1@customer')
      .replace(IPV4, '[ip]');
    // Names after links and handles, which may contain them; before the introductions, which then see the fake name.
    for (const pattern of this.#names) text = text.replace(pattern, this.#fakeName);
    text = text
      .replace(INTRODUCTION_EN, (all, lead: string, name: string) => this.#introduced(all, lead, name))
      .replace(INTRODUCTION_ZH, (_all, lead: string) => `${lead}${this.#fakeName}`)
      .replace(ORDER, (found) => this.#order(found))
      .replace(UK_POSTCODE, '[postcode]')
      .replace(MIXED_CODE, '[number]')
      .replace(MASKED_OR_LONG_NUMBER, numberPlaceholder);
    return text;
  }

  #introduced(all: string, lead: string, name: string): string {
    const [first = '', second] = name.split(' ');
    if (!/^\p{Lu}/u.test(first) || NOT_A_NAME.test(first)) return all;
    // "This is Sam Lee" is a name; "This is Ann about my order": the second word is not part of it.
    const rest = second && (!/^\p{Lu}/u.test(second) || NOT_A_NAME.test(second)) ? ` ${second}` : '';
    return `${lead}${this.#fakeName}${rest}`;
  }

  #order(found: string): string {
    const key = found.replace(/[#\s-]/g, '').toUpperCase();
    let fake = this.#orders.get(key);
    if (!fake) {
      fake = `ORD-${String(this.#orders.size + 1).padStart(4, '0')}`;
      this.#orders.set(key, fake);
    }
    return fake;
  }
}

const FULL_WIDTH_ALPHANUMERIC = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
// Tracking numbers, account and reference codes: 6+ letters and digits with at least one of each.
const MIXED_CODE = /\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{6,40}\b/g;
const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g;
// Starts only where a token starts, so a long token without '@' is scanned once, not from every character.
const EMAIL = /(?<![^\s<>()[\]"',;:])[^\s@＠<>()[\]"',;:]+[@＠][^\s@＠<>()[\]"',;:]+\.[A-Za-z]{2,}/g;
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
const HANDLE = /(^|[\s(])@[A-Za-z0-9_.]{2,30}/g;
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const ORDER = new RegExp(DEFAULT_ORDER_PATTERN.source, 'g');
// Digits and the masker's stars, with the separators numbers are written with; at least 6 characters.
const MASKED_OR_LONG_NUMBER = /[+＋]?[\d*][\d*\s().-]{4,}[\d*]/g;

// A word or two after an introduction; kept when it is not capitalised or is a feeling or state ("I'm Upset").
const INTRODUCTION_EN =
  /\b((?:my name is|my name's|name:|this is|i am|i'm|call me|regards,?|thanks,?|cheers,?)\s+)([a-z][a-z'’-]{1,20}(?: [a-z][a-z'’-]{1,20})?)/gi;
const NOT_A_NAME =
  /^(?:very|so|not|really|still|just|angry|upset|sorry|fine|good|here|waiting|writing|trying|going|looking|calling|the|a|an|it|in|on|at|from|your|yours|my|for|about|getting|having|done|ok|okay|happy|confused|frustrated|disappointed|back|again|to|with|and|but|order|customer|you|all|very)$/i;
const INTRODUCTION_ZH = /(我叫|我的名字是|我的名字叫|本人姓名|姓名[:：]?|我姓)\p{Script=Han}{1,3}/gu;

/** A digit run: [card] for 16-19 digits or stars, [phone] for 7-15 with a star or a leading +, else [number]. */
function numberPlaceholder(found: string): string {
  const digits = found.replace(/[^\d*]/g, '').length;
  if (digits < 6) return found;
  if (digits >= 16) return '[card]';
  if (digits >= 7 && (found.includes('*') || /^[+＋]/.test(found))) return '[phone]';
  return '[number]';
}

// Profile names that are no one's name (Web Chat's and emulators' defaults).
const PLACEHOLDER_NAMES = /^(?:user|you|me|customer|guest|visitor|anonymous|unknown|client|test)$/i;
// Names that are also everyday words: replaced only when capitalised ("Will" the name, not "I will").
const EVERYDAY_WORDS =
  /^(?:will|may|june|april|august|mark|bill|grace|hope|joy|rose|faith|summer|jack|frank|sunny|happy|lucky|rich|dean|gene|major|page|ray|rob|sue|pat|art|max|amber|ruby|dawn|eve|rain|river|sky|star|king|young|long|white|black|green|brown|love|chance|case|price|cash|cook|hunter|miller|baker|mason|carter|booker|bishop|park|lee|song|wang|li|chen|zhang|liu|yang|huang|zhao|wu|zhou|xu|sun|ma|zhu|hu|guo|he|lin|luo)$/i;

/** Alternations of the known names (full names first, then their parts of 2+ letters): one case-blind, one exact. */
function namePatterns(names: readonly string[]): RegExp[] {
  const anyCase = new Set<string>();
  const exact = new Set<string>();
  for (const name of names.slice(0, 5)) {
    const clean = name.normalize('NFKC').trim().slice(0, 80);
    if (clean.length < 2 || PLACEHOLDER_NAMES.test(clean)) continue;
    anyCase.add(clean);
    for (const part of clean.split(/[\s,.]+/)) {
      if (part.length < 2 || PLACEHOLDER_NAMES.test(part)) continue;
      (EVERYDAY_WORDS.test(part) ? exact : anyCase).add(part);
    }
  }
  return [alternation(anyCase, 'giu'), alternation(exact, 'gu')].filter((pattern): pattern is RegExp => pattern !== undefined);
}

function alternation(parts: ReadonlySet<string>, flags: string): RegExp | undefined {
  if (parts.size === 0) return undefined;
  const sorted = [...parts].sort((a, b) => b.length - a.length).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const han = sorted.filter((part) => /\p{Script=Han}/u.test(part));
  // Latin names as whole words ("Ann" is not "Anne" nor "announce"); CJK names have no word boundaries.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join('|')})(?![\\p{L}\\p{N}])${han.length > 0 ? `|(?:${han.join('|')})` : ''}`, flags);
}
