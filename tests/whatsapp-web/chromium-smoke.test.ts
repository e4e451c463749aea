/**
 * The real whatsapp-web.js Client with Debian's chromium, as far as this machine allows.
 *
 * A QR code needs WhatsApp's own page and code from web.whatsapp.com, and this machine has no network,
 * so the 'qr' event cannot be reached here. What can be checked, and is: the real Client starts the real
 * chromium with Baton's flags (no browser is downloaded), opens WhatsApp Web, and when the page cannot
 * load, `startWebClient` fails fast with an error that names the cause and the fix, and closes the
 * browser, instead of whatsapp-web.js's endless wait. Chromium's resolver is told to resolve no name
 * (`--host-resolver-rules`), so the test sends nothing off the machine and fails the same way everywhere.
 * Skipped, with the reason printed, where chromium is missing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWebClientFactory, startWebClient, type WebClient } from '../../adapters/whatsapp/index.js';

const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
if (!chromium) console.warn('whatsapp-web.js smoke test skipped: no chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH).');

describe.skipIf(!chromium)('whatsapp-web.js with Debian chromium (no network)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('starts chromium, and reports clearly that WhatsApp Web cannot load', async () => {
    const dataPath = await mkdtemp(join(tmpdir(), 'baton-wwebjs-smoke-'));
    dirs.push(dataPath);
    const createClient = createWebClientFactory({
      clientId: 'smoke',
      executablePath: chromium!,
      dataPath,
      browserArgs: ['--host-resolver-rules=MAP * ~NOTFOUND'],
    });
    const client = await createClient();
    const events: string[] = [];
    client.on('qr', () => events.push('qr'));

    const failure = await startWebClient(client, { timeoutMs: 60_000 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({
      code: 'whatsapp_web_unreachable',
      message: expect.stringMatching(/chromium started, but https:\/\/web\.whatsapp\.com\/ did not load \(net::ERR_NAME_NOT_RESOLVED\)/),
    });
    // The real chromium ran (puppeteer's browser handle of the Client), and was closed again.
    const browser = (client as WebClient & { pupBrowser?: { process(): { spawnfile: string } | null; connected: boolean } }).pupBrowser;
    expect(browser?.process()?.spawnfile).toBe(chromium);
    expect(browser?.connected).toBe(false);
    expect(events).toEqual([]);
  });

  it('says which setting to fix when chromium is not where it is looked for', () => {
    expect(() => createWebClientFactory({ clientId: 'smoke', executablePath: '/nonexistent/chromium' })).toThrow(/WHATSAPP_WEB_CHROMIUM_PATH/);
  });
});
