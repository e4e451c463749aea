/**
 * The Slack desk's durable intake: Slack is answered at `ack()` and the work follows, so an instance
 * killed between the two would lose an acknowledged request (an agent's reply to a customer, a Claim).
 * Every request that causes work is claimed and recorded in the durable inbox (adapters/kit/durable-inbox.ts)
 * before bolt sees it, so before Slack gets its answer; it is leased to this instance while its
 * listeners run and removed when they are done. An instance that dies stops renewing; once the lease
 * lapses, another instance's sweep hands the recorded body to bolt again, through the same listeners.
 *
 * It sits between bolt's receiver and the app (`durableReceiver`), so it covers HTTP mode (before the
 * 200) and Socket Mode (before the envelope's ack) alike. The claim is the desk's one dedupe: the
 * Events API's `event_id` (the same on every retry, X-Slack-Retry-Num or a socket envelope's
 * retry_attempt), or the `trigger_id` of an interaction or a slash command (Slack does not retry those;
 * a replayed one is dropped).
 *
 * At least once: a request cut short by a crash runs again, so an agent's reply may reach the customer
 * twice, never zero times. Listeners can tell a rerun (`rerunAttempt`) and keep quiet about a refusal
 * that only says the first run already did it.
 */
import type { App, Context, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import { journalPayload } from '../../adapters/kit/delivery-journal.js';
import type { DurableInbox, HeldDelivery } from '../../adapters/kit/durable-inbox.js';
import type { InFlight } from '../../adapters/kit/in-flight.js';
import { isAgentMessage } from './thread-replies.js';

/** The inbox's channel: journal keys `inbox:{slack}:...` and the dedupe marks `seen:{slack}:...` (as before the inbox). */
export const SLACK_INBOX_CHANNEL = 'slack';

/** The context key a rerun carries (a receiver-side property: nothing Slack sends can set it). */
const RERUN_KEY = 'batonInboxAttempt';

type Body = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * Which "conversation" an entry belongs to, for an erase: the ticket thread the request is about
 * (`<channel>/<card ts>`), as `slackThreadKey` builds it from a ticket's card. A request about no
 * thread (a slash command) gets a key no card has.
 */
export const slackThreadKey = (channel: string, threadTs: string): string => `${channel}/${threadTs}`;

function threadOf(body: Body): string {
  if (body.type === 'event_callback' && isObject(body.event)) {
    const { channel, thread_ts, ts } = body.event;
    return slackThreadKey(String(channel), String(text(thread_ts) ?? ts));
  }
  const channel = isObject(body.channel) ? text(body.channel.id) : text(body.channel_id);
  const message = isObject(body.message) ? body.message : {};
  const container = isObject(body.container) ? body.container : {};
  // The card itself (Claim), a message in its thread (controls, drafts, the shortcut): either way its card's ts.
  const threadTs = text(message.thread_ts) ?? text(container.thread_ts) ?? text(message.ts) ?? text(container.message_ts);
  return channel && threadTs ? slackThreadKey(channel, threadTs) : `user/${text(body.user_id) ?? (isObject(body.user) ? text(body.user.id) : '')}`;
}

/**
 * What the inbox records for a Slack request body, or undefined for one that causes no work (an event
 * the desk ignores: a bot's post, an edit, a message outside a thread) or carries no id to claim it by:
 * bolt handles those as before, unrecorded.
 */
export function slackDelivery(body: Body): { id: string; conversationId: string; payload: string } | undefined {
  let id: string | undefined;
  if (body.type === 'event_callback') {
    if (!isObject(body.event) || body.event.type !== 'message' || !isAgentMessage(body.event)) return undefined;
    id = text(body.event_id);
  } else {
    id = text(body.trigger_id) && `trigger:${String(body.trigger_id)}`;
  }
  // Every string cut to the longest text a listener reads, so what is stored (and masked) is bounded.
  return id ? { id, conversationId: threadOf(body), payload: journalPayload(body) } : undefined;
}

/** The run a listener is in: undefined for a fresh request, 2 or more for one a survivor took over. */
export function rerunAttempt(context: Context): number | undefined {
  const attempt = context[RERUN_KEY];
  return typeof attempt === 'number' ? attempt : undefined;
}

export interface SlackIntakeOptions {
  readonly inbox: DurableInbox;
  /** The desk's bookkeeping of requests under way (`idle`, `stop`). */
  readonly handling: InFlight;
  readonly log?: Logger;
}

/** Records requests before bolt answers them, and runs the ones a stopped instance left. */
export class SlackIntake {
  readonly #inbox: DurableInbox;
  readonly #handling: InFlight;
  readonly #log: Logger | undefined;
  #app: App | undefined;

  constructor({ inbox, handling, log }: SlackIntakeOptions) {
    this.#inbox = inbox;
    this.#handling = handling;
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

  async #receive(app: App, event: ReceiverEvent): Promise<void> {
    const delivery = isObject(event.body) ? slackDelivery(event.body) : undefined;
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
    try {
      await app.processEvent({ ...event, ack });
    } catch (error) {
      // Refused before it was acknowledged (bolt could not read it): Slack's next delivery must run.
      if (!acked) await this.#inbox.withdraw(delivery.id);
      else await held.done();
      throw error;
    }
    await held.done();
  }

  #recover(payload: string, held: HeldDelivery): void {
    const app = this.#app;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      body = undefined;
    }
    if (!app || !isObject(body)) {
      this.#log?.error('slack desk: a recorded request is not a Slack payload; dropped');
      void held.done();
      return;
    }
    // Slack was answered by the instance that stopped: nothing to acknowledge, and no claim (it is ours already).
    const rerun = app.processEvent({ body: body as ReceiverEvent['body'], ack: async () => undefined, customProperties: { [RERUN_KEY]: held.attempts } });
    void this.#handling.track(
      rerun
        .catch((error: unknown) => this.#log?.error({ err: error }, 'slack desk: a request taken over from a stopped instance failed'))
        .finally(() => held.done()),
    );
  }
}
