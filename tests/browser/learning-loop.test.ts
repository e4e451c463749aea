/**
 * The learning loop's admin page in a real browser, on the real Redis: customers' unserved questions
 * (sent through the bot over Direct Line, in English and Chinese; some answered and then marked "No,
 * that did not help") show up as groups; the admin adds one group's phrasings to an intent, makes a new
 * FAQ intent with answers of another, dismisses a third; each leaves the list, the accepted ones appear
 * as accepted (and in `listAccepted()`, where retraining reads them), and a withdrawal brings its group back.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startCustomer } from '../support/directline-customer.js';
import { ADMIN_TOKEN, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const WRAPPING = ['do you offer gift wrapping?', 'is gift wrapping available', 'can you gift wrap my order', '可以提供礼品包装吗', '礼品包装怎么收费'];
// The bot answers these with its payment methods; the customers say it did not help.
const BITCOIN = [
  ['can I pay with bitcoin', 'No'],
  ['可以用比特币付款吗', '否'],
];
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
    for (const text of [...WRAPPING, ...JOKES]) await (await startCustomer(app.baseUrl)).say(text);
    for (const [question, no] of BITCOIN) {
      const customer = await startCustomer(app.baseUrl);
      await customer.say(question!);
      await customer.say(no!);
    }
    await app.assistant.misses.capture.settled();
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

  it('shows the groups, largest first, English and Chinese together, with examples and the closest intents', async () => {
    await until('the gift wrapping group', async () => (await group(WRAPPING[0]!).count()) === 1);
    const wrapping = group(WRAPPING[0]!);
    expect(await wrapping.getByTestId('group-volume').textContent()).toMatch(/^5/);
    expect((await wrapping.getByTestId('example-text').allTextContents()).sort()).toEqual([...WRAPPING].sort());
    expect(await wrapping.textContent()).toMatch(/English[\s\S]*Chinese/);
    expect(await page.getByTestId('group').first().getAttribute('data-group-id')).toBe(await wrapping.getAttribute('data-group-id'));
    const bitcoin = group(BITCOIN[0]![0]!);
    expect((await bitcoin.getByTestId('example-text').allTextContents()).sort()).toEqual(BITCOIN.map(([question]) => question).sort());
    expect(await bitcoin.textContent()).toMatch(/not helpful 2/);
    expect(await bitcoin.locator('.closest li').first().textContent()).toMatch(/^check_payment_methods/);
    expect(await page.getByTestId('summary').textContent()).toMatch(/9 unanswered message\(s\) in 3 group\(s\)/);
    if (process.env.LEARNING_SCREENSHOT) await page.screenshot({ path: process.env.LEARNING_SCREENSHOT, fullPage: true });
  });

  it('adds a group’s chosen phrasings to an intent: the group leaves the list and appears as accepted', async () => {
    const wrapping = group(WRAPPING[0]!);
    await page.getByTestId('reviewer').fill('Lin');
    await page.getByTestId('reviewer').dispatchEvent('change');
    // The admin leaves one example out of the training.
    const left = (await wrapping.getByTestId('example-text').nth(4).textContent())!;
    await wrapping.getByTestId('example-checkbox').nth(4).uncheck();
    await wrapping.getByTestId('intent-select').selectOption('delivery_options');
    await wrapping.getByTestId('add-to-intent').click();
    await until('the group to leave', async () => (await group(WRAPPING[0]!).count()) === 0);
    expect(await page.getByTestId('status').textContent()).toMatch(/4 phrasing\(s\) added to delivery_options/);
    expect(await acceptedIntents()).toEqual(['delivery_options']);
    const [item] = await app.assistant.misses.accepted.listAccepted();
    expect(item).toMatchObject({ kind: 'phrasings', intent: 'delivery_options', acceptedBy: 'Lin' });
    expect(await page.getByTestId('accepted-row').textContent()).toMatch(/by Lin/);
    expect(item!.examples.map((example) => example.text).sort()).toEqual(WRAPPING.filter((text) => text !== left).sort());
    expect(new Set(item!.examples.map((example) => example.locale))).toEqual(new Set(['en', 'zh']));
  });

  it('refuses a taken name or a missing language, then creates a new intent with an answer per language', async () => {
    const bitcoin = group(BITCOIN[0]![0]!);
    const status = async () => (await page.getByTestId('status').textContent()) ?? '';
    await bitcoin.getByTestId('new-intent-toggle').click();
    await bitcoin.getByTestId('new-intent-name').fill('track_order');
    await bitcoin.getByTestId('new-intent-answer-en').fill('We do not take cryptocurrencies; cards, PayPal and Alipay are welcome.');
    await bitcoin.getByTestId('create-intent').click();
    await until('the refusal of the name', async () => /already an intent/.test(await status()));
    expect(await page.getByTestId('status').getAttribute('class')).toMatch(/error/);

    await bitcoin.getByTestId('new-intent-name').fill('pay_with_crypto');
    await bitcoin.getByTestId('create-intent').click();
    await until('the refusal of the missing answer', async () => /answer in zh too/.test(await status()));

    await bitcoin.getByTestId('new-intent-answer-zh').fill('我们暂不支持加密货币，可使用银行卡、PayPal 或支付宝。');
    await bitcoin.getByTestId('create-intent').click();
    await until('the bitcoin group to leave', async () => (await group(BITCOIN[0]![0]!).count()) === 0);
    expect(await status()).toMatch(/New intent pay_with_crypto created with 2 phrasing/);
    expect((await acceptedIntents()).sort()).toEqual(['delivery_options', 'pay_with_crypto']);
    const created = (await app.assistant.misses.accepted.listAccepted()).find((item) => item.kind === 'new_intent');
    expect(created).toMatchObject({
      intent: 'pay_with_crypto',
      answers: { en: 'We do not take cryptocurrencies; cards, PayPal and Alipay are welcome.', zh: '我们暂不支持加密货币，可使用银行卡、PayPal 或支付宝。' },
    });
  });

  it('dismisses a group, and a withdrawn item brings its group back', async () => {
    await group(JOKES[0]!).getByTestId('dismiss').click();
    await until('the jokes to leave', async () => (await group(JOKES[0]!).count()) === 0);
    await until('nothing left', async () => (await page.getByTestId('no-groups').count()) === 1);

    await page.getByTestId('accepted-row').filter({ hasText: 'delivery_options' }).getByTestId('withdraw').click();
    await until('the wrapping group back', async () => (await group(WRAPPING[0]!).count()) === 1);
    expect(await group(WRAPPING[0]!).getByTestId('group-volume').textContent()).toMatch(/^5/);
    expect(await acceptedIntents()).toEqual(['pay_with_crypto']);
    expect((await app.assistant.misses.accepted.listAccepted()).map((item) => item.intent)).toEqual(['pay_with_crypto']);
  });
});
