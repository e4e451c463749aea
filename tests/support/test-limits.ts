/**
 * Every Direct Line customer of a test comes from 127.0.0.1, so the limits per client address
 * (docs/security/abuse-limits.md) would count a whole suite as one client. Harnesses that start many
 * customers spread these into their settings; the limits per conversation stay at their defaults, and
 * tests/security/abuse-limits.test.ts sets every limit low to test them.
 */
export const ONE_ADDRESS_LIMITS = {
  LIMIT_CONVERSATIONS_PER_CLIENT: '1000/10m',
  LIMIT_ESCALATIONS_PER_CLIENT: '1000/1h',
  // An anonymous Direct Line customer's files count by address too (docs/media.md).
  LIMIT_UPLOADS_PER_CUSTOMER: '1000/1h',
} as const;
