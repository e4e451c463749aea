/**
 * Photos both ways in a real browser: the customer attaches a photo in the widget (the paper clip),
 * pastes a screenshot and drops a file; each goes up through Direct Line's upload and shows in the
 * agent console as a thumbnail that loads; the agent attaches an image in the console and the widget
 * shows it. The pictures must really load (naturalWidth > 0): only valid signed URLs do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import express from 'express';
import { mediaOf } from '../../dialogs/media.js';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';

const AGENT = { id: 'ada', name: 'Ada', token: 'ada-media-console-token-01', languages: ['en', 'zh'], skills: ['general'], capacity: 3 };
const WAIT_MS = 15_000;
const webChatBundle = join(dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
/** A real 1×1 PNG. */
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Resolves when every image matched has loaded with pixels (a refused URL never does). */
async function loaded(images: Locator, count: number): Promise<void> {
  await expect
    .poll(async () => (await images.evaluateAll((nodes) => nodes.filter((n) => (n as HTMLImageElement).naturalWidth > 0).length)) >= count, {
      timeout: WAIT_MS,
    })
    .toBe(true);
}

describe.skipIf(!chromiumPath)('photos in the browser: widget to console and back', () => {
  let assistant: ShopAssistant;
  let browser: Browser;
  let baseUrl: string;
  let dir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-media-browser-'));
    assistant = await createShopAssistant(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AGENTS: JSON.stringify([AGENT]), MEDIA_DIR: join(dir, 'store') }),
    );
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await assistant?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function openPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors };
  }

  it('a photo from the widget reaches the console, and the agent sends one back', async () => {
    const photo = join(dir, 'wrong size.png');
    await writeFile(photo, Buffer.from(PNG_BASE64, 'base64'));

    // ---- the customer complains, then attaches the photo with the paper clip ----
    const customer = await openPage();
    const widget = customer.page;
    await widget.goto(baseUrl);
    await widget.getByTestId('baton-launcher').click();
    await widget.getByTestId('message-bot').first().waitFor({ timeout: WAIT_MS });
    await widget.getByTestId('baton-input').fill('My order arrived damaged');
    await widget.getByTestId('baton-send').click();
    await widget.getByTestId('message-bot').nth(1).waitFor({ timeout: WAIT_MS });
    await widget.getByTestId('baton-file').setInputFiles(photo);
    await widget
      .getByTestId('message-bot')
      .filter({ hasText: /Thanks for the photo\. I'm passing it to a colleague/ })
      .waitFor({ timeout: WAIT_MS });
    await widget
      .getByTestId('message-bot')
      .filter({ hasText: /number 1 in the queue/ })
      .waitFor({ timeout: WAIT_MS });

    // ---- the agent claims it and sees the photo as a thumbnail that loads ----
    const agent = await openPage();
    const desk = agent.page;
    await desk.goto(`${baseUrl}/agent/`);
    await desk.getByTestId('agent-token-input').fill(AGENT.token);
    await desk.getByTestId('agent-sign-in').click();
    await desk.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor({ timeout: WAIT_MS });
    await desk.getByTestId('claim-button').first().click();
    await desk.getByTestId('conversation-header').waitFor({ timeout: WAIT_MS });
    const thumbnails = desk.locator('[data-testid="transcript-line"][data-from="customer"] [data-testid="media-thumbnail"]');
    await loaded(thumbnails, 1);
    expect(await desk.getByTestId('media-open').first().getAttribute('href')).toMatch(/^\/media\/[\w-]+\.[\w-]+\?exp=\d+&sig=/);

    // ---- a pasted screenshot and a dropped file reach the console live ----
    await widget.evaluate((base64) => {
      const file = new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'screenshot.png', { type: 'image/png' });
      const data = new DataTransfer();
      data.items.add(file);
      document
        .querySelector('[data-testid="baton-input"]')!
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PNG_BASE64);
    await loaded(thumbnails, 2);
    await widget.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['Order A1002: receipt'], 'receipt.txt', { type: 'text/plain' }));
      document.querySelector('[data-testid="baton-panel"]')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await desk.locator('[data-testid="media-file"]', { hasText: 'receipt.txt' }).waitFor({ timeout: WAIT_MS });
    // The customer saw their own photos; the bot said nothing while Ada holds the conversation.
    expect(
      await widget
        .getByTestId('message-bot')
        .filter({ hasText: /Thanks for the photo/ })
        .count(),
    ).toBe(1);

    // ---- the agent attaches an image; the widget shows it ----
    await desk.getByTestId('reply-input').fill('Is this the label you mean?');
    await desk.getByTestId('attach-input').setInputFiles(photo);
    await loaded(desk.locator('[data-testid="transcript-line"][data-from="agent"] [data-testid="media-thumbnail"]'), 1);
    await widget.getByTestId('message-bot').filter({ hasText: 'Is this the label you mean?' }).waitFor({ timeout: WAIT_MS });
    await loaded(widget.locator('[data-testid="media-bot"] img'), 1);

    expect(customer.errors, 'page errors in the widget').toEqual([]);
    expect(agent.errors, 'page errors in the console').toEqual([]);
  }, 90_000);

  it('a busy instance (503) leaves the photo and the typed text in the widget; a tap sends it once there is room', async () => {
    const photo = join(dir, 'busy.png');
    await writeFile(photo, Buffer.from(PNG_BASE64, 'base64'));
    const customer = await openPage();
    const widget = customer.page;
    await widget.goto(baseUrl);
    await widget.getByTestId('baton-launcher').click();
    await widget.getByTestId('message-bot').first().waitFor({ timeout: WAIT_MS });
    await widget.getByTestId('baton-input').fill('and the lid is cracked');

    // Every upload place of this instance taken (MEDIA_UPLOAD_CONCURRENCY).
    const gate = assistant.media.kit.uploadGate;
    const held = Array.from({ length: gate.max }, () => gate.tryAcquire()!);
    await widget.getByTestId('baton-file').setInputFiles(photo);
    const busy = widget.locator('.bw-note', { hasText: 'Busy: your file was not sent. Tap it to try again.' });
    await busy.waitFor({ timeout: WAIT_MS });
    const failed = widget.locator('[data-testid="media-user"].bw-failed');
    expect(await failed.count()).toBe(1);
    expect(await widget.getByTestId('baton-input').inputValue()).toBe('and the lid is cracked');

    for (const release of held) release();
    await failed.click();
    await busy.waitFor({ state: 'detached', timeout: WAIT_MS });
    await widget.getByTestId('message-bot').filter({ hasText: /photo/i }).first().waitFor({ timeout: WAIT_MS });
    expect(await widget.locator('[data-testid="media-user"]').count()).toBe(1);
    expect(await failed.count()).toBe(0);
    expect(await widget.getByTestId('baton-input').inputValue()).toBe('and the lid is cracked');
    expect(customer.errors, 'page errors in the widget').toEqual([]);
  }, 60_000);

  it("Microsoft's Web Chat uploads a photo through the same endpoint, and the bot answers it", async () => {
    // A shop page on another origin with Web Chat, taking a token Baton issues to pages (the open demo allows any origin).
    const shop = express();
    shop.get('/webchat.html', (_req, res) => {
      res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body>
        <div id="webchat" style="height:640px"></div><script src="/webchat.js"></script><script>
          fetch('${baseUrl}/v3/directline/tokens/origin', { method: 'POST' }).then(function (r) { return r.json(); }).then(function (answer) {
            window.WebChat.renderWebChat({ directLine: window.WebChat.createDirectLine({ domain: '${baseUrl}/v3/directline', token: answer.token }), locale: 'en-US' }, document.getElementById('webchat'));
          });
        </script></body></html>`);
    });
    shop.get('/webchat.js', (_req, res) => res.sendFile(webChatBundle));
    const server = await new Promise<Server>((resolve) => {
      const listening = shop.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const photo = join(dir, 'parcel.png');
      await writeFile(photo, Buffer.from(PNG_BASE64, 'base64'));
      const { page, errors } = await openPage();
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webchat.html`);
      await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: WAIT_MS });
      const uploaded = new Promise<{ status: number; url: string }>((resolve) =>
        page.on('response', (response) => {
          if (/\/upload(\?|$)/.test(response.url())) resolve({ status: response.status(), url: response.url() });
        }),
      );
      await page.locator('input[type="file"]').setInputFiles(photo);
      // Web Chat 4.18 puts the file in the send box first (the paper clip gets its check mark once it has
      // read the file); Send posts it. A click before that sends nothing.
      await page.locator('.webchat__attachment-icon--checked').waitFor({ timeout: WAIT_MS });
      await page.locator('button.webchat__send-button').click();
      const answer = page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content', {
        hasText: /Thanks for the photo\. I can.t look at photos myself/,
      });
      await answer.waitFor({ timeout: WAIT_MS });
      // It went through the upload endpoint, and the file is on the transcript with its type from the bytes.
      const upload = await uploaded;
      expect(upload.status).toBe(200);
      const conversationId = /conversations\/([^/]+)\/upload/.exec(upload.url)![1]!;
      const media = (await assistant.stores.transcript.read(conversationId)).flatMap((activity) => mediaOf(activity));
      expect(media).toEqual([expect.objectContaining({ kind: 'image', contentType: 'image/png', name: 'parcel.png' })]);
      expect(errors).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
