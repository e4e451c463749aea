/**
 * The dashboard's incident radar panel in a real browser (memory stores, a clock the test moves): a
 * surge shows as an incident with its masked examples and first time seen; the supervisor publishes a
 * banner for it, which customers then get first; acknowledges, withdraws and resolves; the incident
 * lists each step with the supervisor's name. Screenshot kept in tests/artifacts/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startCustomer } from '../support/directline-customer.js';
import { ADMIN_TOKEN, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';

const BANNER = 'Our courier in the south is two days late; your order is safe.';

describe('incident radar panel', () => {
  let fakes: Fakes;
  let app: FullApp;
  let clock = Date.parse('2026-12-07T10:00:00Z');

  beforeAll(async () => {
    fakes = await startFakes();
    app = await startFullApp(fakes, {
      now: () => clock,
      extra: {
        RADAR_RULES: JSON.stringify([{ id: 'wismo', signal: 'intent:track_order', windowMinutes: 15, factor: 10, minCount: 3 }]),
        RADAR_TICK_SECONDS: '600',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  it.skipIf(!chromiumPath)('shows an incident and publishes, withdraws and resolves from the page', async () => {
    for (let i = 0; i < 3; i++)
      await (await startCustomer(app.baseUrl)).say(i === 0 ? 'where is my order? my card is 4111 1111 1111 1111' : 'where is my order?');
    clock += 60_000;
    await app.assistant.radar.tick();

    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1300, height: 1400 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${app.baseUrl}/dashboard/#token=${ADMIN_TOKEN}`);
      const incident = page.locator('[data-testid="radar-incident"]');
      await incident.first().waitFor();
      expect(await incident.count()).toBe(1);
      expect(await incident.locator('strong').textContent()).toBe('intent:track_order · open');
      const examples = await incident.locator('[data-testid="radar-example"]').allTextContents();
      expect(examples.join(' ')).toMatch(/where is my order/);
      expect(examples.join(' ')).not.toContain('4111 1111');
      expect(await incident.textContent()).toContain(`First seen ${await page.evaluate((ms) => new Date(ms).toLocaleString(), clock)}`);

      await page.fill('[data-testid="radar-by"]', 'Mia');
      await page.fill('[data-testid="radar-intent"]', 'track_order');
      await page.fill('[data-testid="radar-en"]', BANNER);
      await page.fill('[data-testid="radar-zh"]', '南方地区快递延误两天，您的订单安全。');
      await page.selectOption('[data-testid="radar-incident-select"]', await incident.getAttribute('data-id'));
      await page.click('#radar-publish button[type="submit"]');
      await page.locator('[data-testid="radar-banner"][data-intent="track_order"]').waitFor();
      const replies = (await (await startCustomer(app.baseUrl)).say('where is my order?')).map((reply) => reply.text);
      expect(replies).toContain(BANNER);

      await page.click('[data-testid="radar-acknowledge"]');
      await page.locator('[data-testid="radar-incident"][data-state="acknowledged"]').waitFor();
      await page.click('[data-testid="radar-withdraw"]');
      await page.locator('[data-testid="radar-banner"]').waitFor({ state: 'detached' });
      await page.click('[data-testid="radar-resolve"]');
      await page.locator('[data-testid="radar-incident"][data-state="resolved"]').waitFor();
      const steps = await page.locator('[data-testid="radar-actions"] li').allTextContents();
      expect(steps.map((step) => step.replace(/^.*? · /, ''))).toEqual([
        'raised by radar (3 in 15 min, usual 0)',
        'banner published by Mia (track_order: en, zh)',
        'acknowledged by Mia',
        'banner withdrawn by Mia (track_order)',
        'resolved by Mia',
      ]);
      await page.screenshot({ path: 'tests/artifacts/incident-radar.png', fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser?.close();
    }
  });
});
