/**
 * One channel's use of the `DeliveryJournal` on one instance: `accept` claims and records a delivery
 * before the platform's 200 and hands back a hold; the hold's lease is renewed (all of this instance's
 * holds in one call) until `done`, while the turn waits in its chat's queue and while it runs. A sweep
 * every few seconds takes over entries whose lease lapsed (their instance died) and hands them to the
 * channel to run again, through the same path as a fresh delivery.
 *
 * At least once: a turn cut short by a crash runs again, so a customer may see a reply twice, never
 * zero times. An entry run `maxAttempts` times is dropped with an error line and a metric, so a
 * delivery that kills its instance every time does not take the whole fleet down one by one.
 */
import { randomBytes } from 'node:crypto';
import { DELIVERY_TTL_SECONDS } from '../../infra/dedupe-store.js';
import type { Logger } from '../../infra/logger.js';
import type { Delivery, DeliveryJournal, Lease } from './delivery-journal.js';

/** Counts what the sweep did (infra/metrics.ts: baton_inbox_recovered_total, baton_inbox_dropped_total). */
export interface InboxMetrics {
  recovered(channel: string): void;
  dropped(channel: string): void;
}

/** The timings and bounds of an inbox; every instance of a deployment should use the same. */
export interface InboxSettings {
  /** How long a lease lasts without renewal: how soon a dead instance's deliveries run elsewhere (default 30 s). */
  readonly leaseMs?: number;
  /** How often lapsed leases are looked for (default 5 s). */
  readonly sweepMs?: number;
  /** At most this many entries taken over per sweep (default 20). */
  readonly batch?: number;
  /** Runs after which an entry is dropped instead of taken over (default 3: the first and two more). */
  readonly maxAttempts?: number;
  /** A delivery held this long (queued and running together) stops being renewed, and may run again elsewhere (default 10 min). */
  readonly maxHoldMs?: number;
}

export interface DurableInboxOptions extends InboxSettings {
  /** The channel, as in the dedupe marks and journal keys ('telegram', 'whatsapp'). */
  readonly channel: string;
  readonly journal: DeliveryJournal;
  /** This instance's id in leases (default: random). */
  readonly owner?: string;
  /** How long a delivery id is remembered as taken (default one day). */
  readonly markSeconds?: number;
  readonly logger?: Logger;
  readonly metrics?: InboxMetrics;
}

/** A delivery this instance runs; `done` once its turn is over. */
export interface HeldDelivery {
  /** 1 for a fresh delivery, more for one taken over. */
  readonly attempts: number;
  /** Removes the entry. Never throws: a failure only means the turn may run once more elsewhere. */
  done(): Promise<void>;
  /** Stops renewing without removing: once the lease lapses the delivery runs again (here or elsewhere). */
  abandon(): void;
}

/** Ids renewed per call: one round trip for a normal load, bounded arguments for a huge one. */
const RENEWAL_CHUNK = 500;

/**
 * Hands a taken-over delivery to its channel, resolving once it is queued (not when its turn ends);
 * `held.done()` must follow its turn (or its refusal). A rejection is logged and the delivery abandoned
 * (its lease lapses, and a later sweep counts another run).
 */
export type Recover = (payload: string, held: HeldDelivery) => void | Promise<void>;

/** A channel's durable inbox on one instance. */
export class DurableInbox {
  readonly #channel: string;
  readonly #journal: DeliveryJournal;
  readonly #lease: Lease;
  readonly #sweepMs: number;
  readonly #batch: number;
  readonly #maxAttempts: number;
  readonly #maxHoldMs: number;
  readonly #markSeconds: number;
  readonly #logger: Logger | undefined;
  readonly #metrics: InboxMetrics | undefined;
  /** Delivery id → when this instance took it. */
  readonly #held = new Map<string, number>();
  #renewal: NodeJS.Timeout | undefined;
  #sweep: NodeJS.Timeout | undefined;
  #sweeping: Promise<number> | undefined;

  constructor(options: DurableInboxOptions) {
    this.#channel = options.channel;
    this.#journal = options.journal;
    this.#lease = { owner: options.owner ?? randomBytes(9).toString('base64url'), ms: options.leaseMs ?? 30_000 };
    this.#sweepMs = options.sweepMs ?? 5000;
    this.#batch = options.batch ?? 20;
    this.#maxAttempts = options.maxAttempts ?? 3;
    this.#maxHoldMs = options.maxHoldMs ?? 10 * 60_000;
    this.#markSeconds = options.markSeconds ?? DELIVERY_TTL_SECONDS;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
  }

  /** How many deliveries this instance holds. */
  get held(): number {
    return this.#held.size;
  }

  /**
   * Claims and records `delivery`; undefined for a redelivery of one already claimed.
   * @throws whatever the journal throws (Redis down, payload too large): nothing was accepted, answer 4xx/5xx.
   */
  async accept(delivery: Delivery): Promise<HeldDelivery | undefined> {
    if (!(await this.#journal.accept(this.#channel, delivery, this.#lease, this.#markSeconds))) return undefined;
    return this.#hold(delivery.id, 1);
  }

  /** Undoes an `accept` whose acknowledgement failed, so the platform's redelivery runs. Never throws. */
  async withdraw(id: string): Promise<void> {
    this.#held.delete(id);
    await this.#journal
      .withdraw(this.#channel, id)
      .catch((error: unknown) => this.#logger?.error({ err: error }, `${this.#channel}: could not withdraw a delivery`));
  }

  /**
   * Starts sweeping for lapsed leases (an unref'd timer). Holds are renewed from the first one on,
   * started or not.
   */
  start(recover: Recover): void {
    if (this.#sweep) return;
    this.#sweep = setInterval(() => void this.sweep(recover), this.#sweepMs);
    this.#sweep.unref();
  }

  /** Stops sweeping at once, waits for `drain` (the turns in flight, still renewed), then stops renewing. */
  async stop(drain: () => Promise<void>): Promise<void> {
    clearInterval(this.#sweep);
    this.#sweep = undefined;
    await this.#sweeping;
    try {
      await drain();
    } finally {
      clearInterval(this.#renewal);
      this.#renewal = undefined;
    }
  }

  /** One sweep now (the timer's work): takes over lapsed entries and hands them to `recover`; resolves how many. */
  async sweep(recover: Recover): Promise<number> {
    // One sweep at a time on an instance: a slow Redis must not pile them up.
    this.#sweeping ??= this.#sweepOnce(recover).finally(() => (this.#sweeping = undefined));
    return this.#sweeping;
  }

  async #sweepOnce(recover: Recover): Promise<number> {
    const lapsed = await this.#journal.takeLapsed(this.#channel, this.#lease, this.#batch, this.#maxAttempts).catch((error: unknown) => {
      this.#logger?.warn({ err: error }, `${this.#channel}: could not look for deliveries left by a stopped instance`);
      return { taken: [], dropped: [] };
    });
    for (const { attempts } of lapsed.dropped) {
      this.#metrics?.dropped(this.#channel);
      this.#logger?.error({ channel: this.#channel, attempts }, `${this.#channel}: a delivery ran ${attempts} times without finishing; dropped, not run again`);
    }
    // Awaited until each is handed over (queued), so `stop` never drains before a taken delivery is queued.
    await Promise.all(
      lapsed.taken.map(({ id, payload, attempts }) => {
        this.#metrics?.recovered(this.#channel);
        this.#logger?.warn({ channel: this.#channel, attempts }, `${this.#channel}: a delivery left by a stopped instance is run again`);
        const held = this.#hold(id, attempts);
        return Promise.resolve()
          .then(() => recover(payload, held))
          .catch((error: unknown) => {
            this.#logger?.error({ err: error, channel: this.#channel }, `${this.#channel}: a delivery taken over could not be run`);
            held.abandon();
          });
      }),
    );
    return lapsed.taken.length;
  }

  #renewing(): void {
    if (this.#renewal) return;
    this.#renewal = setInterval(() => void this.#renew(), Math.max(50, Math.floor(this.#lease.ms / 3)));
    this.#renewal.unref();
  }

  #hold(id: string, attempts: number): HeldDelivery {
    this.#renewing();
    this.#held.set(id, Date.now());
    let finished = false;
    return {
      attempts,
      abandon: () => {
        finished = true;
        this.#held.delete(id);
      },
      done: async () => {
        if (finished) return;
        finished = true;
        this.#held.delete(id);
        await this.#journal
          .complete(this.#channel, id)
          .catch((error: unknown) => this.#logger?.error({ err: error }, `${this.#channel}: could not clear a finished delivery; it may run once more`));
      },
    };
  }

  async #renew(): Promise<void> {
    const oldest = Date.now() - this.#maxHoldMs;
    const ids = [...this.#held].filter(([, since]) => since >= oldest).map(([id]) => id);
    // A missed renewal is retried a third of a lease later; only three in a row let the lease lapse.
    for (let start = 0; start < ids.length; start += RENEWAL_CHUNK) {
      await this.#journal
        .renew(this.#channel, ids.slice(start, start + RENEWAL_CHUNK), this.#lease)
        .catch((error: unknown) => this.#logger?.warn({ err: error }, `${this.#channel}: could not renew delivery leases`));
    }
  }
}
