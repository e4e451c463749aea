/**
 * One subscriber's cursor over a conversation log, shared by the memory and Redis logs.
 * A notification only says "something was appended"; the subscription then reads from its own
 * cursor, so a lost, duplicated or early notification can never skip or repeat an activity.
 */
import type { ActivityListener } from './activity-log.js';
import type { ActivitySet } from './payload-types.js';

/** Reads at most `limit` activities after a watermark; the log's own `read`. */
export type PageReader = (afterWatermark: string, limit: number) => Promise<ActivitySet>;

/** Activities a catch-up reads at a time. */
const PAGE = 100;

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
        // Page while pages come back full, so a burst larger than one page is not stranded. A short page
        // was the end of the log when it was read: an append after it pokes again (`#again`), so no read
        // to confirm there is nothing newer (it was a second round trip for every message delivered).
        for (;;) {
          const page = await this.#read(this.#cursor, PAGE);
          if (this.#closed || page.activities.length === 0) break;
          this.#cursor = page.watermark;
          this.#listener(page);
          if (page.activities.length < PAGE) break;
        }
      } while (this.#again && !this.#closed);
    } catch (error) {
      this.#onError(error);
    } finally {
      this.#running = false;
    }
  }
}
