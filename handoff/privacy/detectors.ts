/**
 * Where personal data sits in a text: card numbers, e-mails, phone numbers, street addresses (en, zh).
 * Each detector finds candidate spans; `findPii` resolves overlaps. Patterns lean towards the formats
 * customers actually type, and every digit pattern is bounded so order numbers (A1001), amounts and
 * dates (2026-12-25) are never taken for a card or a phone.
 */

/** The kinds of personal data Baton masks. */
export type PiiKind = 'card' | 'email' | 'phone' | 'address';

/** One piece of personal data found in a text; `start`/`end` index the original string. */
export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

type Detector = (text: string) => PiiMatch[];

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** The Luhn checksum every payment card number satisfies (and 90 % of random numbers fail). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function scan(re: RegExp, kind: PiiKind, text: string, accept: (value: string) => boolean = () => true): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const m of text.matchAll(re)) {
    if (m.index !== undefined && accept(m[0])) found.push({ kind, start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return found;
}

const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// Runs of digit groups joined by single spaces or dashes, not glued to a letter, a '+' or a mask.
const digitRun = /(?<![\w+*-])\d+(?:[ -]\d+)*(?![\w*-])/g;

/**
 * Card numbers inside one digit run. A run can hold more than a card ("4111 1111 1111 1111 123 Main
 * St", a phone then a card), so windows of whole groups are tried, longest first, each starting at
 * a 4-digit group as cards are written (or unbroken); a window counts when it has 13-19 digits and passes Luhn.
 */
function findCards(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  // A Luhn-valid window can straddle a phone and the card after it; the phone's digits are not the card's.
  const phones = findPhones(text);
  for (const run of text.matchAll(digitRun)) {
    const groups = [...run[0].matchAll(/\d+/g)].map((g) => ({ start: run.index + g.index, digits: g[0] }));
    for (let i = 0; i < groups.length; i++) {
      for (let j = groups.length - 1; j >= i; j--) {
        const window = groups.slice(i, j + 1);
        // One unbroken run, or groups as cards print them (4-4-4-4, 4-6-5, 4-4-4-4-3): a date's 2-digit
        // month is never inside one.
        const printed = window[0].digits.length === 4 && window.every((g, k) => g.digits.length <= 6 && (k === window.length - 1 || g.digits.length >= 3));
        if (window.length > 1 && !printed) continue;
        const digits = window.map((g) => g.digits).join('');
        if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) continue;
        const end = groups[j].start + groups[j].digits.length;
        if (phones.some((p) => p.start < end && groups[i].start < p.end)) continue;
        found.push({ kind: 'card', start: groups[i].start, end, value: text.slice(groups[i].start, end) });
        i = j;
        break;
      }
    }
  }
  return found;
}

const phoneInternational = /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,5}(?!\w)/g;
const phoneChinaMobile = /(?<![\w+])1[3-9]\d(?:[ -]?\d{4}){2}(?![\w])/g;
// US numbers need separators: a bare 10-digit run is as likely an order or tracking number.
const phoneUs = /(?<![\w+-])(?:1[ .-])?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])/g;

/** Builds a case-insensitive alternative for a word without making the whole pattern case-insensitive. */
const ci = (word: string) => [...word].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c)).join('');
// Words that are also ordinary English ("on the way", "a nice place") count only when capitalised.
const streetTypes = [
  ...['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Highway', 'Hwy', 'Parkway', 'Pkwy'].map(ci),
  'Way', 'Drive', 'Dr', 'Court', 'Ct', 'Place', 'Pl', 'Terrace', 'Square', 'Sq',
].join('|');
const stopWord = `(?:${['the', 'a', 'an', 'for', 'on', 'in', 'to', 'of', 'my', 'your', 'and', 'or', 'with', 'at', 'by', 'from', 'is', 'it', 'this', 'that', 'item', 'items', 'pair', 'pairs', 'day', 'days', 'hour', 'hours'].map(ci).join('|')})\\b`;
const streetName = `(?!${stopWord})[A-Za-z][\\w'.-]*`;
const unit = `(?:,?\\s*(?:${['Apt', 'Apartment', 'Suite', 'Ste', 'Unit', 'Flat', 'Floor', 'Fl'].map(ci).join('|')})\\.?\\s*#?[\\w-]+|,?\\s*#\\s?\\d+\\w?)?`;
// The house number is not the tail of another number (a card, a phone, an amount).
const addressEn = new RegExp(`(?<![\\w$£€¥.,*]|[\\d*][ -])\\d{1,6}[A-Za-z]?\\s+(?:${streetName}\\s+){1,4}(?:${streetTypes})\\b${unit}`, 'g');

// Chinese: no spaces, so names are runs of CJK characters minus the words that introduce an address.
const cjk = '[^\\x00-\\x7F\\s到在寄送发是的我你他请址给:：,，。；;!！?？、（）()]';
const admin = `(?:${cjk}{1,8}?(?:省|自治区|市|区|县|镇|乡|街道))`;
const road = `(?:${cjk}{1,10}?(?:路|街|大道|巷|弄|胡同))`;
const houseNo = '(?:[0-9０-９]+(?:[-之][0-9]+)?号(?:院)?)';
const unitCn = '(?:[0-9A-Za-z一二三四五六七八九十]+(?:栋|幢|号楼|座|单元|层|楼|室|户))';
const addressZh = new RegExp(
  `${admin}{0,4}${road}\\s*${houseNo}(?:${cjk}{0,8}?${unitCn}){0,4}|${admin}{1,4}${cjk}{0,12}?${unitCn}{1,4}`,
  'g',
);

function findPhones(text: string): PiiMatch[] {
  return [
    ...scan(phoneInternational, 'phone', text, (v) => digitsOf(v).length >= 8 && digitsOf(v).length <= 15),
    ...scan(phoneChinaMobile, 'phone', text),
    ...scan(phoneUs, 'phone', text),
  ];
}

/** Every detector, most specific first; `findPii` keeps the earlier one when two overlap. */
export const detectors: Readonly<Record<PiiKind, Detector>> = {
  email: (text) => scan(email, 'email', text),
  card: findCards,
  phone: findPhones,
  address: (text) => [...scan(addressEn, 'address', text), ...scan(addressZh, 'address', text)],
};
