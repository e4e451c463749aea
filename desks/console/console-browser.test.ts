/**
 * The console page in a real browser (Debian chromium via playwright-core) over the in-memory desk:
 * sign in, see the queue, claim, read the transcript (with a live customer line), reply, resolve.
 * Skipped with a printed reason where chromium is missing, as tests/support/browser.ts decides.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../../tests/support/browser.js';
import { startConsole, type RunningConsole } from './test-support/start-console.js';

/** Polls `check` until it is true, or fails with `what` after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  throw new Error(`Timed out after ${ms} ms waiting for: ${what}`);
}

describe.skipIf(!chromiumPath)('agent console in the browser', () => {
  let running: RunningConsole;
  let browser: Browser;

  beforeAll(async () => {
    running = await startConsole();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  /** A console page at the sign-in form, with the errors it throws collected. */
  const openConsole = async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${running.baseUrl}/agent/`);
    return { page, pageErrors };
  };
  const signIn = async (page: Page, token: string) => {
    await page.getByTestId('agent-token-input').fill(token);
    await page.getByTestId('agent-sign-in').click();
  };

  it('signs in, claims, reads the transcript, replies and resolves', async () => {
    const { page, pageErrors } = await openConsole();

    await signIn(page, 'wrong-token');
    await page
      .getByTestId('error-banner')
      .filter({ hasText: /not valid/ })
      .waitFor({ timeout: 10_000 });

    await signIn(page, 'token-ada');
    const item = page.locator('[data-testid="queue-item"][data-ticket-id="t1"]');
    await item.waitFor({ timeout: 10_000 });
    // The customer name carries markup; it must show as text, not become an element.
    await expect(item.textContent()).resolves.toContain('Chloé <script>');
    await expect(item.textContent()).resolves.toContain('VIP');
    // The routing rule and the callback mark (nobody could take it: the customer left a message).
    await expect(item.getByTestId('routed-by').textContent()).resolves.toBe('Routed: crisis to orders <b>');
    await expect(item.getByTestId('callback-badge').count()).resolves.toBe(1);
    await expect(page.getByTestId('presence-select').inputValue()).resolves.toBe('available');

    await item.getByTestId('claim-button').click();
    await page.getByTestId('conversation-header').filter({ hasText: 'mentioned a lawyer' }).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('conversation-header').textContent()).resolves.toContain('orders (rule: crisis to orders <b>)');
    await page.locator('[data-testid="mine-item"][data-ticket-id="t1"]').waitFor({ timeout: 10_000 });
    await until('three transcript lines', async () => (await page.getByTestId('transcript-line').count()) === 3);
    await expect(page.locator('[data-testid="transcript-line"][data-from="bot"]').count()).resolves.toBe(1);
    await page.getByTestId('canned-reply').first().waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('suggested-answer').textContent()).resolves.toContain('warehouse');

    await until('the stream subscription', () => running.desk.subscriberCount('ada') > 0);
    running.desk.customerSays('t1', 'Hello? Anyone?');
    await page.locator('[data-testid="transcript-line"][data-from="customer"]', { hasText: 'Hello? Anyone?' }).waitFor({ timeout: 10_000 });

    await page.getByTestId('suggested-answer').click();
    await page.getByTestId('reply-send').click();
    await until('the desk to record the reply', () => running.desk.replies.some((r) => r.ticketId === 't1' && /warehouse/.test(r.text)));
    await page.locator('[data-testid="transcript-line"][data-from="agent"]').waitFor({ timeout: 10_000 });

    await page.getByTestId('note-toggle').check();
    await page.getByTestId('reply-input').fill('Check the lawyer letter');
    await page.getByTestId('reply-send').click();
    await page.locator('[data-testid="transcript-line"][data-from="note"]').waitFor({ timeout: 10_000 });
    expect(running.desk.replies.map((r) => r.text)).not.toContain('Check the lawyer letter');

    await page.getByTestId('resolve-button').click();
    await until('the ticket to be resolved', () => running.desk.tickets.get('t1')?.state === 'resolved');
    await page.locator('[data-testid="mine-item"]').first().waitFor({ state: 'detached', timeout: 10_000 });
    await expect(page.getByTestId('queue-item').count()).resolves.toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('sends a retried reply with the key of its first attempt, and a new message with a new key', async () => {
    const { page, pageErrors } = await openConsole();
    await signIn(page, 'token-ben');
    const item = page.locator('[data-testid="queue-item"][data-ticket-id="t2"]');
    await item.waitFor({ timeout: 10_000 });
    await item.getByTestId('claim-button').click();
    await page.locator('[data-testid="mine-item"][data-ticket-id="t2"]').waitFor({ timeout: 10_000 });

    // The channel refuses the first attempt: the draft stays, and "send" again is the same message.
    running.desk.failReplies = 1;
    await page.getByTestId('reply-input').fill('Your parcel left the warehouse.');
    await page.getByTestId('reply-send').click();
    await page
      .getByTestId('error-banner')
      .filter({ hasText: /Try again/ })
      .waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('reply-input').inputValue()).resolves.toBe('Your parcel left the warehouse.');
    await page.getByTestId('reply-send').click();
    await until('the retry to be sent', () => running.desk.replies.some((r) => r.ticketId === 't2'));
    await until('the box to be emptied', async () => (await page.getByTestId('reply-input').inputValue()) === '');
    // The same words written again later are a new message.
    await page.getByTestId('reply-input').fill('Your parcel left the warehouse.');
    await page.getByTestId('reply-send').click();
    await until('the second message to be sent', () => running.desk.replies.filter((r) => r.ticketId === 't2').length === 2);

    const keys = running.desk.replyAttempts.filter((attempt) => attempt.ticketId === 't2').map((attempt) => attempt.key);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[2]).not.toBe(keys[0]);
    expect(pageErrors).toEqual([]);
  });

  it('says so when a send answers that it was already sent, and sends the words again when asked; an edited draft gets a new key', async () => {
    const { page, pageErrors } = await openConsole();
    // Ben still holds t2 from the test before; what it sent there is counted from here.
    await signIn(page, 'token-ben');
    const mine = page.locator('[data-testid="mine-item"][data-ticket-id="t2"]');
    await mine.waitFor({ timeout: 10_000 });
    await mine.getByRole('button', { name: 'Open' }).click();
    await page.getByTestId('reply-input').waitFor({ timeout: 10_000 });
    const before = { sent: running.desk.replies.length, tried: running.desk.replyAttempts.length };
    const sent = () => running.desk.replies.slice(before.sent).filter((r) => r.ticketId === 't2').length;
    const attempts = () => running.desk.replyAttempts.slice(before.tried).filter((attempt) => attempt.ticketId === 't2');

    // The desk sends it, and the answer is lost on the way back: the page keeps the key.
    let loseAnswers = 1;
    await page.route('**/tickets/t2/reply', async (route) => {
      if (loseAnswers-- <= 0) return route.continue();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByTestId('reply-input').fill('We will call you at five.');
    await page.getByTestId('reply-send').click();
    await until('the first send to reach the desk', () => sent() === 1);
    await page.getByTestId('error-banner').waitFor({ timeout: 10_000 });
    // "send" again: the desk answers that it was sent; the page says so and keeps the words.
    await page.getByTestId('reply-send').click();
    await page
      .getByTestId('error-banner')
      .filter({ hasText: /already been sent/ })
      .waitFor({ timeout: 10_000 });
    expect(sent()).toBe(1);
    await expect(page.getByTestId('reply-input').inputValue()).resolves.toBe('We will call you at five.');
    // Sent on purpose once more: a new key, delivered.
    await page.getByTestId('reply-send').click();
    await until('the deliberate repeat to be sent', () => sent() === 2);
    const keys = attempts().map((attempt) => attempt.key);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);

    // Lost again, then the draft is edited and edited back: another message, with a key of its own.
    loseAnswers = 1;
    await page.getByTestId('reply-input').fill('Your courier is Dana.');
    await page.getByTestId('reply-send').click();
    await until('the send to reach the desk', () => sent() === 3);
    await page.getByTestId('reply-input').fill('Your courier is Dan.');
    await page.getByTestId('reply-input').fill('Your courier is Dana.');
    await page.getByTestId('reply-send').click();
    await until('the edited draft to be sent', () => sent() === 4);
    const [lost, edited] = attempts()
      .slice(-2)
      .map((attempt) => attempt.key);
    expect(edited).not.toBe(lost);
    expect(pageErrors).toEqual([]);
  });
});
