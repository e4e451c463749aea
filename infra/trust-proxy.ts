/**
 * The TRUST_PROXY setting: which proxies may say who the client is through `X-Forwarded-For`.
 * Unset, no one may (the socket's peer is the client): trusting every hop would let any client pick
 * its own address, and with it dodge a per-address rate limit or pose as 127.0.0.1.
 *
 *   TRUST_PROXY=1                              one proxy in front (its peer address counts)
 *   TRUST_PROXY=loopback,10.0.0.0/8            proxies at these addresses (express's names allowed)
 */
import { isIP } from 'node:net';

/** What express's `trust proxy` takes: false (nobody), a hop count, or addresses and ranges. */
export type TrustProxy = false | number | readonly string[];

/** The names express (proxy-addr) knows for address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** True when `entry` is an IP, a CIDR range (address/bits) or one of express's range names. */
function isProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

/**
 * Reads TRUST_PROXY's raw text; undefined when it is malformed (the caller reports it).
 * @example parseTrustProxy('1') // 1
 * @example parseTrustProxy('loopback, 10.0.0.0/8') // ['loopback', '10.0.0.0/8']
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | undefined {
  if (value === undefined || value === '' || value === 'false') return false;
  if (/^\d{1,2}$/.test(value)) return Number(value) === 0 ? false : Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.length <= 64 && entries.every(isProxyEntry) ? entries : undefined;
}

/** The message of a bad TRUST_PROXY (it never repeats the value, which may be long or pasted by mistake). */
export const TRUST_PROXY_FIX =
  "must be a hop count (e.g. 1 for one proxy in front), or a comma list of proxy addresses and CIDR ranges (e.g. 10.0.0.0/8,::1) and express's names loopback, linklocal, uniquelocal; or unset (no proxy: the socket's address counts).";
