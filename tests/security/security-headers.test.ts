/**
 * Every answer carries a Content-Security-Policy without inline code, `nosniff`, and a ban on framing;
 * Baton's own pages (the demo shop, the widget's demo, the agent console, the dashboard) still work
 * under it in a real browser with no CSP violation; and a shop on another origin still embeds the
 * widget (no Cross-Origin-Resource-Policy in the way).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';

const ADMIN = 'admin-token-headers-0123456789';
let assistant: ShopAssistant;
let baseUrl: string;

beforeAll(async () => {
  assistant = await createShopAssistant(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_TOKEN: ADMIN }));
  baseUrl = `http://127.0.0.1:${await assistant.start()}`;
});
afterAll(async () => assistant?.stop());

describe('security headers on every answer', () => {
  it('pages, scripts, API answers, errors and 404s: CSP without inline code, nosniff, no framing', async () => {
    const requests: [string, RequestInit?][] = [
      ['/'],
      ['/shop.css'],
      ['/widget/demo.html'],
      ['/widget/baton-widget.js'],
      ['/agent/'],
      ['/dashboard/'],
      ['/dashboard/api/summary'],
      ['/metrics', { headers: { authorization: `Bearer ${ADMIN}` } }],
      ['/healthz'],
      ['/nothing-here'],
      ['/v3/directline/conversations', { method: 'POST' }],
      ['/v3/directline/conversations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad json' }],
    ];
    for (const [path, init] of requests) {
      const response = await fetch(`${baseUrl}${path}`, init);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('unsafe-eval');
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      // What shops load cross-origin must not be fenced in: no CORP at all.
      expect(response.headers.get('cross-origin-resource-policy'), path).toBeNull();
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('serves no page with inline script or style', async () => {
    for (const path of ['/', '/widget/demo.html', '/agent/', '/dashboard/']) {
      const html = await (await fetch(`${baseUrl}${path}`)).text();
      expect(html, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html, path).not.toMatch(/<style[\s>]|\sstyle=|\son[a-z]+=/i);
    }
  });
});

describe.skipIf(!chromiumPath)('pages work under the CSP in a real browser', () => {
  let browser: Browser;
  let shopSite: Server;
  let shopUrl: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    // A shop on another origin embedding the widget with one script tag.
    shopSite = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html><head><title>Other shop</title></head><body><h1>Other shop</h1><script src="${baseUrl}/widget/baton-widget.js" data-title="Help"></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => shopSite.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://localhost:${(shopSite.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    shopSite?.close();
  });

  /** Opens `url` in a fresh page, collecting CSP violations reported by the browser. */
  async function open(url: string): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(url);
    return { page, violations };
  }

  /** The launcher's computed position: 'fixed' only when the widget's styles applied. */
  const launcherPosition = (page: Page) => page.getByTestId('baton-launcher').evaluate((node) => getComputedStyle(node).position);

  it('the demo shop: styled page, styled widget, a chat answered', async () => {
    const { page, violations } = await open(baseUrl);
    expect(await page.locator('header').evaluate((node) => getComputedStyle(node).display)).toBe('flex');
    expect(await launcherPosition(page)).toBe('fixed');
    await page.getByTestId('baton-launcher').click();
    await page.getByTestId('message-bot').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('baton-input').fill('what payment methods do you accept?');
    await page.getByTestId('baton-send').click();
    await page.getByTestId('message-bot').nth(1).waitFor({ timeout: 15_000 });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('the widget demo page, the agent console and the dashboard run their scripts', async () => {
    const demo = await open(`${baseUrl}/widget/demo.html`);
    expect(await launcherPosition(demo.page)).toBe('fixed');
    const agentConsole = await open(`${baseUrl}/agent/#token=${assistant.handoff.demoAgentToken ?? ''}`);
    await agentConsole.page.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor({ timeout: 15_000 });
    const dashboard = await open(`${baseUrl}/dashboard/#token=${ADMIN}`);
    await dashboard.page.getByTestId('kpi').first().waitFor({ timeout: 15_000 });
    for (const { page, violations } of [demo, agentConsole, dashboard]) {
      expect(violations).toEqual([]);
      await page.close();
    }
  });

  it('a shop on another origin still loads and styles the widget', async () => {
    const { page } = await open(shopUrl);
    expect(await launcherPosition(page)).toBe('fixed');
    await page.close();
  });

  it('a page of Baton cannot be framed by another site', async () => {
    const page = await browser.newPage();
    // setContent waits for the load event, which waits for the frame (loaded or refused).
    await page.setContent(`<iframe id="f" src="${baseUrl}/agent/"></iframe>`);
    const framed = page.frames().find((frame) => frame.url().startsWith(baseUrl));
    // Chromium replaces a refused frame's document: no console inside it.
    const hasConsole = framed
      ? await framed
          .locator('[data-testid="agent-sign-in"]')
          .count()
          .catch(() => 0)
      : 0;
    expect(hasConsole).toBe(0);
    await page.close();
  });
});
