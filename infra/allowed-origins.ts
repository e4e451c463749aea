/**
 * ALLOWED_ORIGINS: the shop's page origins that may use Baton's browser-facing APIs (Direct Line for
 * the widget and Web Chat). Parsed here, below the channels, so the settings check and the web channel
 * read it the same way.
 */
import { ConfigError } from './errors.js';

/** One allowed origin: exact (`https://shop.example`) or every subdomain (`https://*.shop.example`). */
export type OriginRule =
  | { readonly kind: 'exact'; readonly origin: string }
  | { readonly kind: 'subdomains'; readonly scheme: string; readonly suffix: string; readonly port: string };

const ENTRY = /^(https?):\/\/(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?\/?$/i;

/**
 * Parses ALLOWED_ORIGINS: comma-separated origins, each `scheme://host[:port]`, or `scheme://*.host` for
 * every subdomain of `host` (not `host` itself, list it too when wanted).
 * @throws ConfigError naming the entry's place in the list and the form it must take.
 */
export function parseAllowedOrigins(list: string | undefined): OriginRule[] {
  const entries = (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Errors name the entry by its place in the list, not by its text: settings errors never repeat a value.
  return entries.map((entry, index) => {
    const place = `entry ${index + 1} of ${entries.length}`;
    const match = ENTRY.exec(entry);
    if (!match) {
      throw new ConfigError(
        `ALLOWED_ORIGINS ${place} is not an origin: write scheme://host[:port] without a path (e.g. https://shop.example), ` +
          `or https://*.shop.example for every subdomain. '*' alone is not accepted: leave both ALLOWED_ORIGINS and DIRECTLINE_SECRET unset for the open demo.`,
      );
    }
    const [, scheme, star, host, port] = match;
    // A wildcard on a bare top-level name (https://*.com) would let anyone's site in.
    if (star && !host.includes('.'))
      throw new ConfigError(
        `ALLOWED_ORIGINS ${place} is a wildcard on a single-label name: a wildcard needs a domain of at least two labels, e.g. https://*.shop.example.`,
      );
    const normalised = new URL(`${scheme}://${host}${port ? `:${port}` : ''}`);
    if (star) return { kind: 'subdomains', scheme: normalised.protocol, suffix: `.${normalised.hostname}`, port: normalised.port };
    return { kind: 'exact', origin: normalised.origin };
  });
}
