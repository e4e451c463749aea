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
 * Map insertion order is write order, so eviction and sweeping start at the first key (O(1) unless
 * pinned entries sit at the head).
 */
import { RequestError } from './errors.js';

/** Every entry pinned and the cap reached: a new entry would push out something that must stay. HTTP 503. */
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
}

interface Slot<V> {
  value: V;
  expiresAt: number;
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

  constructor({ name, maxEntries, ttlMs = 0, now = () => Date.now(), pinned = () => false, onDrop }: BoundedMapOptions<V>) {
    if (!(maxEntries >= 1)) throw new RangeError(`BoundedMap '${name}': maxEntries must be at least 1`);
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
    this.#slots.set(key, { value, expiresAt: time + ttl });
    if (replaced && replaced.value !== value) this.#onDrop?.(replaced.value);
    return this;
  }

  /** Rewrites an entry's value in place, keeping its expiry and its place; false when absent. */
  update(key: K, value: V): boolean {
    const slot = this.#slots.get(key);
    if (!slot || slot.expiresAt <= this.#now()) return false;
    const replaced = slot.value;
    slot.value = value;
    if (replaced !== value) this.#onDrop?.(replaced);
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
    for (const slot of dropped) this.#onDrop?.(slot.value);
  }

  #drop(key: K, slot: Slot<V>): void {
    this.#slots.delete(key);
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
}
