/**
 * Where personal data sits in a text: e-mails, Chinese resident ids, IBANs, card numbers, phone
 * numbers, street addresses (en, zh). Every detector reads an ASCII view of the text (full-width
 * letters folded, every script's decimal digits read by value, see `normalize.ts`) in time linear in
 * its length, and each match is cut from the original. Checks (Luhn, GB 11643, mod 97, libphonenumber's ranges) keep order
 * numbers (A1001), amounts and dates (2026-12-25) from being taken for a card or a phone.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { findAddressSpans } from './addresses.js';
import { findCardSpans, MIN_CARD_DIGITS, passesLuhn, type Span } from './cards.js';
import { digitRuns } from './digit-runs.js';
import { findEmailSpans } from './emails.js';
import { findIbanSpans } from './iban.js';
import { findResidentIdSpans } from './national-id.js';
import { asciiView } from './normalize.js';
import { DEFAULT_PHONE_REGIONS, findPhoneSpans, regionsForLocale, type ScanBudget, scanBudget } from './phones.js';

export { passesLuhn };

/** The kinds of personal data Baton masks; `national-id` is a Chinese resident identity number. */
export type PiiKind = 'card' | 'email' | 'phone' | 'address' | 'national-id' | 'iban';

/** One piece of personal data found in a text; `start`/`end` index the original string. */
export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

/** What the detectors of one text share: the original, its ASCII view, phone regions, a memo. */
export class ScanContext {
  readonly normalized: string;
  readonly regions: readonly CountryCode[];
  /** The original index of each index of `normalized` (see AsciiView); undefined when they are the same. */
  readonly #origin: readonly number[] | undefined;
  #phones: Span[] | undefined;
  #cards: Span[] | undefined;

  constructor(
    readonly text: string,
    { locale, regions }: { locale?: string; regions?: readonly string[] } = {},
    /** libphonenumber's share; one masking's rounds pass the same one. */
    readonly budget: ScanBudget = scanBudget(),
  ) {
    const view = asciiView(text);
    this.normalized = view.text;
    this.#origin = view.origin;
    this.regions = [...new Set([...((regions ?? []) as CountryCode[]), ...regionsForLocale(locale), ...DEFAULT_PHONE_REGIONS])];
  }

  /** Phones, found once: cards need them too. */
  phones(): Span[] {
    this.#phones ??= findPhoneSpans(this.normalized, this.regions, this.budget);
    return this.#phones;
  }

  /** Cards, found once: they leave out digits a phone took. */
  cards(): Span[] {
    if (this.#cards) return this.#cards;
    const runs = digitRuns(this.normalized);
    // A card has 13 digits at least, all in one run: without such a run there is none, and the phone
    // search (libphonenumber, the costly part) is left to the phone detector, which may not be asked.
    const mayHoldCard = runs.some((groups) => groups.reduce((digits, group) => digits + group.end - group.start, 0) >= MIN_CARD_DIGITS);
    this.#cards = mayHoldCard ? findCardSpans(this.normalized, runs, this.phones()) : [];
    return this.#cards;
  }

  /**
   * Phones once more with the cards blanked out, as a second masking would see them: a phone and a
   * card in one run of digits ("07911 123456 4111 1111 1111 1111") reads as one long number to
   * libphonenumber, so the phone shows only once the card is gone. This keeps masking idempotent.
   */
  phonesBesideCards(): Span[] {
    const cards = this.cards();
    if (cards.length === 0) return this.phones();
    const parts: string[] = [];
    let at = 0;
    for (const card of cards) {
      parts.push(this.normalized.slice(at, card.start), '*'.repeat(card.end - card.start));
      at = card.end;
    }
    parts.push(this.normalized.slice(at));
    return findPhoneSpans(parts.join(''), this.regions, this.budget);
  }

  /** Spans of the view as matches of `kind` in the original text, values cut from it. */
  matches(kind: PiiKind, spans: readonly Span[]): PiiMatch[] {
    const origin = this.#origin;
    return spans.map((span) => {
      const start = origin ? (origin[span.start] as number) : span.start;
      const end = origin ? (origin[span.end] as number) : span.end;
      return { kind, start, end, value: this.text.slice(start, end) };
    });
  }
}

type Detector = (context: ScanContext) => PiiMatch[];

/** Every detector; `findPii` resolves overlaps in the order of `PII_PRIORITY`. */
export const detectors: Readonly<Record<PiiKind, Detector>> = {
  email: (c) => c.matches('email', findEmailSpans(c.normalized)),
  'national-id': (c) => c.matches('national-id', findResidentIdSpans(c.normalized)),
  iban: (c) => c.matches('iban', findIbanSpans(c.normalized)),
  // A Luhn-valid window can straddle a phone and the card after it; the phone's digits are not the card's.
  card: (c) => c.matches('card', c.cards()),
  phone: (c) => c.matches('phone', c.phonesBesideCards()),
  address: (c) => c.matches('address', findAddressSpans(c.normalized)),
};

/**
 * Most specific first: an e-mail's digits are no phone, an 18-digit id that checks out is no card,
 * a phone inside an address is one address.
 */
export const PII_PRIORITY: readonly PiiKind[] = ['email', 'national-id', 'iban', 'card', 'phone', 'address'];
