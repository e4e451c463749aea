/**
 * Practice mode in a real browser (Debian chromium via playwright-core): a supervisor adds a resolved
 * conversation to the library, a trainee practises it in the console's practice page (the customer's lines
 * arrive as the test moves the server's clock), the session ends with a score, and the supervisor's results
 * list it. Skipped with a printed reason where chromium is missing, as tests/support/browser.ts decides.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePublicDirectory } from '../../desks/console/index.js';
import { chromiumPath, launchBrowser } from '../../tests/support/browser.js';
import { createPracticeRouter } from './practice-router.js';
import { type PracticeWorld, practiceWorld } from './test-support/practice-world.js';

const TOKENS: Record<string, string> = { 'token-trainee-tia': 'tia', 'token-lead-lee': 'lead' };

describe.skipIf(!chromiumPath)('practice mode in the browser', () => {
  let world: PracticeWorld;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;
  let ticketId: string;

  beforeAll(async () => {
    world = await practiceWorld();
    ticketId = await world.resolveConversation(
      'c-browser',
      [
        ['customer', 'where is my order A1001?', 0],
        ['bot', 'It left our warehouse on Monday.', 1],
        ['customer', 'This is ridiculous, Ada Lovelace here, it is two weeks late!', 10],
        ['customer', 'hello??', 15],
        ['agent', 'I am sorry, let me check.', 30],
        ['customer', 'ok, I need it by Friday', 40],
      ],
      2,
    );
    const app = express();
    app.use(
      createPracticeRouter({
        service: world.service,
        authenticate: async (token) => TOKENS[token],
        isSupervisor: (agentId) => agentId === 'lead',
        agentName: (agentId) => ({ tia: 'Tia Trainee', lead: 'Lee Lead' })[agentId],
      }),
    );
    app.use('/agent', express.static(consolePublicDirectory));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function signIn(token: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/agent/practice.html`);
    await page.getByTestId('practice-token-input').fill(token);
    await page.getByTestId('practice-sign-in').click();
    return page;
  }

  it('a supervisor chooses a conversation, a trainee practises it and gets a score, the supervisor sees it', async () => {
    const pageErrors: string[] = [];
    const lead = await signIn('token-lead-lee');
    lead.on('pageerror', (error) => pageErrors.push(error.message));
    const candidate = lead.locator(`[data-testid="practice-candidate"][data-ticket-id="${ticketId}"]`);
    await candidate.getByRole('button', { name: 'Add to practice' }).click();
    await lead.getByTestId('practice-library-item').waitFor();
    await expect(lead.getByTestId('practice-library-item').textContent()).resolves.toContain('late delivery');
    // The supervisor reads what trainees will see: anonymised.
    await lead.getByTestId('practice-read-script').click();
    const lines = (await lead.getByTestId('practice-script-lines').textContent()) ?? '';
    expect(lines).toContain('Sam Lee');
    expect(lines).not.toContain('Ada');

    const tia = await signIn('token-trainee-tia');
    tia.on('pageerror', (error) => pageErrors.push(error.message));
    // A trainee does not see the supervisors' results.
    await tia.getByTestId('practice-script').waitFor();
    await expect(tia.getByTestId('practice-supervisor').isHidden()).resolves.toBe(true);
    await tia.getByTestId('practice-start').click();
    const customerLines = tia.locator('[data-testid="practice-line"][data-from="customer"]');
    await customerLines.first().waitFor();
    await expect(customerLines.first().textContent()).resolves.toContain('This is ridiculous, Sam Lee here');
    await expect(tia.getByTestId('practice-context').textContent()).resolves.toContain('where is my order ORD-0001?');
    expect(await customerLines.count()).toBe(1);

    // The customer's follow-up came 5 s later: it arrives when the server's clock says so.
    world.clock.now += 5_000;
    await customerLines.nth(1).waitFor();
    await expect(customerLines.nth(1).textContent()).resolves.toContain('hello??');

    await tia.getByTestId('practice-reply-input').fill('Your order is on its way.');
    await tia.getByTestId('practice-reply-send').click();
    await tia.locator('[data-testid="practice-line"][data-from="agent"]').waitFor();
    world.clock.now += 10_000;
    await customerLines.nth(2).waitFor();
    await tia.getByTestId('practice-reply-input').fill('Thank you for your patience, it arrives on Thursday, before Friday.');
    await tia.getByTestId('practice-reply-send').click();

    await tia.getByTestId('practice-summary').waitFor();
    const score = Number((await tia.getByTestId('practice-score').textContent())?.split('/')[0]);
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(100);
    await expect(tia.getByTestId('practice-reply-note').count()).resolves.toBe(2);
    await expect(tia.getByTestId('practice-summary').textContent()).resolves.toContain('did not acknowledge');

    await lead.reload();
    const row = lead.locator('[data-testid="practice-result"][data-agent-id="tia"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Tia Trainee');
    await expect(row.getByTestId('practice-result-overall').textContent()).resolves.toBe(String(score));
    await row.getByRole('button', { name: 'Replies' }).click();
    await expect(lead.getByTestId('practice-result-detail').textContent()).resolves.toContain('Your order is on its way.');

    // The sign-in shared with the console (agent-session.js): signing out drops the tab's token, a reload
    // stays signed out, and a #token= link signs in at once and leaves the address bar.
    await lead.locator('#sign-out').click();
    await lead.getByTestId('practice-token-input').waitFor();
    await lead.reload();
    await lead.getByTestId('practice-token-input').waitFor();
    await expect(lead.locator('#practice').isHidden()).resolves.toBe(true);
    // From another page: a hash change on the same page would not load it again.
    await lead.goto('about:blank');
    await lead.goto(`${baseUrl}/agent/practice.html#token=token-lead-lee`);
    await lead.getByTestId('practice-library-item').waitFor();
    expect(new URL(lead.url()).hash).toBe('');
    await expect(lead.getByTestId('practice-token-input').isHidden()).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
