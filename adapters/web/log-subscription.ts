/**
 * One subscriber's cursor over a conversation log, shared by the memory and Redis logs.
 * A notification only says "something was appended"; the subscription then reads from its own
 * cursor, so a lost, duplicated or early notification can never skip or repeat an activity.
 */
import type { ActivityListener } from './activity-log.js';
import type { ActivitySet } from './payload-types.js';

/** Reads a page after a watermark; the log's own `read`. */
export type PageReader = (afterWatermark: string) => Promise<ActivitySet>;

/** Catches a listener up from its cursor whenever `poke` is called; reads never overlap. */
export class LogSubscription {
  #cursor: string;
  #running = false;
  #again = false;
  #closed = false;
  readonly #read: PageReader;
  readonly #listener: ActivityListener;
  readonly #onError: (error: unknown) => void;

  constructor(options: {
    read: PageReader;
    listener: ActivityListener;
    afterWatermark?: string;
    onError?: (error: unknown) => void;
  }) {
    this.#read = options.read;
    this.#listener = options.listener;
    this.#cursor = options.afterWatermark ?? '';
    this.#onError = options.onError ?? (() => {});
  }

  /** Schedules a catch-up; calls during a catch-up make it run once more, not in parallel. */
  poke(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#drain();
  }

  /** Stops delivery; a read in flight is dropped. */
  close(): void {
    this.#closed = true;
  }

  async #drain(): Promise<void> {
    try {
      do {
        this.#again = false;
        // Page until the log has nothing newer, so a burst larger than one page is not stranded.
        for (;;) {
          const page = await this.#read(this.#cursor);
          if (this.#closed || page.activities.length === 0) break;
          this.#cursor = page.watermark;
          this.#listener(page);
        }
      } while (this.#again && !this.#closed);
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#running = false;
    }
  }
}
