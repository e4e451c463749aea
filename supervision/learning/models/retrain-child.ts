/** The entry of the retrain child process (forked by `fork-retrain.ts`): one job in over IPC, one result out. */
import { runRetrainJob, type RetrainJob, type RetrainResult } from './retrain-job.js';

process.once('message', (job: RetrainJob) => {
  runRetrainJob(job)
    .then((done): RetrainResult => ({ ok: true, ...done }))
    .catch((error: unknown): RetrainResult => ({ ok: false, error: error instanceof Error ? error.message : String(error) }))
    .then((result) => process.send?.(result, () => process.exit(0)));
});
