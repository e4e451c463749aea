/**
 * The Slack desk's durable intake: Slack is answered at `ack()` and the work follows, so an instance
 * killed between the two would lose an acknowledged request (an agent's reply to a customer, a Claim).
 * Every request that causes work is claimed and recorded in the durable inbox (adapters/kit/durable-inbox.ts)
 * before bolt sees it, so before Slack gets its answer (what is recorded: inbox-record.ts); it is leased
 * to this instance while its listeners run and removed when they are done. An instance that dies stops
 * renewing; once the lease lapses, another instance's sweep hands the recorded body to bolt again,
 * through the same listeners.
 *
 * It sits between bolt's receiver and the app (`durableReceiver`), so it covers HTTP mode (before the
 * 200) and Socket Mode (before the envelope's ack) alike. The claim is the desk's one dedupe: the
 * Events API's `event_id` (the same on every retry, X-Slack-Retry-Num or a socket envelope's
 * retry_attempt), or the `trigger_id` of an interaction or a slash command (Slack does not retry those;
 * a replayed one is dropped).
 *
 * At least once: a request cut short by a crash runs again, so an agent's reply may reach the customer
 * twice, never zero times. Listeners can tell a rerun (`rerunAttempt`) and keep quiet about a refusal
 * that only says the first run already did it. A listener that failed because a store was out of reach
 * (a Redis failover) marks its run (`willRunAgain`, from the app's error handler): the entry is then
 * left to lapse and run again, up to the inbox's `maxAttempts`, instead of being removed as done. A run
 * again later than `maxRerunAgeMs` after the request (a fleet restart) is not run: the agent is told.
 */
import type { App, Context, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import type { DurableInbox, HeldDelivery } from '../../adapters/kit/durable-inbox.js';
import type { InFlight } from '../../adapters/kit/in-flight.js';
import { isStoreUnavailable } from '../../infra/errors.js';
import { RECORDED_AT, slackDelivery } from './inbox-record.js';
import { isObject, parseJson } from './request-body.js';

/** One run of a recorded request, as bolt's context carries it (mutable: the error handler marks it). */
interface InboxRun {
  /** 1 for the first run, 2 or more for a survivor's. */
  readonly attempt: number;
  /** No run follows this one, whatever happens. */
  readonly last: boolean;
  /** Set when a listener failed in a way a later run may not (a store out of reach). */
  failed?: unknown;
}

/** The context key of the run (a receiver-side property: nothing Slack sends can set it). */
const RUN_KEY = 'batonInbox';

const runOf = (context: Context): InboxRun | undefined => {
  const run = context[RUN_KEY];
  return isObject(run) && typeof run.attempt === 'number' ? (run as unknown as InboxRun) : undefined;
};

/** The run a listener is in: undefined for a fresh request, 2 or more for one a survivor took over. */
export function rerunAttempt(context: Context): number | undefined {
  const attempt = runOf(context)?.attempt;
  return attempt !== undefined && attempt > 1 ? attempt : undefined;
}

/**
 * For the app's error handler: true when the request that failed with `error` will run again (it is
 * recorded, a store was out of reach, and runs are left), so the agent need not be told now.
 */
export function willRunAgain(context: Context | undefined, error: unknown): boolean {
  const run = context && runOf(context);
  if (!run || run.last || !isStoreUnavailable(error)) return false;
  run.failed = error;
  return true;
}

export interface SlackIntakeOptions {
  readonly inbox: DurableInbox;
  /** The desk's bookkeeping of requests under way (`idle`, `stop`). */
  readonly handling: InFlight;
  /** The inbox's `maxAttempts` (default 3), so the last run is known as such. */
  readonly maxAttempts?: number;
  /** A run again this long after the request was accepted is not run (default 2 minutes). */
  readonly maxRerunAgeMs?: number;
  /** Told when a run again is refused as too late (the agent should be told); never throws. */
  readonly late?: (body: Readonly<Record<string, unknown>>, ageMs: number) => Promise<void>;
  readonly now?: () => number;
  readonly log?: Logger;
}

/** Records requests before bolt answers them, and runs the ones a stopped instance left. */
export class SlackIntake {
  readonly #inbox: DurableInbox;
  readonly #handling: InFlight;
  readonly #maxAttempts: number;
  readonly #maxRerunAgeMs: number;
  readonly #late: SlackIntakeOptions['late'];
  readonly #now: () => number;
  readonly #log: Logger | undefined;
  #app: App | undefined;

  constructor({ inbox, handling, maxAttempts = 3, maxRerunAgeMs = 120_000, late, now = Date.now, log }: SlackIntakeOptions) {
    this.#inbox = inbox;
    this.#handling = handling;
    this.#maxAttempts = maxAttempts;
    this.#maxRerunAgeMs = maxRerunAgeMs;
    this.#late = late;
    this.#now = now;
    this.#log = log;
  }

  /**
   * `inner` (bolt's HTTP or Socket Mode receiver) handing every request to the intake first. Pass it
   * to `new App({ receiver })`.
   */
  wrap(inner: Receiver): Receiver {
    return {
      init: (app: App) => {
        this.#app = app;
        // The receiver calls only `processEvent`; everything else is the app's own.
        const door = Object.create(app) as App;
        door.processEvent = (event: ReceiverEvent) => this.#handling.track(this.#receive(app, event));
        inner.init(door);
      },
      start: (...args: unknown[]) => inner.start(...args),
      stop: (...args: unknown[]) => inner.stop(...args),
    };
  }

  /** Starts running requests left by stopped instances (the inbox's sweep). */
  start(): void {
    this.#inbox.start((payload, held) => this.#recover(payload, held));
  }

  /** Stops sweeping, waits for the requests under way (`drain`), then stops renewing their leases. */
  stop(drain: () => Promise<void>): Promise<void> {
    return this.#inbox.stop(drain);
  }

  /** One sweep now (what the timer does); resolves how many requests were taken over. */
  recoverNow(): Promise<number> {
    return this.#inbox.sweep((payload, held) => this.#recover(payload, held));
  }

  /** Removes the entry once its run is over, or leaves it to lapse and run again when its run was marked failed. */
  #finish(held: HeldDelivery, run: InboxRun): Promise<void> {
    if (run.failed === undefined) return held.done();
    this.#log?.warn({ attempt: run.attempt }, 'slack desk: a request failed with a store out of reach; it runs again once its lease lapses');
    held.abandon();
    return Promise.resolve();
  }

  async #receive(app: App, event: ReceiverEvent): Promise<void> {
    const delivery = isObject(event.body) ? slackDelivery(event.body, this.#now()) : undefined;
    if (!delivery) return app.processEvent(event);
    // Throws when it cannot be recorded (Redis away, the inbox full): not acknowledged, so Slack tries again.
    const held = await this.#inbox.accept(delivery);
    if (!held) {
      this.#log?.debug({ retryNum: event.retryNum }, 'slack desk: redelivered request dropped');
      return event.ack();
    }
    let acked = false;
    const ack: ReceiverEvent['ack'] = (response) => {
      acked = true;
      return event.ack(response);
    };
    const run: InboxRun = { attempt: 1, last: this.#maxAttempts <= 1 };
    try {
      await app.processEvent({ ...event, ack, customProperties: { ...event.customProperties, [RUN_KEY]: run } });
    } catch (error) {
      // Refused before it was acknowledged (bolt could not read it): Slack's next delivery must run.
      if (!acked) await this.#inbox.withdraw(delivery.id);
      else await held.done();
      throw error;
    }
    await this.#finish(held, run);
  }

  #recover(payload: string, held: HeldDelivery): void {
    const app = this.#app;
    const parsed = parseJson(payload);
    if (!app || !isObject(parsed)) {
      this.#log?.error('slack desk: a recorded request is not a Slack payload; dropped');
      void held.done();
      return;
    }
    const { [RECORDED_AT]: recordedAt, ...body } = parsed;
    // Later than the bound (a fleet restart, a long outage): what it did may have been undone or redone by
    // hand meanwhile (a transfer after the Claim, `/baton back` after `away`), so it is not run; the agent is told.
    const ageMs = typeof recordedAt === 'number' ? this.#now() - recordedAt : Number.POSITIVE_INFINITY;
    if (ageMs > this.#maxRerunAgeMs) {
      this.#log?.warn({ attempt: held.attempts, ageMs }, 'slack desk: a request left by a stopped instance is too old to run again; the agent is told');
      void this.#handling.track((this.#late?.(body, ageMs) ?? Promise.resolve()).finally(() => held.done()));
      return;
    }
    // Slack was answered by the instance that stopped: nothing to acknowledge, and no claim (it is ours already).
    const run: InboxRun = { attempt: held.attempts, last: held.attempts >= this.#maxAttempts };
    const rerun = app.processEvent({ body: body as ReceiverEvent['body'], ack: async () => undefined, customProperties: { [RUN_KEY]: run } });
    void this.#handling.track(
      rerun.then(
        () => this.#finish(held, run),
        (error: unknown) => {
          this.#log?.error({ err: error }, 'slack desk: a request taken over from a stopped instance failed');
          return held.done();
        },
      ),
    );
  }
}
