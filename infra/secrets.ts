/**
 * Checking secrets, written once for every entry point (webhooks, the agent and admin APIs, ops pages):
 * a constant-time comparison and the bearer token of an `Authorization` header.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Compares a presented secret with the expected one in constant time. Both sides are hashed first, so
 * neither the content nor the length of the expected secret leaks through timing (a plain `===` stops at
 * the first differing character, letting an attacker guess a secret one character at a time).
 */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}
