/**
 * Exactly one turn per `channelData.clientActivityID`, across instances and crashes. Web Chat re-posts
 * an activity when an answer is slow or a connection drops, and a load balancer may send the re-post
 * to another instance, or to a survivor after the first instance died mid-turn. The first POST claims
 * the id with a short lease and renews it while its turn runs (recording the activity id once the log
 * has it); when the turn is over the id is resolved for a day. A re-post waits for that answer, and if
 * the lease lapses instead (its claimer is gone), takes the activity over and runs it.
 */
import { RequestError } from '../../infra/errors.js';
import type { DedupeStore } from '../../infra/dedupe-store.js';

/** In the store: '' claimed, `~<id>` appended and running, `<id>` done. */
const RUNNING = '~';

/** A claim this instance holds; settle it with `done` or `failed`. */
export interface ClientActivityClaim {
  /** The activity is in the log as `id`; a re-post now learns the id while the turn runs. Never throws. */
  appended(id: string): Promise<void>;
  /** The turn is over: re-posts answer `id` from now on, for a day. Never throws. */
  done(id: string): Promise<void>;
  /** Nothing was logged: the claim is dropped so a retry is processed. Never throws. */
  failed(): Promise<void>;
}

export type ClaimOutcome = { readonly kind: 'first'; readonly claim: ClientActivityClaim } | { readonly kind: 'duplicate'; readonly id: string };

export interface ClientActivityClaimsOptions {
  readonly dedupe: DedupeStore;
  /** How long a claim lives without renewal: how soon a dead instance's claim is taken over. */
  readonly leaseSeconds?: number;
  /** How long a finished activity's id is remembered. */
  readonly ttlSeconds?: number;
  /** How long a re-post waits for the first POST's answer before answering with what it knows. */
  readonly waitMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Claims client activity ids; see the file comment for the protocol. */
export class ClientActivityClaims {
  readonly #dedupe: DedupeStore;
  readonly #leaseSeconds: number;
  readonly #ttlSeconds: number;
  readonly #waitMs: number;
  readonly #onError: (error: unknown) => void;

  constructor({ dedupe, leaseSeconds = 5, ttlSeconds = 24 * 3600, waitMs = 15_000, onError = () => {} }: ClientActivityClaimsOptions) {
    this.#dedupe = dedupe;
    this.#leaseSeconds = leaseSeconds;
    this.#ttlSeconds = ttlSeconds;
    this.#waitMs = waitMs;
    this.#onError = onError;
  }

  /**
   * Claims `key`, or waits (bounded) for whoever holds it: resolves the first POST's id once known.
   * @throws RequestError 503 when the first POST has logged nothing after the wait (retry later).
   */
  async take(key: string): Promise<ClaimOutcome> {
    // A lease is renewed well before it lapses, so a live claimer keeps its claim however long its turn.
    const deadline = Date.now() + this.#waitMs + this.#leaseSeconds * 1000;
    for (;;) {
      if (await this.#dedupe.claim(key, this.#leaseSeconds)) return { kind: 'first', claim: this.#hold(key) };
      const value = await this.#dedupe.lookup(key);
      if (value && !value.startsWith(RUNNING)) return { kind: 'duplicate', id: value };
      if (Date.now() > deadline) {
        // Still running elsewhere: the same answer the first POST gave when its turn outlasted its wait.
        if (value?.startsWith(RUNNING)) return { kind: 'duplicate', id: value.slice(RUNNING.length) };
        throw new RequestError(503, 'ServiceUnavailable', 'The first post of this activity is still being stored; send it again in a moment.');
      }
      // Undefined: the lease lapsed between the two calls, so the next claim takes the activity over.
      await new Promise((wake) => setTimeout(wake, 50));
    }
  }

  #hold(key: string): ClientActivityClaim {
    let value = '';
    const renew = () => void this.#dedupe.renew(key, value, this.#leaseSeconds).catch(this.#onError);
    const heartbeat = setInterval(renew, (this.#leaseSeconds * 1000) / 3);
    heartbeat.unref();
    return {
      appended: async (id) => {
        value = `${RUNNING}${id}`;
        // A failure here is retried by the next heartbeat; the turn must run either way.
        await this.#dedupe.renew(key, value, this.#leaseSeconds).catch(this.#onError);
      },
      done: async (id) => {
        clearInterval(heartbeat);
        // If this fails (Redis away), the lease lapses and a re-post runs the activity again: at least once.
        await this.#dedupe.resolve(key, id, this.#ttlSeconds).catch(this.#onError);
      },
      failed: async () => {
        clearInterval(heartbeat);
        await this.#dedupe.release(key).catch(this.#onError);
      },
    };
  }
}
