/**
 * The durable inbox of channels that acknowledge, then work (Telegram, the WhatsApp Cloud API): a
 * delivery is claimed and recorded in one step before the platform gets its 200, held under a lease
 * by the instance running its turn, and removed when the turn ends. An instance that dies mid-turn
 * stops renewing; once the lease lapses, another instance takes the entry over and runs the turn
 * again. Nothing acknowledged is lost; at worst a reply goes out twice, never zero times.
 *
 * Concurrency rules (tests/contracts/delivery-journal.contract.ts checks them on memory and Redis):
 * - `accept` is claim-once per (channel, id), with the dedupe mark `claimDelivery` sets, so a
 *   redelivery is refused whichever way it was claimed;
 * - `takeLapsed` is atomic: two instances sweeping at once never both take one entry;
 * - `renew` only extends leases the caller still owns; `complete` removes whoever owns the entry.
 *
 * The memory journal lives and dies with its process: it keeps one instance's bookkeeping, it cannot
 * survive a crash. Redis: adapters/kit/redis-delivery-journal.ts.
 */
import { claimDelivery, type DedupeStore, idDigest, releaseDelivery } from '../../infra/dedupe-store.js';
import { StoreFullError } from '../../infra/bounded-map.js';
import { RequestError } from '../../infra/errors.js';
import { FIELD_LIMITS } from '../field-limits.js';

/** What `accept` records. */
export interface Delivery {
  /** The platform's delivery id, e.g. 'update:123' or a wamid; the dedupe mark is made from it. */
  readonly id: string;
  /** The conversation the delivery belongs to, so an erase finds it. Only its digest is stored beside the payload. */
  readonly conversationId: string;
  /** What the turn needs to run again: the parsed update as JSON, never more than the platform sent. */
  readonly payload: string;
}

/** How an instance holds an entry. */
export interface Lease {
  /** The instance's id; only it renews the lease. */
  readonly owner: string;
  /** How long the lease lasts from now. */
  readonly ms: number;
}

/** An entry handed back by `takeLapsed`. */
export interface TakenEntry {
  /** The delivery id given to `accept`. */
  readonly id: string;
  readonly payload: string;
  /** Runs started, this one included (1 is the first instance's). */
  readonly attempts: number;
}

/** What one sweep found. */
export interface Lapsed {
  /** Entries now leased to the caller: run their turns. */
  readonly taken: readonly TakenEntry[];
  /** Entries that had already run `maxAttempts` times: removed, never run again. */
  readonly dropped: readonly { readonly id: string; readonly attempts: number }[];
}

/** Claim, record, lease, remove: see the file comment. */
export interface DeliveryJournal {
  /**
   * Claims `delivery.id` on `channel` (the dedupe mark, kept `markSeconds`) and records it leased to
   * `lease.owner`, in one step. Resolves false for a delivery already claimed (nothing recorded).
   * @throws RequestError 413 when the payload is over the journal's size limit (nothing claimed).
   */
  accept(channel: string, delivery: Delivery, lease: Lease, markSeconds: number): Promise<boolean>;
  /** Extends the leases of `ids` that `lease.owner` still holds; resolves how many it extended. */
  renew(channel: string, ids: readonly string[], lease: Lease): Promise<number>;
  /** The turn is over (answered, or failed and apologised): the entry goes; the dedupe mark stays. */
  complete(channel: string, id: string): Promise<void>;
  /** The acknowledgement failed: the entry and the dedupe mark go, so the platform's redelivery runs. */
  withdraw(channel: string, id: string): Promise<void>;
  /**
   * Leases to `lease.owner` at most `limit` entries whose lease lapsed, counting a run for each; an
   * entry already run `maxAttempts` times is dropped instead. Atomic across instances.
   */
  takeLapsed(channel: string, lease: Lease, limit: number, maxAttempts: number): Promise<Lapsed>;
  /** Removes every entry of `conversationId` on `channel` (an erase); resolves how many. */
  eraseConversation(channel: string, conversationId: string): Promise<number>;
}

/** The largest payload a journal keeps by default: the webhooks' body limit ('1mb'). */
export const MAX_JOURNAL_PAYLOAD_BYTES = 1024 * 1024;

// Delivery ids and conversation ids can hold a phone number (a wamid encodes it): keys carry digests only,
// the same the dedupe marks carry.
export const journalDigest = idDigest;

/** The longest string a recorded payload keeps: one past the longest text a turn reads. */
export const MAX_RECORDED_STRING = FIELD_LIMITS.text + 1;

/**
 * The payload a channel records for `value` (the parsed update): JSON with every string cut to
 * `MAX_RECORDED_STRING`, since a text past the limit is only ever answered "too long" (ids, names and
 * captions are far shorter). Bounds what is stored, and masked, per string, whatever the sender put in.
 * @example await inbox.accept({ id: `update:${update.update_id}`, conversationId, payload: journalPayload(update) });
 */
export function journalPayload(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' && item.length > MAX_RECORDED_STRING ? item.slice(0, MAX_RECORDED_STRING) : item,
  );
}

/** Refuses a payload over `maxBytes`, before anything is claimed. */
export function checkPayloadSize(payload: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(payload);
  if (bytes > maxBytes) {
    throw new RequestError(413, 'too_large', `The delivery is ${bytes} bytes; the inbox keeps at most ${maxBytes}. Lower the webhook body limit to match.`);
  }
}

interface MemoryEntry {
  id: string;
  payload: string;
  conversation: string;
  owner: string;
  attempts: number;
  leaseUntil: number;
}

export interface MemoryDeliveryJournalOptions {
  /** Where the dedupe marks go: the engine's dedupe store, so a mark is the same whoever made it. */
  readonly dedupe: DedupeStore;
  readonly now?: () => number;
  readonly maxPayloadBytes?: number;
  /** At most this many deliveries in flight per channel; past it `accept` throws `StoreFullError` (503: the platform delivers again later). */
  readonly maxEntries?: number;
}

/** An in-process `DeliveryJournal` (one instance; see the file comment). */
export function createMemoryDeliveryJournal({
  dedupe,
  now = Date.now,
  maxPayloadBytes = MAX_JOURNAL_PAYLOAD_BYTES,
  maxEntries = 10_000,
}: MemoryDeliveryJournalOptions): DeliveryJournal {
  const channels = new Map<string, Map<string, MemoryEntry>>();
  const entriesOf = (channel: string) => {
    let entries = channels.get(channel);
    if (!entries) channels.set(channel, (entries = new Map()));
    return entries;
  };
  return {
    async accept(channel, { id, conversationId, payload }, lease, markSeconds) {
      checkPayloadSize(payload, maxPayloadBytes);
      const entries = entriesOf(channel);
      if (entries.size >= maxEntries)
        throw new StoreFullError('memory delivery journal', maxEntries, 'deliveries in flight; the platform delivers this one again');
      if (!(await claimDelivery(dedupe, channel, id, markSeconds))) return false;
      entries.set(journalDigest(id), {
        id,
        payload,
        conversation: journalDigest(conversationId),
        owner: lease.owner,
        attempts: 1,
        leaseUntil: now() + lease.ms,
      });
      return true;
    },
    async renew(channel, ids, lease) {
      let renewed = 0;
      for (const id of ids) {
        const entry = channels.get(channel)?.get(journalDigest(id));
        if (entry?.owner !== lease.owner) continue;
        entry.leaseUntil = now() + lease.ms;
        renewed++;
      }
      return renewed;
    },
    async complete(channel, id) {
      channels.get(channel)?.delete(journalDigest(id));
    },
    async withdraw(channel, id) {
      channels.get(channel)?.delete(journalDigest(id));
      await releaseDelivery(dedupe, channel, id);
    },
    async takeLapsed(channel, lease, limit, maxAttempts) {
      const taken: TakenEntry[] = [];
      const dropped: { id: string; attempts: number }[] = [];
      const entries = channels.get(channel);
      const at = now();
      for (const [key, entry] of entries ?? []) {
        if (taken.length + dropped.length >= limit) break;
        if (entry.leaseUntil > at) continue;
        if (entry.attempts >= maxAttempts) {
          entries?.delete(key);
          dropped.push({ id: entry.id, attempts: entry.attempts });
          continue;
        }
        Object.assign(entry, { owner: lease.owner, attempts: entry.attempts + 1, leaseUntil: at + lease.ms });
        taken.push({ id: entry.id, payload: entry.payload, attempts: entry.attempts });
      }
      return { taken, dropped };
    },
    async eraseConversation(channel, conversationId) {
      const entries = channels.get(channel);
      const conversation = journalDigest(conversationId);
      let erased = 0;
      for (const [key, entry] of entries ?? []) if (entry.conversation === conversation && entries?.delete(key)) erased++;
      return erased;
    },
  };
}
