/**
 * The agents' coach in the console, in a real browser (Debian chromium via playwright-core), over the
 * whole shop assistant: a curt draft is not sent and the warning shows beside it; "Use phrase" puts the
 * empathy phrase first; "Send anyway" sends; "Suggest a reply" fills the draft, above what the agent
 * typed and never over it; a polite reply goes without a word. Skipped with a printed reason where chromium is missing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startCustomer } from '../support/directline-customer.js';

const ADA_TOKEN = 'ada-token-0123456789abcdef';
const AGENTS = JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA_TOKEN, languages: ['en', 'zh'], skills: ['general'], capacity: 5 }]);

/** Polls `check` until it is true, or fails with `what` after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  throw new Error(`Timed out after ${ms} ms waiting for: ${what}`);
}

describe.skipIf(!chromiumPath)("agents' coach in the console", () => {
  let assistant: ShopAssistant;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    assistant = await createShopAssistant(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AGENTS, TOKEN_SECRET: 'shared-token-secret-0123456789' }),
    );
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await assistant?.stop();
  });

  it('warns beside a curt draft, and "Send anyway" sends it', async () => {
    const customer = await startCustomer(baseUrl);
    await customer.say('I want to talk to a real person');
    await customer.say("My order A1001 still hasn't arrived, it is two weeks late");
    const ticket = (await assistant.handoff.service.openTicketFor(customer.conversationId))!;

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/agent/#token=${ADA_TOKEN}`);
    const item = page.locator(`[data-testid="queue-item"][data-ticket-id="${ticket.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    await item.getByTestId('claim-button').click();
    await page.locator(`[data-testid="mine-item"][data-ticket-id="${ticket.id}"]`).waitFor({ timeout: 10_000 });
    await until('Ada holds the ticket', async () => (await assistant.handoff.service.details(ticket.id, 'ada'))?.state === 'assigned');
    await customer.read();

    const warning = page.getByTestId('coach-warning');
    await expect(warning.isVisible()).resolves.toBe(false);
    await page.getByTestId('reply-input').fill('Not my problem.');
    await page.getByTestId('reply-send').click();
    await warning.filter({ hasText: 'sounds dismissive' }).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('error-banner').isVisible()).resolves.toBe(false);
    expect(await customer.read()).toEqual([]);

    // "Use phrase" puts the empathy phrase (English: the customer's language) before the draft.
    const phrase = /Consider opening with: "([^"]+)"/.exec((await warning.textContent()) ?? '')?.[1] ?? '';
    expect(phrase).toMatch(/^[A-Z]/);
    await page.getByTestId('coach-use-phrase').click();
    await expect(page.getByTestId('reply-input').inputValue()).resolves.toBe(`${phrase} Not my problem.`);

    await page.getByTestId('coach-send-anyway').click();
    await until('the customer to receive the reply', async () => {
      const replies = await customer.read();
      if (replies.length === 0) return false;
      expect(replies.map((reply) => reply.text)).toEqual([`${phrase} Not my problem.`]);
      return true;
    });
    await warning.waitFor({ state: 'hidden', timeout: 10_000 });
    await expect(page.getByTestId('reply-input').inputValue()).resolves.toBe('');

    // The suggested reply fills the draft with the order facts, above what the agent had typed (never
    // replacing it); a second click does not add it twice; a polite reply goes without a word.
    const typed = 'I also checked with the warehouse this morning.';
    await page.getByTestId('reply-input').fill(typed);
    await page.getByTestId('suggest-reply').click();
    await until('the suggestion in the draft', async () => /Your order A1001 /.test(await page.getByTestId('reply-input').inputValue()));
    const drafted = await page.getByTestId('reply-input').inputValue();
    expect(drafted.endsWith(`\n\n${typed}`)).toBe(true);
    expect(drafted.indexOf('Your order A1001 ')).toBeLessThan(drafted.indexOf(typed));
    // The click moves the focus to the button; the page gives it back to the draft once it has the answer.
    await page.getByTestId('suggest-reply').click();
    await until('the second suggestion to be handled', () => page.getByTestId('reply-input').evaluate((box) => box === document.activeElement));
    await expect(page.getByTestId('reply-input').inputValue()).resolves.toBe(drafted);
    await page.getByTestId('reply-input').fill('Thanks for your patience, I have asked the carrier to prioritise your parcel.');
    await page.getByTestId('reply-send').click();
    await until('the polite reply to arrive', async () => (await customer.read()).length === 1);
    await expect(warning.isVisible()).resolves.toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
