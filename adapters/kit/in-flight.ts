/**
 * Acknowledge, then work: the turns a channel accepted run after the platform got its answer, so
 * `stop()` must wait for them. `InFlight` is that bookkeeping, written once: it refuses new work once
 * stopping, remembers what runs, and `drain` waits until nothing does (work started while draining too).
 */

/** The turns a channel has accepted and not finished. */
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();
  #accepting = true;

  /** False once `stop` was called: routers answer 503 so the platform delivers elsewhere. */
  get accepting(): boolean {
    return this.#accepting;
  }

  /** How many tracked tasks have not settled. */
  get size(): number {
    return this.#running.size;
  }

  /**
   * Remembers `work` until it settles and returns it; a rejection is the caller's to handle (it is
   * not swallowed here, only ignored by `drain`).
   */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
    return work;
  }

  /** Resolves once every tracked task, including ones tracked while draining, has settled. */
  async drain(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Stops accepting, then drains. Safe to call twice. */
  async stop(): Promise<void> {
    this.#accepting = false;
    await this.drain();
  }
}
