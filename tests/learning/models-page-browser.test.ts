/**
 * The NLU models page in a real browser, on one instance with memory stores: linked from the dashboard,
 * it retrains with an accepted group, see the gate's figures, promote, see the instance load it (the bot then
 * answers the new FAQ intent), and roll back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { jsonlFilesIn, trainModel } from '../../nlu-models/train.js';
import { acceptedItemsSource, GIFT_WRAP, writeSmallCorpus } from '../../supervision/learning/models/test-support/small-corpus.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startCustomer } from '../support/directline-customer.js';

const ADMIN_TOKEN = 'models-page-admin-token-012345';

describe.skipIf(!chromiumPath)('NLU models page', () => {
  let dir: string;
  let app: ShopAssistant;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-models-page-'));
    const { corpusDir, devDir } = writeSmallCorpus(dir);
    trainModel({ dataFiles: jsonlFilesIn(corpusDir), validationFiles: jsonlFilesIn(devDir), outDir: join(dir, 'base') });
    const settings = { corpusDir, validationDir: devDir, devDir, cacheDir: join(dir, 'cache'), workDir: join(dir, 'work'), gate: { maxDevDrop: 0.02 } };
    app = await createShopAssistant(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ADMIN_TOKEN,
        NLU_MODEL_DIR: join(dir, 'base'),
        FEEDBACK_SETTINGS: JSON.stringify({ askHelpful: false }),
        LEARNING_SETTINGS: JSON.stringify(settings),
      }),
      { acceptedItems: acceptedItemsSource([GIFT_WRAP]) },
    );
    url = `http://127.0.0.1:${await app.start()}`;
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retrains, shows the gate, promotes and rolls back', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/dashboard/#token=${ADMIN_TOKEN}`);
    expect(await page.getByTestId('models-link').getAttribute('href')).toBe('models.html');
    await page.goto(`${url}/dashboard/models.html#token=${ADMIN_TOKEN}`);
    await expect.poll(() => page.getByTestId('current').textContent()).toBe('base');
    await page.getByTestId('by-input').fill('Sam');
    await page.getByTestId('retrain').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(/^Retraining as v-/);

    const version = page.getByTestId('version').first();
    await expect.poll(() => version.textContent(), { timeout: 60_000 }).toContain('passed');
    const figures = await version.locator('td').allTextContents();
    expect(figures[2]).toBe('Sam');
    expect(figures[3]).toBe('1 (new: gift_wrapping)');
    expect(figures[5]).toMatch(/^\d+(\.\d)? % → \d+(\.\d)? %$/);
    expect(figures[8]).toMatch(/^\d of 3$/);

    await version.getByTestId('promote').click();
    const id = figures[0];
    await expect.poll(() => page.getByTestId('current').textContent()).toBe(id);
    await expect.poll(() => page.getByTestId('instance').first().textContent()).toContain(`${id}${id}ok`);
    expect(await page.getByTestId('promotion').first().textContent()).toContain(`Sampromotebase${id}`);
    const customer = await startCustomer(url);
    expect((await customer.say('do you offer gift wrapping?')).at(-1)?.text).toContain('Gift wrapping costs USD 3');

    await page.getByTestId('rollback').click();
    await expect.poll(() => page.getByTestId('current').textContent()).toBe('base');
    expect(await page.getByTestId('notice').textContent()).toBe(`Rolled back from ${id} to base.`);
    expect(app.learning.sync.status).toMatchObject({ loaded: 'base', state: 'ok' });
  }, 120_000);
});
