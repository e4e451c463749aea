/**
 * Idempotency keys of agents' replies: a reply sent again with the key of one already sent (the
 * console's retry after a 502, a Slack event delivered twice) answers what the first did and sends
 * nothing new. The key a desk gives is never trusted alone: it is hashed with the agent and the ticket
 * (`replyKeyScope`), so a key reused by another agent or on another ticket names another reply.
 *
 * Protocol, on the dedupe store (one key per scope): the first sender claims the scope with a short
 * lease ('' in the store) and renews it while the channel sends; once the channel took the reply it
 * records what the agent was answered (`KeyHold.sent`, kept a day); a refusal or a failure drops the
 * claim (`KeyHold.failed`) so the retry sends. A repeat while the first is still sending waits for its
 * outcome (bounded), then sends itself if the first failed.
 *
 * What the mark cannot cover, and who covers it: a send that reached the customer although the sender
 * never heard so (a WAIT for replicas that timed out after the write, a platform that delivered and
 * then timed out) is not marked, so the retry sends again. On the web channel the retry carries the
 * same key down to the log's keyed append (the scope is the turn's delivery key, dialogs/turn-state.ts),
 * which answers the first position and appends nothing. Telegram, WhatsApp and Bot Framework sends
 * cannot be keyed at the platform: there the small window stays (README, "Agent replies sent again").
 */
import { DELIVERY_TTL_SECONDS, idDigest, type DedupeStore } from '../../infra/dedupe-store.js';
import type { DeliveryNotice } from '../desk-api.js';

/** What an agent was answered for a reply the channel took: repeated to a retry with the same key. */
export interface SentReply {
  /** The channel's id of the message (on the web channel `<conversation>|<position>`), when it gave one. */
  readonly messageId?: string;
  readonly notices?: readonly DeliveryNotice[];
}

/** A claim this instance holds on a scope; settle it with `sent` or `failed`. */
export interface KeyHold {
  /** The channel took the reply: repeats answer `reply` from now on, for a day. Never throws. */
  sent(reply: SentReply): Promise<void>;
  /** Nothing reached the channel (a refusal, a failure): the claim is dropped so a retry sends. Never throws. */
  failed(): Promise<void>;
}

export type KeyTake =
  | { readonly kind: 'first'; readonly hold: KeyHold }
  | { readonly kind: 'sent'; readonly reply: SentReply }
  /** Another attempt with this key is still sending after the wait: the caller should ask again later. */
  | { readonly kind: 'busy' };

/** The scope of an agent's key: a digest of agent, ticket and key together, so none is trusted alone. */
export function replyKeyScope(agentId: string, ticketId: string, key: string): string {
  return idDigest(JSON.stringify(['agent-reply', agentId, ticketId, key]));
}

/** Options of `ReplyKeys`. */
export interface ReplyKeysOptions {
  /** Where the claims and marks live (the engine's dedupe store: Redis when there is one). */
  readonly dedupe: DedupeStore;
  /** How long a claim lives without renewal: how soon a retry takes over from a dead instance (default 15 s). */
  readonly leaseSeconds?: number;
  /** How long a sent reply's key is remembered (default a day). */
  readonly ttlSeconds?: number;
  /** How long a repeat waits for the first attempt's outcome before answering `busy` (default 10 s). */
  readonly waitMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** The store's value while a reply is being sent. */
const SENDING = '';

/** Claims and marks of agent reply keys; see the file comment for the protocol. */
export class ReplyKeys {
  readonly #dedupe: DedupeStore;
  readonly #leaseSeconds: number;
  readonly #ttlSeconds: number;
  readonly #waitMs: number;
  readonly #onError: (error: unknown) => void;

  constructor({ dedupe, leaseSeconds = 15, ttlSeconds = DELIVERY_TTL_SECONDS, waitMs = 10_000, onError = () => {} }: ReplyKeysOptions) {
    this.#dedupe = dedupe;
    this.#leaseSeconds = leaseSeconds;
    this.#ttlSeconds = ttlSeconds;
    this.#waitMs = waitMs;
    this.#onError = onError;
  }

  /**
   * Claims `scope` (from `replyKeyScope`), or waits (bounded) for whoever holds it.
   * @throws the store's errors (Redis away): the caller sends nothing and says so.
   */
  async take(scope: string): Promise<KeyTake> {
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      if (await this.#dedupe.claim(scope, this.#leaseSeconds, SENDING)) return { kind: 'first', hold: this.#hold(scope) };
      const value = await this.#dedupe.lookup(scope);
      if (value) return { kind: 'sent', reply: parseSent(value) };
      if (value === SENDING && Date.now() > deadline) return { kind: 'busy' };
      // Undefined: the claim was dropped (the first attempt failed) or lapsed between the two calls; claim again.
      await new Promise((wake) => setTimeout(wake, 50));
    }
  }

  #hold(scope: string): KeyHold {
    const renew = () => void this.#dedupe.renew(scope, SENDING, this.#leaseSeconds).catch(this.#onError);
    const heartbeat = setInterval(renew, (this.#leaseSeconds * 1000) / 3);
    heartbeat.unref();
    let settled = false;
    const settle = async (work: () => Promise<void>) => {
      if (settled) return;
      settled = true;
      clearInterval(heartbeat);
      await work().catch(this.#onError);
    };
    return {
      // If this write fails, the lease lapses and a retry sends again: at least once, as without a key.
      sent: (reply) => settle(() => this.#dedupe.resolve(scope, JSON.stringify(reply), this.#ttlSeconds)),
      failed: () => settle(() => this.#dedupe.release(scope)),
    };
  }
}

/** A recorded answer; a value this release did not write reads as "sent, no id" (the safe side: nothing is sent again). */
function parseSent(value: string): SentReply {
  try {
    const parsed = JSON.parse(value) as { messageId?: unknown; notices?: unknown };
    return {
      ...(typeof parsed.messageId === 'string' && parsed.messageId ? { messageId: parsed.messageId } : {}),
      ...(Array.isArray(parsed.notices) && parsed.notices.length > 0 ? { notices: parsed.notices as DeliveryNotice[] } : {}),
    };
  } catch {
    return {};
  }
}
