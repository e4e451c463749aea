/**
 * Idempotency keys of agents' replies: a reply sent again with the key of one already sent (the
 * console's retry after a 502, a Slack event delivered twice) answers what the first did and sends
 * nothing new. The key a desk gives is never trusted alone: it is hashed with the agent and the ticket
 * (`replyKeyScope`), so a key reused by another agent or on another ticket names another reply; and it
 * is tied to what it sends (`sendFingerprint`), so the same key with other words or another file is
 * refused (`reused`) instead of answered as the first.
 *
 * Protocol, on the dedupe store (one key per scope): the first sender claims the scope with a short
 * lease holding a random owner token, and renews it while the channel sends, for at most `maxHoldSeconds`
 * (a send hung longer lets its key go, so the agent's retry is not blocked for ever); once the channel
 * took the reply it records what the agent was answered (`KeyHold.sent`, kept a day); a refusal or a
 * failure drops the claim (`KeyHold.failed`) so the retry sends. Renew, record and drop are
 * compare-and-set on the owner token: a sender whose lease lapsed never touches its successor's claim.
 * A repeat while the first is still sending waits for its outcome, longer than a lease, so a claim left
 * by a dead sender lapses within the wait and the repeat sends; it answers `busy` only when the first
 * sender is alive and still sending.
 *
 * What the mark cannot cover, and who covers it: a send that reached the customer although the sender
 * never heard so (a WAIT for replicas that timed out after the write, a platform that delivered and
 * then timed out) is not marked, so the retry sends again. On the web channel the retry carries the
 * same key down to the log's keyed append (the turn's delivery key, dialogs/turn-state.ts), which
 * answers the first position and appends nothing. Telegram, WhatsApp and Bot Framework sends cannot be
 * keyed at the platform: there the small window stays (README, "Agent replies sent again").
 *
 * A failure that may still have reached the customer (the channel's write applied, its answer lost)
 * leaves a note for the retry (`failed(maybeSent)`, e.g. the stored file it sent): the retry sends
 * the same again (`KeyHold.maybeSent`), not a copy of its own, so a keyed write found on the web
 * channel points at the one file, and the retry's upload can go.
 *
 * Erase: scopes start with a digest of the conversation id (`replyKeysOf`), so a conversation's erase
 * drops its marks and the message ids they hold (on WhatsApp a wamid, which encodes the phone number).
 * A send the erase overtook must not write its answer back (an erase drops a live claim, and a claim
 * that is gone still takes its owner's answer): the erase first sets a mark of its own (`erasedMarkOf`,
 * a fresh random value, kept as long as an answer), and a sender reads the mark before it claims and
 * records its answer only while the mark still reads the same, in one step with the write (the mark
 * shares the scopes' hash slot). A send that began after the erase read the new mark: its answer stays.
 */
import { randomBytes } from 'node:crypto';
import { DELIVERY_TTL_SECONDS, idDigest, ownerToken, type DedupeGuard, type DedupeStore } from '../../infra/dedupe-store.js';
import type { DeliveryNotice } from '../desk-api.js';

/** What an agent was answered for a reply the channel took: repeated to a retry with the same key. */
export interface SentReply {
  /** The channel's id of the message (on the web channel `<conversation>|<position>`), when it gave one. */
  readonly messageId?: string;
  readonly notices?: readonly DeliveryNotice[];
}

/** A claim this instance holds on a scope; settle it with `sent` or `failed`. */
export interface KeyHold {
  /**
   * The channel took the reply (at `at`, epoch ms, when given: a repeat can then finish what the sender
   * may not have, e.g. the ticket's first-reply mark): repeats answer `reply` from now on, for a day. Never throws.
   */
  sent(reply: SentReply, at?: number): Promise<void>;
  /**
   * Nothing reached the channel as far as this sender knows (a refusal, a failure): the claim is dropped so
   * a retry sends. `maybeSent`: what this attempt sent (a stored file's id) when the channel may have taken
   * it after all; kept a day for the retry of the same message (`maybeSent()`). Never throws.
   */
  failed(maybeSent?: string): Promise<void>;
  /** What an earlier attempt at the same message (same fingerprint) may have delivered (`failed(maybeSent)`), if any. */
  maybeSent(): Promise<string | undefined>;
}

export type KeyTake =
  | { readonly kind: 'first'; readonly hold: KeyHold }
  /** `sentAt`: when the channel took it, as its sender recorded (absent from an older release's record). */
  | { readonly kind: 'sent'; readonly reply: SentReply; readonly sentAt?: number }
  /** The key was used for another message (other words, another file): nothing is sent. */
  | { readonly kind: 'reused' }
  /** Another attempt with this key is still sending after the wait: the caller should ask again later. */
  | { readonly kind: 'busy' };

/**
 * The scope of an agent's key: a digest of the conversation id, then one of agent, ticket and key
 * together, so none is trusted alone and a conversation's erase finds its scopes (`replyKeysOf`).
 */
export function replyKeyScope(conversationId: string, agentId: string, ticketId: string, key: string): string {
  return `${replyKeysOf(conversationId)}${idDigest(JSON.stringify(['agent-reply', agentId, ticketId, key]))}`;
}

/**
 * The prefix of every scope of `conversationId`'s replies (`DedupeStore.releaseAll` on erase): the
 * conversation's digest as a hash tag, so its scopes and its erase mark share a Redis Cluster slot.
 */
export function replyKeysOf(conversationId: string): string {
  return `{${idDigest(conversationId)}}:`;
}

/**
 * The prefix of the scopes of the previous release (no hash tag) and a scope's form there: their answers
 * live a day, so for a day after the upgrade a repeat still finds them and an erase still removes them.
 */
const legacyReplyKeysOf = (conversationId: string) => `${idDigest(conversationId)}:`;
const legacyScopeOf = (scope: string) => scope.replace(/^\{([^}]*)\}/, '$1');

/** Where the note of a failed attempt that may still have delivered lives: under its scope, erased with it. */
const maybeSentKey = (scope: string) => `${scope}~maybe`;

/** The erase mark of the conversation whose scope (or prefix) is `scope`: beside its scopes, outside their prefix. */
function erasedMarkOf(scope: string): string {
  return `${scope.slice(0, scope.indexOf('}') + 1)}~erased`;
}

/**
 * What a keyed send sends, as a digest of `parts` (e.g. `['reply', text]`): the same key with another
 * fingerprint is another message, refused as `reused`.
 */
export function sendFingerprint(parts: readonly unknown[]): string {
  return idDigest(JSON.stringify(parts));
}

/** Options of `ReplyKeys`. */
export interface ReplyKeysOptions {
  /** Where the claims and marks live (the engine's dedupe store: Redis when there is one). */
  readonly dedupe: DedupeStore;
  /** How long a claim lives without renewal: how soon a retry takes over from a dead instance (default 5 s). */
  readonly leaseSeconds?: number;
  /** How long a live sender keeps renewing its claim: past it, a hung send lets the key go (default 120 s). */
  readonly maxHoldSeconds?: number;
  /** How long a sent reply's key is remembered (default a day). */
  readonly ttlSeconds?: number;
  /** How long a repeat waits, beyond a whole lease, for the first attempt's outcome before answering `busy` (default 10 s). */
  readonly waitMs?: number;
  /** Sleeps between a waiting repeat's looks at the store (injectable for tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock of the wait and of the longest hold (the handoff's: tests move it instead of sleeping). */
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

/** A waiting repeat's first pause and the longest: polls back off from one to the other. */
const FIRST_POLL_MS = 50;
const LONGEST_POLL_MS = 1000;
/** Slack beyond a lease, for the clocks and the last poll: a dead sender's claim has lapsed by then. */
const LAPSE_MARGIN_MS = 1000;

/** Claims and marks of agent reply keys; see the file comment for the protocol. */
export class ReplyKeys {
  readonly #dedupe: DedupeStore;
  readonly #leaseSeconds: number;
  readonly #maxHoldMs: number;
  readonly #ttlSeconds: number;
  readonly #waitMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;

  constructor({
    dedupe,
    leaseSeconds = 5,
    maxHoldSeconds = 120,
    ttlSeconds = DELIVERY_TTL_SECONDS,
    waitMs = 10_000,
    sleep = (ms) => new Promise((wake) => setTimeout(wake, ms)),
    now = Date.now,
    onError = () => {},
  }: ReplyKeysOptions) {
    this.#dedupe = dedupe;
    this.#leaseSeconds = leaseSeconds;
    this.#maxHoldMs = maxHoldSeconds * 1000;
    this.#ttlSeconds = ttlSeconds;
    this.#waitMs = waitMs;
    this.#sleep = sleep;
    this.#now = now;
    this.#onError = onError;
  }

  /**
   * Claims `scope` (from `replyKeyScope`) for a send of `fingerprint` (from `sendFingerprint`), or waits
   * for whoever holds it: up to a whole lease plus `waitMs`, so a dead holder's claim lapses meanwhile.
   * Polls back off from 50 ms to 1 s. `previous`: the fingerprint the previous release gave the same
   * message, when this release's differs (a file's, before it carried the content's digest); only a
   * record of that release (its untagged scope) is read with it.
   * @throws the store's errors (Redis away): the caller sends nothing and says so.
   */
  async take(scope: string, fingerprint: string, previous?: string): Promise<KeyTake> {
    const deadline = this.#now() + this.#leaseSeconds * 1000 + LAPSE_MARGIN_MS + this.#waitMs;
    const owner = ownerToken();
    // Read before the claim: an erase that sets the mark after this read, before or after the claim, stops the answer.
    const erasedMark = erasedMarkOf(scope);
    const guard: DedupeGuard = { key: erasedMark, value: await this.#dedupe.lookup(erasedMark) };
    for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, LONGEST_POLL_MS)) {
      if (await this.#dedupe.claim(scope, this.#leaseSeconds, owner)) {
        // A message sent before the scopes carried a hash tag is recorded under its untagged scope (a day at most),
        // or is still being sent there by an instance of that release (a rolling upgrade): wait for its outcome.
        const legacy = await this.#dedupe.lookup(legacyScopeOf(scope));
        if (legacy === undefined) return { kind: 'first', hold: this.#hold(scope, owner, fingerprint, guard) };
        await this.#dedupe.release(scope, owner);
        if (isRecord(legacy)) return answerOf(legacy, fingerprint, previous);
      } else {
        const value = await this.#dedupe.lookup(scope);
        if (value !== undefined && isRecord(value)) return answerOf(value, fingerprint);
      }
      // Undefined: the claim was dropped (the first attempt failed) or lapsed between the two calls: claim again,
      // after the same pause and within the same deadline (two stores that keep disagreeing must not spin).
      if (this.#now() > deadline) return { kind: 'busy' };
      await this.#sleep(Math.min(pause, Math.max(0, deadline - this.#now()) + 1));
    }
  }

  /**
   * Forgets every key of `conversationId`'s replies (its erase); resolves how many. The mark goes first,
   * so a send still in flight, whose claim this drops, records nothing afterwards.
   */
  async erase(conversationId: string): Promise<number> {
    const prefix = replyKeysOf(conversationId);
    await this.#dedupe.resolve(erasedMarkOf(prefix), `erased:${randomBytes(16).toString('hex')}`, this.#ttlSeconds);
    return (await this.#dedupe.releaseAll(prefix)) + (await this.#dedupe.releaseAll(legacyReplyKeysOf(conversationId)));
  }

  #hold(scope: string, owner: string, fingerprint: string, guard: DedupeGuard): KeyHold {
    const until = this.#now() + this.#maxHoldMs;
    const renew = () => {
      // A send hung past the longest hold stops renewing: its lease lapses and the agent's retry may send.
      if (this.#now() >= until) return clearInterval(heartbeat);
      void this.#dedupe.renew(scope, owner, this.#leaseSeconds, owner).catch(this.#onError);
    };
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
      sent: (reply, at) =>
        settle(() =>
          this.#dedupe.resolve(scope, JSON.stringify({ fingerprint, ...reply, ...(at === undefined ? {} : { at }) }), this.#ttlSeconds, owner, guard),
        ),
      failed: (maybeSent) =>
        settle(async () => {
          // The note first: a retry that claims once the claim is dropped finds it.
          const note = JSON.stringify({ fingerprint, maybeSent });
          if (maybeSent !== undefined) await this.#dedupe.resolve(maybeSentKey(scope), note, this.#ttlSeconds, undefined, guard);
          await this.#dedupe.release(scope, owner);
        }),
      maybeSent: async () => {
        const note = await this.#dedupe.lookup(maybeSentKey(scope));
        return note === undefined ? undefined : parseMaybeSent(note, fingerprint);
      },
    };
  }
}

/** A recorded answer is JSON; a claim in progress is an owner token (or '' from an older release). */
const isRecord = (value: string) => value.startsWith('{');

/** How a repeat of the message of `fingerprint` (or, in a previous release's record, `previous`) is answered from a recorded answer. */
function answerOf(value: string, fingerprint: string, previous?: string): KeyTake {
  const record = parseSent(value);
  if (record.fingerprint !== undefined && record.fingerprint !== fingerprint && record.fingerprint !== previous) return { kind: 'reused' };
  return { kind: 'sent', reply: record.reply, ...(record.sentAt === undefined ? {} : { sentAt: record.sentAt }) };
}

/** The note of a failed attempt at the message of `fingerprint`; undefined for another message's or an unreadable one. */
function parseMaybeSent(note: string, fingerprint: string): string | undefined {
  try {
    const parsed = JSON.parse(note) as { fingerprint?: unknown; maybeSent?: unknown };
    return parsed.fingerprint === fingerprint && typeof parsed.maybeSent === 'string' ? parsed.maybeSent : undefined;
  } catch {
    return undefined;
  }
}

/** A recorded answer; one this release cannot read reads as "sent, no id" (the safe side: nothing is sent again). */
function parseSent(value: string): { fingerprint?: string; reply: SentReply; sentAt?: number } {
  try {
    const parsed = JSON.parse(value) as { fingerprint?: unknown; messageId?: unknown; notices?: unknown; at?: unknown };
    return {
      ...(typeof parsed.fingerprint === 'string' ? { fingerprint: parsed.fingerprint } : {}),
      ...(typeof parsed.at === 'number' && Number.isFinite(parsed.at) ? { sentAt: parsed.at } : {}),
      reply: {
        ...(typeof parsed.messageId === 'string' && parsed.messageId ? { messageId: parsed.messageId } : {}),
        ...(Array.isArray(parsed.notices) && parsed.notices.length > 0 ? { notices: parsed.notices as DeliveryNotice[] } : {}),
      },
    };
  } catch {
    return { reply: {} };
  }
}
