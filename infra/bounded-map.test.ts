import { describe, expect, it } from 'vitest';
import { BoundedMap, StoreFullError } from './bounded-map.js';

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
});
