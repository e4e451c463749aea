/**
 * The learning loop's models side through the whole app: two instances on one real Redis, customers on
 * Direct Line, the admin API over HTTP. An accepted group (a new FAQ intent, and phrasings of a known one)
 * changes what BOTH instances answer after a retrain and a promotion, without a restart; two retrain requests
 * at once give one 202 and one 409; a candidate that fails the gate is kept with its figures and cannot be
 * promoted; an instance that cannot load a promoted version keeps its model and says so; rollback restores.
 * The corpus is small (test-support/small-corpus.ts), so a retrain takes seconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { jsonlFilesIn, trainModel } from '../../nlu-models/train.js';
import type { ModelVersion } from '../../supervision/learning/models/model-versions.js';
import {
  acceptedItemsSource,
  GIFT_WRAP,
  VOUCHER_PAYMENTS,
  WRONG_PHRASINGS,
  writeSmallCorpus,
} from '../../supervision/learning/models/test-support/small-corpus.js';
import { startCustomer } from '../support/directline-customer.js';
import { eventually } from '../support/fake-whatsapp-web.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ADMIN_TOKEN = 'learning-admin-token-0123456789';
const NOT_UNDERSTOOD = "Sorry, I didn't quite get that.";
const GIFT_EN = 'Gift wrapping costs USD 3';
const GIFT_ZH = '礼品包装 3 美元';
const PAYMENTS_EN = 'We accept Visa';
const DELIVERY_EN = 'Standard delivery takes 5-8 business days';

interface Instance {
  readonly app: ShopAssistant;
  readonly url: string;
  readonly cacheDir: string;
}

describe('retrain, gate, promote to every instance, roll back', () => {
  let redis: TestRedis;
  let dir: string;
  let a: Instance;
  let b: Instance;
  const accepted = acceptedItemsSource();

  async function startInstance(name: string, settings: Record<string, unknown>): Promise<Instance> {
    const cacheDir = join(dir, `cache-${name}`);
    const app = await createShopAssistant(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        REDIS_URL: testRedisUrl,
        REDIS_KEY_PREFIX: redis.keyPrefix,
        ADMIN_TOKEN,
        TOKEN_SECRET: 'learning-shared-token-secret-01',
        NLU_MODEL_DIR: join(dir, 'base'),
        FEEDBACK_SETTINGS: JSON.stringify({ askHelpful: false }),
        LEARNING_SETTINGS: JSON.stringify({ ...settings, cacheDir, workDir: join(dir, `work-${name}`) }),
      }),
      { acceptedItems: accepted },
    );
    return { app, url: `http://127.0.0.1:${await app.start()}`, cacheDir };
  }

  const admin = async (instance: Instance, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${instance.url}/api/admin/learning${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // The admin API's JSON, loosely typed: the assertions check its shape.
    return { status: response.status, body: (await response.json()) as any };
  };
  const versionOf = async (id: string): Promise<ModelVersion | undefined> =>
    ((await admin(a, 'GET', '/models')).body.versions as ModelVersion[]).find((v) => v.id === id);
  const judged = (id: string) =>
    eventually(
      `version ${id} judged`,
      async () => {
        const version = await versionOf(id);
        return version && version.status !== 'training' ? version : undefined;
      },
      120_000,
    );
  /** What a new customer of `instance` is answered to `text` (the last reply of the turn). */
  const ask = async (instance: Instance, text: string): Promise<string> => (await (await startCustomer(instance.url)).say(text)).at(-1)?.text ?? '';
  const loadedOn = (instance: Instance) => instance.app.learning.sync.status;

  beforeAll(async () => {
    redis = connectTestRedis('model-promotion');
    dir = mkdtempSync(join(tmpdir(), 'baton-learning-'));
    const { corpusDir, devDir } = writeSmallCorpus(dir);
    // The model both instances start with: the small corpus, fitted as the shop model is (validation = dev).
    trainModel({ dataFiles: jsonlFilesIn(corpusDir), validationFiles: jsonlFilesIn(devDir), outDir: join(dir, 'base') });
    // Checks every hour: within this test only the promotion message (and the promoting instance) converge.
    const settings = { corpusDir, validationDir: devDir, devDir, checkSeconds: 3600, gate: { maxDevDrop: 0.02 } };
    a = await startInstance('a', settings);
    b = await startInstance('b', settings);
  }, 60_000);

  afterAll(async () => {
    await a?.app.stop();
    await b?.app.stop();
    await redis?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  let first: ModelVersion;

  it('learns an accepted group: one retrain at a time, then both instances answer the new FAQ intent after promotion', async () => {
    for (const instance of [a, b]) {
      expect(await ask(instance, 'do you offer gift wrapping?')).toContain(NOT_UNDERSTOOD);
      expect(await ask(instance, 'can I settle the bill with a voucher')).toContain(NOT_UNDERSTOOD);
    }
    accepted.items.push(GIFT_WRAP, VOUCHER_PAYMENTS);

    const [one, two] = await Promise.all([admin(a, 'POST', '/models/retrain', { by: 'sam' }), admin(b, 'POST', '/models/retrain', { by: 'kim' })]);
    expect([one.status, two.status].sort()).toEqual([202, 409]);
    expect([one, two].find((r) => r.status === 409)?.body.error.code).toBe('retrain_running');
    const started = [one, two].find((r) => r.status === 202)?.body.version as ModelVersion;
    expect(started).toMatchObject({ status: 'training', comparedWith: 'base', acceptedItems: 2 });

    first = await judged(started.id);
    expect(first.status, JSON.stringify(first.gate?.failures ?? first.error)).toBe('passed');
    expect(first.gate).toMatchObject({ passed: true, newIntents: { rows: 3 }, knownIntents: { rows: 1 } });
    expect(first.answers.gift_wrapping?.zh).toContain(GIFT_ZH);
    // Trained, not promoted: nothing changed for customers yet.
    expect(await ask(b, 'do you offer gift wrapping?')).toContain(NOT_UNDERSTOOD);

    const promoted = await admin(a, 'POST', `/models/${first.id}/promote`, { by: 'sam' });
    expect(promoted).toMatchObject({ status: 200, body: { promotion: { action: 'promote', by: 'sam', from: 'base', to: first.id } } });
    await eventually('instance b on the promoted version', () => loadedOn(b).loaded === first.id, 30_000);
    for (const instance of [a, b]) {
      expect(await ask(instance, 'do you offer gift wrapping?')).toContain(GIFT_EN);
      expect(await ask(instance, '你们有礼品包装吗？')).toContain(GIFT_ZH);
      expect(await ask(instance, 'can I settle the bill with a voucher')).toContain(PAYMENTS_EN);
      // What the model knew still works.
      expect(await ask(instance, 'how long does delivery take?')).toContain(DELIVERY_EN);
    }
    const listed = (await admin(b, 'GET', '/models')).body;
    expect(listed.current).toBe(first.id);
    expect(listed.instances.map((s: { loaded: string; state: string }) => [s.loaded, s.state])).toEqual([
      [first.id, 'ok'],
      [first.id, 'ok'],
    ]);
    expect(listed.promotions[0]).toMatchObject({ by: 'sam', from: 'base', to: first.id, gate: { passed: true } });
  }, 180_000);

  it('keeps a candidate that fails the gate as a record and never promotes it', async () => {
    accepted.items.push(WRONG_PHRASINGS);
    const started = await admin(b, 'POST', '/models/retrain', { by: 'kim' });
    expect(started.status).toBe(202);
    const failed = await judged(started.body.version.id);
    expect(failed).toMatchObject({ status: 'failed', comparedWith: first.id, gate: { passed: false } });
    expect(failed.gate?.failures.join(' ')).toMatch(/dev in-scope accuracy fell/);
    expect(failed.gate?.dev.candidate.inScopeAccuracy).toBeLessThan(failed.gate?.dev.current.inScopeAccuracy ?? 0);

    const refused = await admin(a, 'POST', `/models/${failed.id}/promote`, { by: 'kim' });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'not_passed' } } });
    for (const instance of [a, b]) {
      expect(loadedOn(instance).loaded).toBe(first.id);
      // The promoted model answers the dev questions the failed candidate took for refund questions.
      expect(await ask(instance, 'how long will shipping take?')).toContain(DELIVERY_EN);
      expect(await ask(instance, 'do you offer gift wrapping?')).toContain(GIFT_EN);
    }
    accepted.items.splice(accepted.items.indexOf(WRONG_PHRASINGS), 1);
  }, 180_000);

  it('an instance that cannot load a promoted version keeps its model and reports it; rollback restores the previous', async () => {
    const started = await admin(a, 'POST', '/models/retrain', { by: 'sam' });
    const second = await judged(started.body.version.id);
    expect(second.status, JSON.stringify(second.gate?.failures ?? second.error)).toBe('passed');

    // Instance b's model folder is gone and a file stands in its place: it cannot write the new version there.
    rmSync(b.cacheDir, { recursive: true, force: true });
    writeFileSync(b.cacheDir, 'not a folder');
    expect((await admin(a, 'POST', `/models/${second.id}/promote`, { by: 'sam' })).status).toBe(200);
    const failedOnB = await eventually('instance b reporting the failure', () => (loadedOn(b).state === 'failed' ? loadedOn(b) : undefined), 30_000);
    expect(failedOnB).toMatchObject({ loaded: first.id, wanted: second.id, error: expect.stringMatching(/ENOTDIR|not a directory/i) });
    expect(loadedOn(a)).toMatchObject({ loaded: second.id, state: 'ok' });
    const instances = (await admin(a, 'GET', '/models')).body.instances as { instanceId: string; loaded: string; state: string }[];
    expect(instances.find((s) => s.instanceId === b.app.learning.sync.instanceId)).toMatchObject({ loaded: first.id, state: 'failed' });
    expect(await ask(b, 'do you offer gift wrapping?')).toContain(GIFT_EN);

    const rolledBack = await admin(b, 'POST', '/models/rollback', { by: 'kim' });
    expect(rolledBack).toMatchObject({ status: 200, body: { promotion: { action: 'rollback', from: second.id, to: first.id, by: 'kim' } } });
    await eventually('both instances on the previous version', () => loadedOn(a).loaded === first.id && loadedOn(b).state === 'ok', 30_000);
    expect(loadedOn(b)).toMatchObject({ loaded: first.id, wanted: first.id, state: 'ok' });

    // One more rollback returns to the model the instances started with, on both.
    expect((await admin(a, 'POST', '/models/rollback', { by: 'kim' })).body.promotion).toMatchObject({ from: first.id, to: 'base' });
    await eventually('both instances on the base model', () => loadedOn(a).loaded === 'base' && loadedOn(b).loaded === 'base', 30_000);
    for (const instance of [a, b]) expect(await ask(instance, 'do you offer gift wrapping?')).toContain(NOT_UNDERSTOOD);
    const history = (await admin(a, 'GET', '/models')).body.promotions as { action: string; to: string }[];
    expect(history.map((p) => `${p.action}:${p.to}`)).toEqual(['rollback:base', `rollback:${first.id}`, `promote:${second.id}`, `promote:${first.id}`]);
  }, 180_000);

  it('refuses without the admin token and bounds what it reads', async () => {
    expect((await fetch(`${a.url}/api/admin/learning/models`)).status).toBe(401);
    expect((await admin(a, 'POST', '/models/../../x/promote')).status).toBe(404);
    expect((await admin(a, 'POST', '/models/not-a-version/promote', {})).body.error.code).toBe('invalid');
    expect((await admin(a, 'POST', '/models/rollback', { by: 'x'.repeat(200) })).body.error.code).toBe('invalid');
  });
});
