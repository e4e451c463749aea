/**
 * Masking personal data before a text reaches an agent's desk, a transcript or a log line.
 * Agents keep just enough to talk about it ("the card ending 1111", "j***@example.com").
 */
import { detectors, type PiiKind, type PiiMatch } from './detectors.js';

/** How many of each kind were masked. */
export type PiiCounts = Record<PiiKind, number>;

/** A masked text and what was found in it. */
export interface MaskResult {
  readonly text: string;
  readonly found: PiiCounts;
}

export interface MaskOptions {
  /** The kinds to mask; all by default. */
  readonly kinds?: readonly PiiKind[];
}

const allKinds: readonly PiiKind[] = ['email', 'card', 'phone', 'address'];

/**
 * The personal data in `text`, in reading order, overlaps resolved (e-mail > card > phone > address:
 * a phone inside an address is one address).
 */
export function findPii(text: string, { kinds = allKinds }: MaskOptions = {}): PiiMatch[] {
  const kept: PiiMatch[] = [];
  for (const kind of allKinds) {
    if (!kinds.includes(kind)) continue;
    for (const match of detectors[kind](text)) {
      if (!kept.some((k) => match.start < k.end && k.start < match.end)) kept.push(match);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Masks cards (last 4 digits kept), e-mails (first character and domain kept), phones (last 4 digits
 * kept) and street addresses (replaced by `[address]`). Idempotent: masking twice changes nothing.
 * @example maskPii('card 4111 1111 1111 1111').text // 'card **** **** **** 1111'
 */
export function maskPii(text: string, options: MaskOptions = {}): MaskResult {
  const found: PiiCounts = { card: 0, email: 0, phone: 0, address: 0 };
  let out = '';
  let at = 0;
  for (const match of findPii(text, options)) {
    out += text.slice(at, match.start) + maskOne(match);
    at = match.end;
    found[match.kind]++;
  }
  return { text: out + text.slice(at), found };
}

/** `maskPii(text).text`, for callers that only want the string. */
export function maskText(text: string, options?: MaskOptions): string {
  return maskPii(text, options).text;
}

function maskOne({ kind, value }: PiiMatch): string {
  switch (kind) {
    case 'email': {
      const at = value.indexOf('@');
      return `${value[0]}***${value.slice(at)}`;
    }
    case 'card':
    case 'phone':
      return keepLastDigits(value, 4);
    case 'address':
      return '[address]';
  }
}

/** Replaces every digit but the last `keep` with '*', leaving spaces, dashes and brackets in place. */
function keepLastDigits(value: string, keep: number): string {
  let digitsLeft = value.replace(/\D/g, '').length;
  return value.replace(/\d/g, (d) => (digitsLeft-- > keep ? '*' : d));
}
