/**
 * whatsapp-web.js is a peer dependency that production installs leave out: a bot with WHATSAPP_WEB=true
 * and no such package stops at start with the command that installs it. The terminal QR code is drawn
 * by qrcode on stderr, away from the JSON log on stdout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertWhatsAppWebInstalled } from '../../adapters/whatsapp/index.js';
import { printTerminalQr } from '../../adapters/whatsapp/web-client-terminal-qr.js';

describe('whatsapp-web.js as an optional package', () => {
  it('passes where the package is installed (a development install)', () => {
    expect(() => assertWhatsAppWebInstalled()).not.toThrow();
  });

  it('names WHATSAPP_WEB and how to install the package where it is missing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'baton-no-wwebjs-'));
    try {
      writeFileSync(join(folder, 'package.json'), '{"name":"app","private":true}');
      let thrown: unknown;
      try {
        assertWhatsAppWebInstalled(pathToFileURL(join(folder, 'main.js')));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ name: 'ConfigError', code: 'config_invalid' });
      const message = (thrown as Error).message;
      expect(message).toMatch(/^WHATSAPP_WEB=true needs the whatsapp-web\.js package, which is not installed here/);
      expect(message).toMatch(/without --omit=peer/);
      expect(message).toMatch(/--build-arg WITH_CHROMIUM=true/);
      expect(message).toMatch(/Or unset WHATSAPP_WEB\./);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the terminal QR code', () => {
  it('is drawn with half blocks on the stream given (stderr by default), one row per line', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    await printTerminalQr('2@login-ref,public-key,secret,', output);
    const lines = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.join('')).toMatch(/[▀▄█]/);
    expect(lines.join('')).not.toMatch(/[{}"]/);
  });
});
