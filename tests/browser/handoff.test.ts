/**
 * A human handoff in a real browser, customer and agent side by side: the customer's angry message in
 * the widget queues the conversation; the agent signs in to the console at /agent/, claims the ticket,
 * reads the transcript, replies; the customer's next message reaches the console live; the agent
 * resolves, the customer rates 5 in the widget, the score lands on the ticket, and the bot answers
 * FAQ questions again. Runs on the memory stores and on the real Redis.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const AGENT = { id: 'ada', name: 'Ada', token: 'ada-console-token-0123456', languages: ['en', 'zh'], skills: ['general'], capacity: 3 };
const ANGRY = 'This is ridiculous!! I want to talk to a real person NOW';
const WAIT_MS = 15_000;

/** Polls `check` until it resolves a value other than undefined/false, or fails saying `what` and the last state seen. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  describeState: () => Promise<unknown> = async () => undefined,
  ms = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`Timed out after ${ms} ms waiting for ${what}. Last seen: ${JSON.stringify(await describeState())}`);
}

/** The widget's bot messages, in order. */
const botTexts = (page: Page) => page.getByTestId('message-bot').allTextContents();

/** Waits for a bot message matching `expected` (a pattern, or the exact text) among those from index `from` on; resolves its text. */
async function botSays(page: Page, expected: RegExp | string, from = 0): Promise<string> {
  const matches = (text: string) => (typeof expected === 'string' ? text === expected : expected.test(text));
  return until(
    `a bot message matching ${JSON.stringify(String(expected))}`,
    async () => (await botTexts(page)).slice(from).find(matches),
    async () => (await botTexts(page)).slice(from),
  );
}

/** Types `text` into the widget and sends it; resolves how many bot messages there were before. */
async function customerSends(page: Page, text: string): Promise<number> {
  const before = await page.getByTestId('message-bot').count();
  await page.getByTestId('baton-input').fill(text);
  await page.getByTestId('baton-send').click();
  return before;
}

for (const store of ['memory', 'redis'] as const) {
  describe.skipIf(!chromiumPath)(`handoff in the browser, widget and console (${store} store)`, () => {
    let assistant: ShopAssistant;
    let browser: Browser;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('browser-handoff') : undefined;
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        AGENTS: JSON.stringify([AGENT]),
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      });
      assistant = await createShopAssistant(config);
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    /** A page in its own browser context (own storage), with its page errors collected. */
    async function openPage(viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      return { page, errors };
    }

    it('queues an angry customer, the agent claims, talks, resolves; the customer rates and the bot is back', async () => {
      // ---- the customer asks for a person ----
      const customer = await openPage({ width: 390, height: 780 });
      const widget = customer.page;
      await widget.goto(baseUrl);
      await widget.getByTestId('baton-launcher').click();
      await widget.getByTestId('message-bot').first().waitFor({ timeout: WAIT_MS });
      const queued = await botSays(widget, /number 1 in the queue/, await customerSends(widget, ANGRY));
      expect(queued).toMatch(/bringing in a person from our team/);

      // ---- the agent signs in and sees the ticket with its reason ----
      const agent = await openPage({ width: 1366, height: 768 });
      const console_ = agent.page;
      await console_.goto(`${baseUrl}/agent/`);
      await console_.getByTestId('agent-token-input').fill(AGENT.token);
      await console_.getByTestId('agent-sign-in').click();
      await console_.getByTestId('connection-state').filter({ hasText: 'live' }).waitFor({ timeout: WAIT_MS });
      const item = console_.getByTestId('queue-item');
      await item.first().waitFor({ timeout: WAIT_MS });
      expect(await item.count()).toBe(1);
      const ticketId = (await item.getAttribute('data-ticket-id')) ?? '';
      const ticket = await assistant.handoff.service.details(ticketId);
      expect(ticket, `ticket ${ticketId} shown in the console is unknown to the service`).toBeDefined();
      expect(['negative_emotion', 'requested_human']).toContain(ticket!.reason);
      const itemText = (await item.textContent()) ?? '';
      expect(itemText).toContain(ticket!.reason.replace('_', ' '));
      expect(itemText).toContain(ticket!.reasonDetail);

      // ---- claim: the transcript shows what the customer wrote; the customer hears who joined ----
      await item.getByTestId('claim-button').click();
      await console_.locator(`[data-testid="mine-item"][data-ticket-id="${ticketId}"]`).waitFor({ timeout: WAIT_MS });
      await console_.getByTestId('conversation-header').waitFor({ timeout: WAIT_MS });
      await console_
        .locator('[data-testid="transcript-line"][data-from="customer"]', { hasText: 'I want to talk to a real person' })
        .waitFor({ timeout: WAIT_MS });
      await botSays(widget, 'Ada from our team has joined the conversation.');

      // ---- the agent's reply reaches the widget ----
      const agentReply = 'Hi, I am Ada. I am sorry about the wait; tell me what happened.';
      await console_.getByTestId('reply-input').fill(agentReply);
      await console_.getByTestId('reply-send').click();
      // The widget names the agent above their words.
      await botSays(widget, `Ada${agentReply}`);
      await expect(widget.locator('.bw-agent').last().textContent()).resolves.toBe('Ada');
      await console_.locator('[data-testid="transcript-line"][data-from="agent"]', { hasText: 'I am Ada' }).waitFor({ timeout: WAIT_MS });

      // ---- the customer writes again: the console shows it live (masked), the bot says nothing ----
      const silentFrom = await customerSends(widget, 'My parcel A1002 never came. Write to me at chloe.martin@example.com');
      const live = console_.locator('[data-testid="transcript-line"][data-from="customer"]', { hasText: 'My parcel A1002 never came' });
      await live.waitFor({ timeout: WAIT_MS });
      const liveText = (await live.textContent()) ?? '';
      expect(liveText).toContain('c***@example.com');
      expect(liveText).not.toContain('chloe.martin@');

      // ---- resolve: the customer is told, asked for a rating, clicks 5 ----
      await console_.getByTestId('resolve-button').click();
      await console_.locator(`[data-testid="mine-item"][data-ticket-id="${ticketId}"]`).waitFor({ state: 'detached', timeout: WAIT_MS });
      await botSays(widget, /How would you rate the help you got today\?/, silentFrom);
      // While the agent held the conversation the bot stayed silent: the first bot message after the
      // customer's second one is the closing one.
      const afterSilence = (await botTexts(widget)).slice(silentFrom);
      expect(afterSilence[0], `bot messages after the customer's message to the agent: ${JSON.stringify(afterSilence)}`).toBe(
        'Your conversation with our team is closed. Thank you!',
      );
      const five = widget.getByTestId('suggested-action').filter({ hasText: /^5$/ });
      await five.waitFor({ timeout: WAIT_MS });
      expect(await widget.getByTestId('suggested-action').allTextContents()).toEqual(['1', '2', '3', '4', '5']);
      const ratedFrom = await widget.getByTestId('message-bot').count();
      await five.click();
      await botSays(widget, /^Thank you for the 5!/, ratedFrom);

      // ---- the score is on the ticket, for the service and through the agent API ----
      const rated = await until(
        'csat 5 on the ticket',
        async () => {
          const details = await assistant.handoff.service.details(ticketId);
          return details?.csat === 5 ? details : undefined;
        },
        () => assistant.handoff.service.details(ticketId),
      );
      expect(rated.state).toBe('resolved');
      const viaApi = await fetch(`${baseUrl}/api/agent/tickets/${encodeURIComponent(ticketId)}`, { headers: { authorization: `Bearer ${AGENT.token}` } });
      expect(viaApi.status).toBe(200);
      expect(await viaApi.json()).toMatchObject({ id: ticketId, state: 'resolved', csat: 5, agentId: AGENT.id });

      // ---- the bot answers again ----
      const faqFrom = await customerSends(widget, 'what payment methods do you accept?');
      await botSays(widget, /Visa/, faqFrom);

      expect(customer.errors, 'page errors in the widget').toEqual([]);
      expect(agent.errors, 'page errors in the console').toEqual([]);
    }, 90_000);
  });
}
