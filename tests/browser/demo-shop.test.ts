/**
 * The demo shop in a real browser: the page loads the widget with one script tag, the customer asks
 * in English and in Chinese, follows the order-tracking dialog to a status, and gets answers in the
 * language they wrote in. Runs on the memory stores and on the real Redis.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const HAN = /\p{Script=Han}/u;

/** Sends a message and resolves the text of the first new bot message that matches. */
async function ask(page: Page, text: string, expected: RegExp): Promise<string> {
  const bot = page.getByTestId('message-bot');
  const before = await bot.count();
  await page.getByTestId('baton-input').fill(text);
  await page.getByTestId('baton-send').click();
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const fresh = (await bot.allTextContents()).slice(before);
    const match = fresh.find((reply) => expected.test(reply));
    if (match) return match;
    await page.waitForTimeout(100);
  }
  const fresh = (await bot.allTextContents()).slice(before);
  throw new Error(`No bot reply matching ${expected} after "${text}". Bot said: ${JSON.stringify(fresh)}`);
}

for (const store of ['memory', 'redis'] as const) {
  describe.skipIf(!chromiumPath)(`demo shop in the browser (${store} store)`, () => {
    let assistant: ShopAssistant;
    let browser: Browser;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('browser') : undefined;
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      });
      assistant = await createShopAssistant(config);
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    it('tracks an order in English, then answers a Chinese question in Chinese', async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 780 } });
      await page.goto(baseUrl);
      await expect(page.title()).resolves.toBe('Baton Demo Shop');
      await page.getByTestId('baton-launcher').click();
      await page.getByTestId('message-bot').first().waitFor({ timeout: 15_000 });

      await ask(page, 'where is my order?', /order number/i);
      const status = await ask(page, 'A1001', /A1001/);
      expect(status).toMatch(/on its way/);
      expect(status).toMatch(/Expected delivery/);

      const chinese = await ask(page, '我的订单在哪里?', HAN);
      expect(chinese).toMatch(/订单号/);
      const chineseStatus = await ask(page, 'A1003', /A1003/);
      expect(chineseStatus).toMatch(HAN);
      await page.close();
    });

    it('renders suggested actions as buttons that send their value', async () => {
      const page = await browser.newPage();
      await page.goto(baseUrl);
      await page.getByTestId('baton-launcher').click();
      const button = page.getByTestId('suggested-action').first();
      await button.waitFor({ timeout: 15_000 });
      const users = page.getByTestId('message-user');
      await button.click();
      await users.first().waitFor({ timeout: 15_000 });
      expect(await users.count()).toBe(1);
      await page.close();
    });
  });
}
