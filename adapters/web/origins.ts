/**
 * Which browser origins may use the Direct Line API: the shop's pages (ALLOWED_ORIGINS), Baton's own
 * origin, or any origin in the open demo. Browsers set `Origin` and no page can change it, so this is
 * what keeps another site's pages from talking to the bot in a visitor's name; a non-browser client
 * sends no `Origin` (and could forge one), so for those the secret and the tokens are the guard.
 */
import type { OriginRule } from '../../infra/allowed-origins.js';

export { parseAllowedOrigins, type OriginRule } from '../../infra/allowed-origins.js';

/** Options of `createOriginPolicy`. */
export interface OriginPolicyOptions {
  /** The shop's origins; see `parseAllowedOrigins`. */
  readonly allowed: readonly OriginRule[];
  /** True in the open demo (no secret, no list): every origin may call. */
  readonly open: boolean;
  /** Baton's public URL (PUBLIC_URL), whose origin is always allowed; unset, the request's Host is Baton's. */
  readonly publicUrl?: string;
}

/** Decides whether a browser origin may use the Direct Line API. */
export interface OriginPolicy {
  /** True when every origin may call (the open demo). */
  readonly open: boolean;
  /**
   * True when a request with this `Origin` header may be served. `host` is the request's Host header:
   * without PUBLIC_URL, a page on that host (Baton's own) is allowed. No `Origin` (not a browser) is allowed here.
   */
  allows(origin: string | undefined, host: string | undefined): boolean;
}

/** Builds the policy; `allows` is a few string compares per request. */
export function createOriginPolicy({ allowed, open, publicUrl }: OriginPolicyOptions): OriginPolicy {
  const exact = new Set(allowed.flatMap((rule) => (rule.kind === 'exact' ? [rule.origin] : [])));
  const wildcards = allowed.flatMap((rule) => (rule.kind === 'subdomains' ? [rule] : []));
  if (publicUrl) exact.add(new URL(publicUrl).origin);
  return {
    open,
    allows(origin, host) {
      if (origin === undefined || open) return true;
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return false; // 'null' (sandboxed frames, file://) and anything malformed
      }
      if (url.origin !== origin) return false;
      if (exact.has(origin)) return true;
      // Baton's own pages (the demo, the console), when PUBLIC_URL does not name Baton's origin: no page
      // can set Origin or Host, so they match only there (or through DNS rebinding, which gains a page
      // nothing a script outside a browser could not do).
      if (!publicUrl && host && url.host === host.toLowerCase()) return true;
      return wildcards.some((rule) => url.protocol === rule.scheme && url.port === rule.port && url.hostname.endsWith(rule.suffix));
    },
  };
}
