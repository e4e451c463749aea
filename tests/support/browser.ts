/**
 * Debian's chromium, driven by playwright-core (no browser download). The flags keep it off the
 * network this machine does not have. Tests that need it call `launchBrowser()`; where chromium is
 * missing, `chromiumPath` is undefined and the test says why it was skipped (CI installs it).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));

if (!chromiumPath) {
  const reason = 'Browser tests skipped: Debian chromium not found (apt-get install chromium, or set CHROMIUM_PATH).';
  // CI must never pass by skipping the browser.
  if (process.env.CI) throw new Error(reason);
  console.warn(reason);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
