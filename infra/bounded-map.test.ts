import { describe, expect, it } from 'vitest';
import { BoundedMap, StoreFullError } from './bounded-map.js';
import { trimOldest } from './shared-fields.js';

describe('BoundedMap', () => {
  const clock = () => {
    const state = { time: 1000 };
    return { state, now: () => state.time };
  };

  it('forgets an entry ttlMs after its last write; a read does not extend it', () => {
    const { state, now } = clock();
    const map = new BoundedMap<string, number>({ name: 'test', maxEntries: 10, ttlMs: 100, now });
    map.set('a', 1);
    state.time += 99;
    expect(map.get('a')).toBe(1);
    state.time += 1;
    expect(map.get('a')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('takes a per-entry ttl and sweeps expired entries on the next write', () => {
    const { state, now } = clock();
    const map = new BoundedMap<string, number>({ name: 'test', maxEntries: 10, ttlMs: 1000, now });
    map.set('short', 1, 10);
    map.set('long', 2);
    state.time += 10;
    map.set('other', 3);
    expect([...map.entries()]).toEqual([
      ['long', 2],
      ['other', 3],
    ]);
  });

  it('evicts the least recently written beyond its cap', () => {
    const map = new BoundedMap<string, number>({ name: 'test', maxEntries: 2 });
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([...map.entries()]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });

  it('never evicts a pinned entry: a new key is refused when every entry is pinned, an existing key is still written', () => {
    const map = new BoundedMap<string, { open: boolean }>({ name: 'test store', maxEntries: 2, pinned: (value) => value.open });
    map.set('a', { open: true }).set('b', { open: false });
    map.set('c', { open: true });
    expect(map.has('b')).toBe(false);
    expect(() => map.set('d', { open: true })).toThrow(StoreFullError);
    expect(() => map.set('d', { open: true })).toThrow(/test store holds 2 entries/);
    expect(map.size).toBe(2);
    map.set('a', { open: false });
    map.set('d', { open: true });
    expect([...map.entries()].map(([key]) => key)).toEqual(['c', 'd']);
  });

  it('update keeps the expiry and the place', () => {
    const { state, now } = clock();
    const map = new BoundedMap<string, number>({ name: 'test', maxEntries: 2, ttlMs: 100, now });
    map.set('a', 1).set('b', 2);
    state.time += 50;
    expect(map.update('a', 5)).toBe(true);
    expect(map.update('missing', 1)).toBe(false);
    state.time += 50;
    expect(map.get('a')).toBeUndefined();
  });

  describe('size budget (maxChars)', () => {
    /** An entry as the memory stores keep one: lines of text, and whether it must stay. */
    type Lines = { lines: string[]; open: boolean };
    const budgeted = (maxChars: number, now?: () => number) =>
      new BoundedMap<string, Lines>({
        name: 'test store',
        maxEntries: 100,
        maxChars,
        now,
        ttlMs: 1000,
        pinned: (value) => value.open,
        trim: (value, chars, written) => trimOldest(value.lines, chars, written ? 0 : 1).chars,
      });
    const write = (map: BoundedMap<string, Lines>, key: string, line: string, open = false) => {
      const value = map.get(key) ?? { lines: [], open };
      value.open = open;
      map.set(key, value);
      map.charge(key, line.length);
      value.lines.push(line);
    };
    const held = (map: BoundedMap<string, Lines>) => Object.fromEntries([...map.entries()].map(([key, value]) => [key, value.lines.join('|')]));

    it('counts each write, and gives the count back when an entry is deleted, expires or is replaced', () => {
      const { state, now } = clock();
      const map = budgeted(100, now);
      write(map, 'a', 'x'.repeat(10));
      write(map, 'a', 'y'.repeat(5));
      write(map, 'b', 'z'.repeat(20));
      expect(map.chars).toBe(35);
      map.delete('b');
      expect(map.chars).toBe(15);
      map.set('a', { lines: [], open: false });
      expect(map.chars).toBe(0);
      write(map, 'c', 'c'.repeat(30));
      state.time += 1000;
      map.set('d', { lines: [], open: false });
      expect(map.chars).toBe(0);
    });

    it('evicts the least recently written entries that may go, never the one written nor a pinned one', () => {
      const map = budgeted(100);
      write(map, 'a', 'a'.repeat(30));
      write(map, 'open', 'o'.repeat(30), true);
      write(map, 'b', 'b'.repeat(30));
      write(map, 'a', 'A'.repeat(5)); // a is now the most recently written
      write(map, 'c', 'c'.repeat(30));
      expect(held(map)).toEqual({ open: 'o'.repeat(30), a: `${'a'.repeat(30)}|AAAAA`, c: 'c'.repeat(30) });
      expect(map.chars).toBe(95);
      expect(map.chars).toBeLessThanOrEqual(100);
    });

    it('when only entries that must stay are left, trims their oldest lines (each keeps its latest), then refuses', () => {
      const map = budgeted(100);
      write(map, 'p', 'p'.repeat(30), true);
      write(map, 'p', 'P'.repeat(30), true);
      write(map, 'q', 'q'.repeat(30), true);
      write(map, 'r', 'r'.repeat(30), true);
      expect(held(map)).toEqual({ p: 'P'.repeat(30), q: 'q'.repeat(30), r: 'r'.repeat(30) });
      expect(map.chars).toBe(90);
      expect(() => write(map, 's', 's'.repeat(30), true)).toThrow(StoreFullError);
      expect(() => write(map, 's', 's'.repeat(30), true)).toThrow(
        /test store holds 100 characters in entries that must not be dropped.*MEMORY_MAX_STORE_CHARS/,
      );
      expect(map.chars).toBe(90);
      expect(held(map)).toEqual({ p: 'P'.repeat(30), q: 'q'.repeat(30), r: 'r'.repeat(30), s: '' });
      // The entry being written may give up all it held: what it adds becomes its latest line.
      write(map, 'r', 'R'.repeat(30), true);
      expect(held(map)).toEqual({ p: 'P'.repeat(30), q: 'q'.repeat(30), s: '', r: 'R'.repeat(30) });
      expect(map.chars).toBe(90);
    });

    it('refuses an entry larger than the whole budget without dropping anything', () => {
      const map = budgeted(100);
      write(map, 'a', 'a'.repeat(60));
      expect(() => write(map, 'b', 'b'.repeat(101))).toThrow(StoreFullError);
      expect(held(map)).toEqual({ a: 'a'.repeat(60), b: '' });
    });
  });
});
