/**
 * Security headers on every response Baton sends, set by helmet: a Content-Security-Policy that lets
 * Baton's own pages (the demo shop, the widget's demo, the agent console, the dashboard, the WhatsApp QR
 * page) run only Baton's own script and styles files, never inline code; `nosniff`; and no framing of
 * Baton's pages by any site (clickjacking an agent's console or a supervisor's dashboard).
 *
 * What shops embed is untouched: they load /widget/baton-widget.js with a <script> tag (the CSP of a
 * script's own response does not apply to the page that runs it) and call /v3/directline cross-origin,
 * so no Cross-Origin-Resource-Policy is sent (helmet's `same-origin` would stop both), and CORS headers
 * are left to the routes that set them. HSTS is left to the TLS-terminating proxy, which knows whether
 * the site (and its subdomains) are all on https.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** The Content-Security-Policy directives (exported for the docs and tests). */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // The widget adds its styles through CSSOM (a constructed stylesheet), which style-src does not govern.
  styleSrc: ["'self'"],
  // Cards may show product images from the shop's CDN; blob: is the widget's preview of a photo being sent.
  imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
  // 'self' covers the same host's ws:// and wss:// (the Direct Line and agent streams).
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

/** Express middleware setting the headers above. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // Not upgrade-insecure-requests: the demo and local installs are served over plain http.
      directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([name, sources]) => [name, [...sources]])),
    },
    crossOriginResourcePolicy: false,
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });
}
