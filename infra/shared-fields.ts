/**
 * Records of one conversation kept as compact JSON by the memory stores (the Direct Line log, the
 * transcripts). Their envelope repeats from one activity to the next: the channel, the service URL, the
 * conversation, the sender and recipient, the input hint, often the suggested actions. Each distinct
 * value of those fields is kept once per conversation, and an entry holds a two-character reference in
 * its place: a bot reply of 713 characters keeps 419, a customer message of 341 keeps 162 (measured).
 *
 * `unpack(pack(record))` equals `JSON.parse(JSON.stringify(record))`, keys in the same order: a
 * reference is the control character U+0001 and an index, and JSON.stringify always escapes U+0001, so
 * no text of the record can be read as one.
 */

/** Top-level fields shared: the rest (text, ids, timestamps) differs from one activity to the next. */
const SHARED = new Set(['channelId', 'serviceUrl', 'conversation', 'from', 'recipient', 'inputHint', 'locale', 'suggestedActions']);
const MARK = '\u0001';
/** Distinct values kept per conversation; a value beyond them stays in its entry. */
const MAX_VALUES = 32;
/** A value shorter than its reference's worth of bookkeeping stays in its entry. */
const MIN_LENGTH = 8;
/**
 * Values every conversation repeats (the bot's sender, the service URL, the usual suggested actions) are
 * one string for all of them: the pool hands out the copy it holds. Strings never change, so sharing one
 * is safe. The pool is capped in values and in a value's length (a value it does not take is simply kept
 * by its conversation), and it holds a value only while a conversation holds it: each conversation gives
 * its values back (`forget`) when it leaves its store, erased, expired or evicted, so the pool keeps no
 * value longer than the stores keep the conversations. Only what the bot says is pooled, never a
 * customer's own sender or the conversation.
 */
const POOLED = new Set(['channelId', 'serviceUrl', 'inputHint', 'locale', 'suggestedActions']);
const POOL_MAX = 4096;
const POOLED_MAX_LENGTH = 1024;
/** Each pooled value, the one copy handed out, and how many conversations hold it. */
const pool = new Map<string, { value: string; holders: number }>();

/** The pool's copy of `json`, held once more; undefined when the pool does not take it. */
function acquire(json: string): string | undefined {
  if (json.length > POOLED_MAX_LENGTH) return undefined;
  const held = pool.get(json);
  if (held) {
    held.holders++;
    return held.value;
  }
  if (pool.size >= POOL_MAX) return undefined;
  pool.set(json, { value: json, holders: 1 });
  return json;
}

function release(json: string): void {
  const held = pool.get(json);
  if (held && --held.holders <= 0) pool.delete(json);
}

/** Whether the pool holds `json`: for tests of its bound and of erasure. */
export const isPooled = (json: string): boolean => pool.has(json);

/**
 * A `from` or `recipient` that is the bot, or a field of `POOLED` in what the bot says: a customer's message
 * carries the locale, input hint and suggested actions its client sent, which are the customer's own.
 */
function poolable(key: string, value: unknown, fromBot: boolean): boolean {
  if (POOLED.has(key)) return fromBot;
  return (key === 'from' || key === 'recipient') && (value as { role?: unknown } | null)?.role === 'bot';
}

/**
 * For the size budget of the memory stores (infra/bounded-map.ts `trim`), on a conversation's packed lines: removes the oldest
 * lines until `chars` characters are freed, keeping the latest `keep` lines. With `whole`, removes none unless all
 * `chars` can be freed (the entry being written: when it cannot make the room, the write is refused and it keeps all).
 * @returns how many lines went and their characters.
 */
export function trimOldest(lines: string[], chars: number, keep: number, whole = false): { lines: number; chars: number } {
  let count = 0;
  let freed = 0;
  while (freed < chars && count < lines.length - keep) freed += lines[count++]!.length;
  if (whole && freed < chars) return { lines: 0, chars: 0 };
  lines.splice(0, count);
  return { lines: count, chars: freed };
}

/** Removes the `count` oldest lines; returns their characters. */
export function dropFirst(lines: string[], count: number): number {
  let freed = 0;
  for (const line of lines.splice(0, count)) freed += line.length;
  return freed;
}

/**
 * One conversation's shared values; one instance per conversation, dropped with it.
 * @example const fields = new SharedFields(); const line = fields.pack(activity); fields.unpack(line);
 */
export class SharedFields {
  readonly #values: string[] = [];
  /** The values this conversation holds from the pool, given back by `forget`. */
  readonly #pooled: string[] = [];
  #chars = 0;

  /** Characters of the values this conversation keeps itself (not those it shares from the pool). */
  get chars(): number {
    return this.#chars;
  }

  /** The record as JSON, its shared fields by reference; an array or a record with `toJSON` is kept whole. */
  pack(record: object): string {
    if (Array.isArray(record) || typeof (record as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(record);
    // Joined once into one flat string: a concatenation would keep its pieces, and a node per join, for as
    // long as the entry lives.
    const parts = ['{'];
    const fromBot = (record as { from?: { role?: unknown } | null }).from?.role === 'bot';
    for (const [key, field] of Object.entries(record)) {
      // As JSON.stringify does, a value's toJSON is given its key (a stringify of the value alone gives '').
      const toJSON = (field as { toJSON?: unknown } | null | undefined)?.toJSON;
      const value: unknown = typeof toJSON === 'function' ? toJSON.call(field, key) : field;
      const json = JSON.stringify(value) as string | undefined;
      if (json === undefined) continue; // as JSON.stringify leaves out undefined, functions and symbols
      if (parts.length > 1) parts.push(',');
      parts.push(JSON.stringify(key), ':', SHARED.has(key) ? this.#reference(json, poolable(key, value, fromBot)) : json);
    }
    parts.push('}');
    return parts.join('');
  }

  /** Where the values stand before a `pack`, for `rollback` when the store refuses what it packed. */
  mark(): { values: number; pooled: number; chars: number } {
    return { values: this.#values.length, pooled: this.#pooled.length, chars: this.#chars };
  }

  /**
   * Forgets the values added since `mark` (the pooled ones go back to the pool): the entry packed was
   * refused (infra/bounded-map.ts `charge` throws StoreFullError), so nothing of it stays.
   */
  rollback({ values, pooled, chars }: { values: number; pooled: number; chars: number }): void {
    for (const value of this.#pooled.splice(pooled)) release(value);
    this.#values.length = values;
    this.#chars = chars;
  }

  /** The record back from `pack`. Throws SyntaxError for a string `pack` did not make. */
  unpack(packed: string): unknown {
    const pieces = packed.split(MARK);
    let json = pieces[0]!;
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i]!;
      const value = this.#values[piece.charCodeAt(0) - 48];
      if (value === undefined) throw new SyntaxError('SharedFields: a reference to no value; the entry was not packed here');
      json += value + piece.slice(1);
    }
    return JSON.parse(json);
  }

  /**
   * The conversation left its store (erased, expired or evicted): its values are given back to the pool,
   * which drops each one no other conversation holds. Once only; `unpack` still works after it.
   */
  forget(): void {
    for (const value of this.#pooled) release(value);
    this.#pooled.length = 0;
  }

  #reference(json: string, pool: boolean): string {
    if (json.length < MIN_LENGTH) return json;
    let index = this.#values.indexOf(json);
    if (index < 0) {
      if (this.#values.length >= MAX_VALUES) return json;
      const held = pool ? acquire(json) : undefined;
      if (held !== undefined) this.#pooled.push(held);
      else this.#chars += json.length;
      index = this.#values.push(held ?? json) - 1;
    }
    return MARK + String.fromCharCode(48 + index);
  }
}
