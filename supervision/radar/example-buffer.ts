/**
 * Examples this instance saw since its last tick, a few per signal, for at most `maxSignals` signals:
 * the tick writes them to the shared store in one go, so a turn never waits on Redis for an example.
 */
import type { RadarExample } from './types.js';

export class ExampleBuffer {
  readonly #perSignal: number;
  readonly #maxSignals: number;
  #held = new Map<string, RadarExample[]>();

  constructor({ perSignal = 5, maxSignals = 200 }: { perSignal?: number; maxSignals?: number } = {}) {
    this.#perSignal = perSignal;
    this.#maxSignals = maxSignals;
  }

  /** Keeps `example` for `signal`, dropping the oldest beyond the limit; a signal over the cap is ignored. */
  add(signal: string, example: RadarExample): void {
    let list = this.#held.get(signal);
    if (!list) {
      if (this.#held.size >= this.#maxSignals) return;
      this.#held.set(signal, (list = []));
    }
    list.push(example);
    if (list.length > this.#perSignal) list.shift();
  }

  /** Everything held, oldest first per signal, and forgets it. */
  drain(): Map<string, RadarExample[]> {
    const held = this.#held;
    this.#held = new Map();
    return held;
  }
}
