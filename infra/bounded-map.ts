/**
 * The one bounded, expiring map behind every memory store (dialog state, transcripts, the Direct Line
 * log, dedupe marks, the customer index, the handoff store's closed tickets): memory keeps what Redis
 * would keep, as Redis keys expire, and never more than `maxEntries`.
 *
 * - Expiry: an entry lives `ttlMs` after its last `set` (as a Redis key after its last EXPIRE); `get`
 *   does not extend it. Expired entries are dropped lazily and swept from the oldest end on each `set`.
 * - Cap: beyond `maxEntries`, the least recently written entry goes. An entry `pinned` says must stay
 *   (a conversation with an unanswered customer message or an open client) is never evicted by the
 *   cap: when every entry is pinned, `set` of a new key throws `StoreFullError` and changes nothing,
 *   so the caller refuses the new work with a clear error instead of silently losing old work.
 *
 * - Size budget (`maxChars`): the store counts what each entry grows or shrinks by (`charge`, O(1)); past
 *   the budget the least recently written entries that are not pinned go, then pinned ones (and the one
 *   being written, last) give up their oldest parts (`trim`), oldest write first; when that is not enough,
 *   `charge` throws `StoreFullError` before anything is added (docs/memory-stores.md).
 *
 * Map insertion order is write order, so eviction and sweeping start at the first key (O(1) unless
 * pinned entries sit at the head).
 */
import { RequestError } from './errors.js';

const ADVICE_CHARS = 'characters in entries that must not be dropped, each trimmed to its latest (raise MEMORY_MAX_STORE_CHARS, or use Redis with REDIS_URL)';

/**
 * Every entry pinned and the cap reached, or the size budget spent on what must stay: a new entry would push
 * out something that must stay. HTTP 503.
 */
export class StoreFullError extends RequestError {
  override readonly name: string = 'StoreFullError';
  constructor(
    readonly store: string,
    readonly maxEntries: number,
    /** What the entries are and what to do, when the MEMORY_* settings do not apply. */
    advice = 'entries that must not be dropped (raise its MEMORY_* cap, or use Redis with REDIS_URL)',
  ) {
    super(503, 'store_full', `The ${store} holds ${maxEntries} ${advice}. Try again later.`);
  }
}

export interface BoundedMapOptions<V> {
  /** Names the store in errors. */
  readonly name: string;
  /** Most entries kept; at least 1. */
  readonly maxEntries: number;
  /** Milliseconds an entry lives after its last write; 0 or Infinity keeps it until evicted or deleted. */
  readonly ttlMs?: number;
  /** The clock, injectable for tests. */
  readonly now?: () => number;
  /** True for an entry the cap must never evict (it still expires). */
  readonly pinned?: (value: V) => boolean;
  /**
   * Called with a value once it leaves the map: expired, evicted, deleted, cleared, or replaced by another
   * value; for what a value holds outside the map (infra/shared-fields.ts).
   */
  readonly onDrop?: (value: V) => void;
  /** Most characters all entries hold together, as counted by `charge`; default no budget. */
  readonly maxChars?: number;
  /**
   * Drops the oldest parts of an entry the budget may not evict (pinned, or the one being written), to
   * free about `chars` characters; returns the characters freed (0 when nothing can go). `written` is true
   * for the entry being written: what it is about to add becomes its latest part, so all it held may go, but it is
   * trimmed last, and should give up nothing unless that frees all `chars` (else the write is refused).
   */
  readonly trim?: (value: V, chars: number, written: boolean) => number;
}

interface Slot<V> {
  value: V;
  expiresAt: number;
  /** Characters counted for this entry by `charge`. */
  chars: number;
}

/**
 * A Map with expiry and a size cap.
 * @example const seen = new BoundedMap<string, true>({ name: 'dedupe', maxEntries: 100_000, ttlMs: 86_400_000 });
 */
export class BoundedMap<K, V> {
  readonly #slots = new Map<K, Slot<V>>();
  readonly #name: string;
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #pinned: (value: V) => boolean;
  readonly #onDrop: ((value: V) => void) | undefined;
  readonly #maxChars: number;
  readonly #trim: (value: V, chars: number, written: boolean) => number;
  #chars = 0;

  constructor({
    name,
    maxEntries,
    ttlMs = 0,
    now = () => Date.now(),
    pinned = () => false,
    onDrop,
    maxChars = Number.POSITIVE_INFINITY,
    trim = () => 0,
  }: BoundedMapOptions<V>) {
    if (!(maxEntries >= 1)) throw new RangeError(`BoundedMap '${name}': maxEntries must be at least 1`);
    if (!(maxChars >= 1)) throw new RangeError(`BoundedMap '${name}': maxChars must be at least 1`);
    this.#maxChars = maxChars;
    this.#trim = trim;
    this.#name = name;
    this.#max = Math.floor(maxEntries);
    this.#ttlMs = ttlMs > 0 ? ttlMs : Number.POSITIVE_INFINITY;
    this.#now = now;
    this.#pinned = pinned;
    this.#onDrop = onDrop;
  }

  /** Entries held, expired ones not yet swept included. */
  get size(): number {
    return this.#slots.size;
  }

  /** Characters counted for all entries held (`charge`). */
  get chars(): number {
    return this.#chars;
  }

  get(key: K): V | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.#now()) {
      this.#drop(key, slot);
      return undefined;
    }
    return slot.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Writes `value`, restarting its expiry (`ttlMs` overrides the map's for this entry).
   * @throws StoreFullError when `key` is new, the cap is reached and every entry is pinned.
   */
  set(key: K, value: V, ttlMs?: number): this {
    const time = this.#now();
    this.#sweep(time);
    const isNew = !this.#slots.has(key);
    if (isNew && this.#slots.size >= this.#max && !this.#evictOne()) throw new StoreFullError(this.#name, this.#max);
    const ttl = ttlMs !== undefined && ttlMs > 0 ? ttlMs : this.#ttlMs;
    const replaced = this.#slots.get(key);
    this.#slots.delete(key);
    // The same value written again keeps its count; another value starts from nothing counted.
    const kept = replaced?.value === value ? replaced.chars : 0;
    this.#chars -= (replaced?.chars ?? 0) - kept;
    this.#slots.set(key, { value, expiresAt: time + ttl, chars: kept });
    if (replaced && replaced.value !== value) this.#onDrop?.(replaced.value);
    return this;
  }

  /**
   * Counts `chars` more characters (fewer when negative) in `key`'s entry, written just before by `set`.
   * Past `maxChars` it first makes room, as the header says. Call it before adding what it counts.
   * @throws StoreFullError when no room can be made: nothing was counted, so the caller adds nothing.
   */
  charge(key: K, chars: number): void {
    const slot = this.#slots.get(key);
    if (!slot) throw new RangeError(`BoundedMap '${this.#name}': charge for a key it does not hold`);
    if (chars > 0 && this.#chars + chars > this.#maxChars) this.#makeRoom(slot, chars);
    slot.chars += chars;
    this.#chars += chars;
  }

  /** Rewrites an entry's value in place, keeping its expiry and its place; false when absent. */
  update(key: K, value: V): boolean {
    const slot = this.#slots.get(key);
    if (!slot || slot.expiresAt <= this.#now()) return false;
    const replaced = slot.value;
    slot.value = value;
    if (replaced !== value) {
      this.#chars -= slot.chars;
      slot.chars = 0;
      this.#onDrop?.(replaced);
    }
    return true;
  }

  delete(key: K): boolean {
    const slot = this.#slots.get(key);
    if (slot) this.#drop(key, slot);
    return slot !== undefined;
  }

  /** Live entries, oldest write first. */
  *entries(): IterableIterator<[K, V]> {
    const time = this.#now();
    for (const [key, slot] of this.#slots) if (slot.expiresAt > time) yield [key, slot.value];
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  clear(): void {
    const dropped = [...this.#slots.values()];
    this.#slots.clear();
    this.#chars = 0;
    for (const slot of dropped) this.#onDrop?.(slot.value);
  }

  #drop(key: K, slot: Slot<V>): void {
    this.#slots.delete(key);
    this.#chars -= slot.chars;
    this.#onDrop?.(slot.value);
  }

  /** Drops expired entries from the oldest end (stops at the first live one). */
  #sweep(time: number): void {
    for (const [key, slot] of this.#slots) {
      if (slot.expiresAt > time) return;
      this.#drop(key, slot);
    }
  }

  /** Evicts the least recently written entry that is not pinned; false when there is none. */
  #evictOne(): boolean {
    for (const [key, slot] of this.#slots) {
      if (!this.#pinned(slot.value)) {
        this.#drop(key, slot);
        return true;
      }
    }
    return false;
  }

  /** Frees `chars` under the budget: evicts unpinned entries but `current`, then trims, oldest write first. */
  #makeRoom(current: Slot<V>, chars: number): void {
    const excess = () => this.#chars + chars - this.#maxChars;
    const refused = () => new StoreFullError(this.#name, this.#maxChars, ADVICE_CHARS);
    if (chars > this.#maxChars) throw refused();
    for (const [key, slot] of this.#slots) {
      if (excess() <= 0) return;
      if (slot !== current && !this.#pinned(slot.value)) this.#drop(key, slot);
    }
    for (const slot of this.#slots.values()) {
      if (excess() <= 0) return;
      const freed = Math.min(slot.chars, this.#trim(slot.value, excess(), slot === current));
      slot.chars -= freed;
      this.#chars -= freed;
    }
    if (excess() > 0) throw refused();
  }
}
