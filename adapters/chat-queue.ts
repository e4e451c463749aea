/**
 * Runs the turns of one chat one after another, and those of different chats side by side. Shared by
 * the channels whose platform pushes messages without waiting for the previous turn (Telegram, whatsapp-web.js).
 *
 * Customers often send two messages in a row ("hi", "where is my order?"). Acknowledged at once, their
 * turns would run concurrently on the same conversation state, and the second would read the dialog
 * before the first saved it (an eTag conflict, or an answer to the wrong step). Ordering per chat on
 * one instance covers the common case; across instances Telegram itself sends a chat's updates in
 * order and waits for each acknowledgement, so two instances rarely hold the same chat at once.
 */

import { InFlight } from './kit/in-flight.js';

/** A per-key serial queue that remembers what is in flight (the kit's `InFlight`), for `drain`. */
export class ChatQueue {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #inFlight = new InFlight();

  /**
   * Queues `task` behind the earlier tasks of `chatId`; the returned promise settles as the task does.
   */
  run(chatId: string, task: () => Promise<void>): Promise<void> {
    // Tails never reject, so a failed task does not stop the ones queued behind it.
    const current = (this.#tails.get(chatId) ?? Promise.resolve()).then(task);
    const tail = current.catch(() => undefined);
    this.#tails.set(chatId, tail);
    void this.#inFlight.track(tail).then(() => {
      if (this.#tails.get(chatId) === tail) this.#tails.delete(chatId);
    });
    return current;
  }

  /** How many tasks are queued or running. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** Resolves once every task, including ones queued while draining, has settled. */
  async drain(): Promise<void> {
    await this.#inFlight.drain();
  }
}
