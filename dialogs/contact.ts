/**
 * The e-mail address or phone number a customer types to prove an order is theirs: recognising one in a
 * message, and comparing it with the order's as a shop would (case and spaces do not count, a phone
 * matches with or without its country code). Linear in the text, bounded, and compared in constant time
 * so the answer's timing does not leak how much of a guess was right.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Longer than any e-mail address (RFC 5321: 254) or phone number; a longer message is not one. */
export const MAX_CONTACT_LENGTH = 254;
/** A phone number shorter than this, once country codes are dropped, is too easy to guess. */
const MIN_PHONE_DIGITS = 7;

const EMAIL = /^[^\s@<>()[\],;:"]{1,64}@[^\s@<>()[\],;:"]{1,190}\.[a-z]{2,24}$/i;
const PHONE = /^\+?[\d\s().-]{7,24}$/;

/** What kind of contact the text is, or undefined when it is neither. */
export function contactKind(text: string): 'email' | 'phone' | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > MAX_CONTACT_LENGTH) return undefined;
  if (EMAIL.test(t)) return 'email';
  if (PHONE.test(t) && digitsOf(t).length >= MIN_PHONE_DIGITS) return 'phone';
  return undefined;
}

/** True when the whole message is an e-mail address or a phone number. */
export function looksLikeContact(text: string): boolean {
  return contactKind(text) !== undefined;
}

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

function sameDigest(a: string, b: string): boolean {
  // Digests have one length, so timingSafeEqual never throws and the time does not depend on the input.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * True when `typed` is the order's `email` or `phone`. E-mails compare without case; phones by digits,
 * also when one side carries a country code the other lacks (the shorter must have 7+ digits).
 * @example contactMatches(' Ada@Example.com ', { email: 'ada@example.com' }) // true
 * @example contactMatches('9123 4567', { phone: '+65 9123 4567' }) // true
 */
export function contactMatches(typed: string, stored: { readonly email?: string; readonly phone?: string }): boolean {
  const kind = contactKind(typed);
  if (kind === 'email') return stored.email !== undefined && sameDigest(typed.trim().toLowerCase(), stored.email.trim().toLowerCase());
  if (kind !== 'phone' || stored.phone === undefined) return false;
  const a = digitsOf(typed);
  const b = digitsOf(stored.phone);
  // With its own country code ("+65 ...", "0065 ...") the typed number must be the whole number.
  if (/^\s*(\+|00)/.test(typed)) return sameDigest(a.replace(/^00/, ''), b.replace(/^00/, ''));
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  // Up to a 3-digit country code may differ; the rest must be the same number.
  if (shorter.length < MIN_PHONE_DIGITS || longer.length - shorter.length > 3) return false;
  return sameDigest(shorter, longer.slice(longer.length - shorter.length));
}
