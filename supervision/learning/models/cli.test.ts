/**
 * `npm run learn -- retrain` as a child process on the small corpus: a candidate that passes is written with
 * its answers (exit 0), one that fails the gate prints why and writes nothing (exit 3), bad input says the fix (exit 2).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlFilesIn, trainModel } from '../../../nlu-models/train.js';
import { connectTestRedis, testRedisUrl } from '../../../tests/support/redis.js';
import { createRedisAcceptedStore } from '../accepted-store.js';
import { createRedisModelVersionStore } from './redis-model-versions.js';
import { GIFT_WRAP, VOUCHER_PAYMENTS, WRONG_PHRASINGS, writeSmallCorpus } from './test-support/small-corpus.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'baton-learn-cli-'));
let env: Record<string, string>;

beforeAll(() => {
  const { corpusDir, devDir } = writeSmallCorpus(dir);
  trainModel({ dataFiles: jsonlFilesIn(corpusDir), validationFiles: jsonlFilesIn(devDir), outDir: join(dir, 'base') });
  const settings = { corpusDir, validationDir: devDir, devDir, workDir: join(dir, 'work'), gate: { maxDevDrop: 0.02 } };
  env = { PATH: process.env.PATH ?? '', LEARNING_SETTINGS: JSON.stringify(settings), NLU_MODEL_DIR: join(dir, 'base') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function learn(...argsAndEnv: Array<string | Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = argsAndEnv.filter((a): a is string => typeof a === 'string');
  const extra = argsAndEnv.find((a): a is Record<string, string> => typeof a !== 'string') ?? {};
  return new Promise((resolve) => {
    execFile(tsx, ['supervision/learning/models/cli.ts', ...args], { cwd: root, env: { ...env, ...extra }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const itemsFile = (name: string, items: readonly object[]) => {
  const file = join(dir, name);
  writeFileSync(file, items.map((item) => JSON.stringify(item)).join('\n'));
  return file;
};

describe('learn retrain', () => {
  it('--help, retrain --help and help print every flag and exit 0 without retraining', async () => {
    const page = await learn('--help');
    expect(page.code, page.stderr).toBe(0);
    for (const flag of ['--accepted', '--model', '--out', '--store', '--by', '--help']) expect(page.stdout).toContain(flag);
    expect(page.stdout).toMatch(/Exit codes: 0 passed, 3 failed the gate/);
    expect(page.stderr).toBe('');
    for (const args of [['retrain', '--help'], ['help'], ['help', 'retrain'], ['-h']]) expect((await learn(...args)).stdout).toBe(page.stdout);
    const unknown = await learn('help', 'fly');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command 'help fly'\. Use retrain/);
  });

  it('writes a candidate that passes the gate, with the new intents answers', async () => {
    const out = join(dir, 'candidate');
    const run = await learn('retrain', '--accepted', itemsFile('good.jsonl', [GIFT_WRAP, VOUCHER_PAYMENTS]), '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/in-scope accuracy\s+\d+\.\d+ %\s+\d+\.\d+ %/);
    expect(run.stdout).toContain('gate: PASSED');
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'answers.json'), 'utf8'))).toEqual({ gift_wrapping: GIFT_WRAP.kind === 'new_intent' ? GIFT_WRAP.answers : {} });
  }, 120_000);

  it('prints why a candidate fails the gate and exits 3 without writing it', async () => {
    const out = join(dir, 'rejected');
    const run = await learn('retrain', '--accepted', itemsFile('bad.jsonl', [WRONG_PHRASINGS]), '--out', out);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/gate: FAILED\n\s+dev in-scope accuracy fell/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('records the candidate in the shared Redis store with --store redis, for promotion from the admin API', async () => {
    const redis = connectTestRedis('learn-cli');
    try {
      const run = await learn('retrain', '--store', 'redis', '--by', 'ops', '--accepted', itemsFile('shared.jsonl', [GIFT_WRAP]), {
        REDIS_URL: testRedisUrl,
        REDIS_KEY_PREFIX: redis.keyPrefix,
      });
      expect(run.code, run.stderr).toBe(0);
      const store = createRedisModelVersionStore({ redis: redis.redis, keyPrefix: `${redis.keyPrefix}shop-assistant:` });
      const [version] = await store.listVersions();
      expect(version).toMatchObject({ status: 'passed', createdBy: 'ops', comparedWith: 'base', acceptedItems: 1 });
      expect(run.stdout).toContain(`recorded as ${version?.id}; promote it with POST /api/admin/learning/models/${version?.id}/promote`);
      expect((await store.readFiles(version?.id ?? ''))?.has('manifest.json')).toBe(true);
    } finally {
      await redis.cleanup();
    }
  }, 120_000);

  it('with --store redis and no file, retrains from the items accepted on the learning page, as the admin action does', async () => {
    const redis = connectTestRedis('learn-cli-review');
    try {
      const keyPrefix = `${redis.keyPrefix}shop-assistant:`;
      await createRedisAcceptedStore({ redis: redis.redis, keyPrefix }).add({ item: GIFT_WRAP, missIds: ['m1'] });
      const run = await learn('retrain', '--store', 'redis', { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: redis.keyPrefix });
      expect(run.code, run.stderr).toBe(0);
      const [version] = await createRedisModelVersionStore({ redis: redis.redis, keyPrefix }).listVersions();
      // A version without them would, once promoted, take the learned FAQ intents away from the bot.
      expect(version).toMatchObject({ status: 'passed', acceptedItems: 1, answers: { gift_wrapping: expect.any(Object) } });
    } finally {
      await redis.cleanup();
    }
  }, 120_000);

  it('names the bad line of an accepted-items file, and shows its help', async () => {
    const run = await learn('retrain', '--accepted', itemsFile('broken.jsonl', [{ ...GIFT_WRAP, intent: 'Gift Wrapping!' }]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.jsonl:1: field 'intent' is invalid \(must be lower snake case/);
    const help = await learn('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run learn -- retrain');
  }, 60_000);
});
