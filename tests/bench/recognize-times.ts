/**
 * How long `recognize` takes per message, one at a time after a warm-up (the first calls compile the
 * hot loops): the measurement both `npm run bench` and `npm run bench:nlu` report.
 */
import { performance } from 'node:perf_hooks';
import type { Recognizer } from '../../nlu-models/recognizer.js';

/** Milliseconds per message, sorted ascending. */
export async function recognizeTimes(recognizer: Recognizer, texts: readonly string[]): Promise<number[]> {
  for (const text of texts.slice(0, 200)) await recognizer.recognize(text);
  const times: number[] = [];
  for (const text of texts) {
    const start = performance.now();
    await recognizer.recognize(text);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}
