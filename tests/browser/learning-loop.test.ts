/**
 * The learning loop's admin page in a real browser, on the real Redis: customers' unserved questions
 * (sent through the bot over Direct Line) show up as groups; the admin adds one group's phrasings to an
 * intent, makes a new FAQ intent with answers of another, dismisses a third; each leaves the list, the
 * accepted ones appear as accepted (and in `listAccepted()`, where retraining reads them), and a
 * withdrawal brings its group back.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startCustomer } from '../support/directline-customer.js';
import { ADMIN_TOKEN, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const WRAPPING = ['do you offer gift wrapping?', 'is gift wrapping available', 'can you gift wrap my order'];
const ZH_WRAPPING = ['可以提供礼品包装吗', '礼品包装怎么收费'];
const JOKES = ['tell me a joke', 'tell me a funny joke please'];

/** Waits until `check` holds (the page updates after its fetches). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.skipIf(!chromiumPath)('learning loop admin page (browser, Redis)', () => {
  let fakes: Fakes;
  let app: FullApp;
  let browser: Browser;
  let page: Page;
  let testRedis: TestRedis;

  beforeAll(async () => {
    testRedis = connectTestRedis('learning-browser');
    fakes = await startFakes();
    app = await startFullApp(fakes, { redis: { url: testRedisUrl, keyPrefix: testRedis.keyPrefix } });
    // Every question from its own customer, as a shop's day brings them.
    for (const text of [...WRAPPING, ...ZH_WRAPPING, ...JOKES]) await (await startCustomer(app.baseUrl)).say(text);
    await app.assistant.learning.capture.settled();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${app.baseUrl}/learning/#token=${ADMIN_TOKEN}`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fakes?.close();
    await testRedis?.cleanup();
  });

  const group = (text: string): Locator => page.getByTestId('group').filter({ has: page.getByTestId('example-text').getByText(text, { exact: true }) });
  const acceptedIntents = async () => page.getByTestId('accepted-intent').allTextContents();

  it('shows the groups, largest first, with examples and the closest intents', async () => {
    await until('the gift wrapping group', async () => (await group(WRAPPING[0]!).count()) === 1);
    const wrapping = group(WRAPPING[0]!);
    expect(await wrapping.getByTestId('group-volume').textContent()).toMatch(/^3/);
    expect((await wrapping.getByTestId('example-text').allTextContents()).sort()).toEqual([...WRAPPING].sort());
    expect(await group(ZH_WRAPPING[0]!).getByTestId('example-text').allTextContents()).toHaveLength(2);
    expect(await page.getByTestId('group').first().getAttribute('data-group-id')).toBe(await wrapping.getAttribute('data-group-id'));
    expect(await page.getByTestId('summary').textContent()).toMatch(/7 unanswered message\(s\) in 3 group\(s\)/);
    expect(await wrapping.locator('.closest li').count()).toBeGreaterThan(0);
    if (process.env.LEARNING_SCREENSHOT) await page.screenshot({ path: process.env.LEARNING_SCREENSHOT, fullPage: true });
  });

  it('adds a group’s chosen phrasings to an intent: the group leaves the list and appears as accepted', async () => {
    const wrapping = group(WRAPPING[0]!);
    // The admin leaves one example out of the training.
    await wrapping.getByTestId('example-checkbox').nth(2).uncheck();
    await wrapping.getByTestId('intent-select').selectOption('delivery_options');
    await wrapping.getByTestId('add-to-intent').click();
    await until('the group to leave', async () => (await group(WRAPPING[0]!).count()) === 0);
    expect(await page.getByTestId('status').textContent()).toMatch(/2 phrasing\(s\) added to delivery_options/);
    expect(await acceptedIntents()).toEqual(['delivery_options']);
    const [item] = await app.assistant.learning.accepted.listAccepted();
    expect(item).toMatchObject({ kind: 'phrasings', intent: 'delivery_options', acceptedBy: 'admin' });
    expect(item!.examples).toHaveLength(2);
  });

  it('refuses a new intent named like an existing one, then creates one with an answer per language', async () => {
    const zh = group(ZH_WRAPPING[0]!);
    await zh.getByTestId('new-intent-toggle').click();
    await zh.getByTestId('new-intent-name').fill('track_order');
    await zh.getByTestId('new-intent-answer-zh').fill('我们提供免费礼品包装，下单时备注即可。');
    await zh.getByTestId('create-intent').click();
    await until('the refusal', async () => /already an intent/.test((await page.getByTestId('status').textContent()) ?? ''));
    expect(await page.getByTestId('status').getAttribute('class')).toMatch(/error/);

    await zh.getByTestId('new-intent-name').fill('gift_wrapping');
    await zh.getByTestId('new-intent-answer-en').fill('We gift-wrap any order for free: add a note at checkout.');
    await zh.getByTestId('create-intent').click();
    await until('the Chinese group to leave', async () => (await group(ZH_WRAPPING[0]!).count()) === 0);
    expect((await acceptedIntents()).sort()).toEqual(['delivery_options', 'gift_wrapping']);
    const created = (await app.assistant.learning.accepted.listAccepted()).find((item) => item.kind === 'new_intent');
    expect(created).toMatchObject({
      intent: 'gift_wrapping',
      answers: { en: 'We gift-wrap any order for free: add a note at checkout.', zh: '我们提供免费礼品包装，下单时备注即可。' },
    });
    expect(created!.examples.map((example) => example.locale)).toEqual(['zh', 'zh']);
  });

  it('dismisses a group, and a withdrawn item brings its group back', async () => {
    await group(JOKES[0]!).getByTestId('dismiss').click();
    await until('the jokes to leave', async () => (await group(JOKES[0]!).count()) === 0);
    await until('nothing left', async () => (await page.getByTestId('no-groups').count()) === 1);

    await page.getByTestId('accepted-row').filter({ hasText: 'delivery_options' }).getByTestId('withdraw').click();
    await until('the wrapping group back', async () => (await group(WRAPPING[0]!).count()) === 1);
    expect(await acceptedIntents()).toEqual(['gift_wrapping']);
    expect((await app.assistant.learning.accepted.listAccepted()).map((item) => item.intent)).toEqual(['gift_wrapping']);
  });
});
