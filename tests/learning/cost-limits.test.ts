/**
 * What costs CPU in the learning loop is limited per hour across instances (two routers on one real
 * Redis): retrain requests (LEARNING_SETTINGS.retrainsPerHour) and listings that must regroup the misses
 * (MISSES_SETTINGS.regroupsPerHour). A refusal is a 429 with a code, a message naming the setting and a
 * Retry-After; a listing that reuses the last grouping spends nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { requireAdminToken } from '../../bots/admin-auth.js';
import { setupMissLearning } from '../../bots/learning/learning-setup.js';
import { createLearningRouter } from '../../bots/learning/learning-router.js';
import { setupModelLearning } from '../../supervision/learning/models/setup-models.js';
import { writeSmallCorpus } from '../../supervision/learning/models/test-support/small-corpus.js';
import { miss } from '../contracts/learning-stores.contract.js';
import { createKeywordRecognizer } from '../support/keyword-recognizer.js';
import { connectTestRedis } from '../support/redis.js';

const TOKEN = 'learning-limits-token-0123456789';
const NOW = Date.parse('2026-12-07T08:00:00Z');
const test = connectTestRedis('learning-limits');
const dir = mkdtempSync(join(tmpdir(), 'baton-limits-'));
const servers: ReturnType<express.Express['listen']>[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await test.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(router: Router): Promise<string> {
  const server = express().use(router).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const call = async (url: string, method = 'GET', body?: unknown) => {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
};

describe('learning loop cost limits', () => {
  it('limits retrain requests per hour across instances, with a 429 and Retry-After', async () => {
    const { corpusDir, devDir } = writeSmallCorpus(dir);
    const instance = (name: string) =>
      setupModelLearning({
        settings: JSON.stringify({
          corpusDir,
          validationDir: devDir,
          devDir,
          workDir: join(dir, `work-${name}`),
          cacheDir: join(dir, 'cache'),
          retrainsPerHour: 2,
        }),
        base: createKeywordRecognizer({ track_order: ['order'] }),
        baseModelDir: join(dir, 'base'),
        redis: test.redis,
        keyPrefix: test.keyPrefix,
        guard: requireAdminToken({ adminToken: TOKEN }),
      });
    const [a, b] = [instance('a'), instance('b')];
    // Another retrain holds the lock, so requests within the limit answer 409 and no child process runs.
    expect(await a.store.acquireRetrainLock('v-elsewhere01', 60_000)).toBe(true);
    const [urlA, urlB] = [await serve(a.router), await serve(b.router)];
    expect((await call(`${urlA}/api/admin/learning/models/retrain`, 'POST', { by: 'sam' })).status).toBe(409);
    expect((await call(`${urlB}/api/admin/learning/models/retrain`, 'POST', { by: 'kim' })).status).toBe(409);
    const refused = await call(`${urlA}/api/admin/learning/models/retrain`, 'POST', { by: 'sam' });
    expect([refused.status, refused.body.error.code]).toEqual([429, 'retrain_limited']);
    expect(refused.body.error.message).toContain('retrainsPerHour');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3600);
  });

  it('limits listings that must regroup, shared across instances; an unchanged listing spends nothing', async () => {
    const instance = () =>
      setupMissLearning({
        settings: JSON.stringify({ regroupsPerHour: 2 }),
        redis: test.redis,
        keyPrefix: test.keyPrefix,
        locales: ['en', 'zh'],
        now: () => NOW,
      });
    const [a, b] = [instance(), instance()];
    const [urlA, urlB] = await Promise.all([a, b].map((learning) => serve(createLearningRouter({ review: learning.review, token: TOKEN }))));
    await a.store.add(miss('w1', NOW - 3000, { text: 'do you offer gift wrapping?' }));
    const first = await call(`${urlA}/learning/api/groups?days=7`);
    expect(first.status).toBe(200);
    // The same misses again: the last grouping is reused and the limit is not spent.
    for (let reload = 0; reload < 3; reload++) expect((await call(`${urlA}/learning/api/groups?days=7`)).status).toBe(200);
    // Instance b groups them for the first time: the second point, spent on the shared budget.
    expect((await call(`${urlB}/learning/api/groups?days=7`)).status).toBe(200);
    await a.store.add(miss('w2', NOW - 2000, { text: 'is gift wrapping available' }));
    const refused = await call(`${urlA}/learning/api/groups?days=7`);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'regroup_limited']);
    expect(refused.body.error.message).toContain('regroupsPerHour');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Actions still work: they regroup without the limit (the gift-wrapping group now holds both misses).
    const [group] = first.body.groups;
    const dismissed = await call(`${urlA}/learning/api/groups/${group.id}/dismiss`, 'POST', { days: 7 });
    expect([dismissed.status, dismissed.body.dismissed]).toEqual([200, 2]);
  });
});
