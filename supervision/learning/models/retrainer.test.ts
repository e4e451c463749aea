/**
 * The retrainer around its child process (the job runner injected): a version left 'training' by a stopped
 * instance is closed as interrupted, a failing job is recorded as 'error' with its reason and frees the lock,
 * and what the job judged is stored with the candidate's files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judge } from './evaluation-gate.js';
import { createMemoryModelVersionStore } from './memory-model-versions.js';
import type { RetrainJob, RetrainResult } from './retrain-job.js';
import { Retrainer } from './retrainer.js';
import { acceptedItemsSource, GIFT_WRAP, writeSmallCorpus } from './test-support/small-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-retrainer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { corpusDir, devDir } = writeSmallCorpus(dir);
const settings = {
  corpusDir,
  validationDir: devDir,
  devDir,
  baseModelDir: join(dir, 'base'),
  workDir: join(dir, 'work'),
  heldOutShare: 0.2,
  gate: { maxDevDrop: 0.01, minNewIntentAccuracy: 0.5 },
  lockTtlMs: 60_000,
};
const figures = { rows: 10, inScopeAccuracy: 0.9, macroF1: 0.9, oosRecall: 0.9 };

describe('retrainer', () => {
  it('closes a version a stopped instance left training, and stores what the job judged', async () => {
    const store = createMemoryModelVersionStore();
    await store.writeVersion({ id: 'v-stale01', createdAt: 1, createdBy: 'sam', status: 'training', comparedWith: 'base', acceptedItems: 0, answers: {} });
    const jobs: RetrainJob[] = [];
    const run = async (job: RetrainJob): Promise<RetrainResult> => {
      jobs.push(job);
      mkdirSync(job.outDir, { recursive: true });
      writeFileSync(join(job.outDir, 'manifest.json'), '{}');
      const gate = judge({
        devSets: job.devFiles,
        dev: { current: figures, candidate: figures },
        knownIntents: { rows: 0, current: 0, candidate: 0 },
        newIntents: { rows: 3, current: 0, candidate: 3 },
      });
      return { ok: true, gate, seconds: 1 };
    };
    const retrainer = new Retrainer({ store, accepted: acceptedItemsSource([GIFT_WRAP]), settings, run });
    const started = await retrainer.start('sam');
    if (!started.started) throw new Error('expected the retrain to start');
    const done = await started.done;
    expect(done).toMatchObject({ status: 'passed', createdBy: 'sam', acceptedItems: 1, gate: { passed: true } });
    expect((await store.readFiles(done.id))?.has('manifest.json')).toBe(true);
    expect(await store.readVersion('v-stale01')).toMatchObject({ status: 'error', error: expect.stringMatching(/^interrupted/) });
    // The job trained on the corpus plus the accepted examples, and held some out for the gate.
    expect(jobs[0]?.trainFiles.length).toBe(3);
    expect(jobs[0]?.heldOut.map((r) => r.intent)).toEqual(['gift_wrapping', 'gift_wrapping', 'gift_wrapping']);
  });

  it('records a failing job as an error with its reason and frees the lock', async () => {
    const store = createMemoryModelVersionStore();
    const retrainer = new Retrainer({ store, accepted: acceptedItemsSource(), settings, run: async () => ({ ok: false, error: 'out of memory' }) });
    const started = await retrainer.start('sam');
    if (!started.started) throw new Error('expected the retrain to start');
    expect(await started.done).toMatchObject({ status: 'error', error: 'out of memory' });
    expect(await store.acquireRetrainLock('next', 1000)).toBe(true);
  });
});
