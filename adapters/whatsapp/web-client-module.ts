/**
 * whatsapp-web.js is a peer dependency: it brings puppeteer (about 86 MB), so production installs leave
 * it out (`npm ci --omit=dev --omit=peer`) unless the WhatsApp Web channel is wanted. This says so, with
 * the fix, at start instead of a bare "Cannot find package" when the first QR code is due.
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../../infra/errors.js';

/** What to run to get whatsapp-web.js, for the error and the README. */
export const WHATSAPP_WEB_INSTALL_HINT =
  'Install it: `npm install` (or `npm ci`) without --omit=peer installs it with the rest; a production install adds it with `npm ci --omit=dev` (no --omit=peer); the Docker image with `docker build --build-arg WITH_CHROMIUM=true .`.';

/**
 * Checks that whatsapp-web.js can be loaded from `from` (default: this file, as the factory imports it).
 * @throws ConfigError `config_invalid` naming WHATSAPP_WEB and how to install the package.
 */
export function assertWhatsAppWebInstalled(from: string | URL = import.meta.url): void {
  try {
    createRequire(from).resolve('whatsapp-web.js');
  } catch (error) {
    throw new ConfigError(
      `WHATSAPP_WEB=true needs the whatsapp-web.js package, which is not installed here (production installs leave it out: it brings puppeteer). ${WHATSAPP_WEB_INSTALL_HINT} Or unset WHATSAPP_WEB.`,
      { cause: error },
    );
  }
}
