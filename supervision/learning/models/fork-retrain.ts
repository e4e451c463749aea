/**
 * Runs a retrain job in a child process and resolves its result. Under tsx or vitest (this file is .ts) the
 * child gets tsx's loader; from the compiled build it runs the .js beside this one.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RetrainJob, RetrainResult } from './retrain-job.js';

const fromSource = import.meta.url.endsWith('.ts');
const childEntry = fileURLToPath(new URL(fromSource ? './retrain-child.ts' : './retrain-child.js', import.meta.url));

/**
 * Forks the child, sends `job`, resolves what it answers; a child that dies without answering, or that has not
 * answered within `timeoutMs` (it is killed then), resolves an error.
 */
export function forkRetrain(job: RetrainJob, { timeoutMs = 60 * 60_000 }: { timeoutMs?: number } = {}): Promise<RetrainResult> {
  return new Promise((resolve) => {
    const child = fork(childEntry, [], {
      execArgv: fromSource ? ['--conditions=baton-source', '--import', 'tsx'] : [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    let answered = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      // Only the end matters (the stack of a crash); keep it bounded.
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const timer = setTimeout(() => {
      if (!answered) resolve({ ok: false, error: `the retrain process took more than ${Math.round(timeoutMs / 1000)} s and was stopped` });
      answered = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    timer.unref();
    child.once('message', (result: RetrainResult) => {
      clearTimeout(timer);
      if (!answered) resolve(result);
      answered = true;
    });
    child.once('error', (error) => {
      if (!answered) resolve({ ok: false, error: `the retrain process did not start: ${error.message}` });
      answered = true;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!answered) resolve({ ok: false, error: `the retrain process ended (${signal ?? `code ${code}`}) without a result: ${stderr.trim() || 'no output'}` });
      answered = true;
    });
    child.send(job);
  });
}
