/**
 * Seeded stratified splits: a held-out part of training data that every run carves the same way, with each
 * class (or class and domain) in the same proportion as in the whole.
 */
import { mulberry32 } from './linear-model.js';

/**
 * A seeded split stratified by `key`: in every stratum, `share` of the rows (rounded) go to `heldOut`.
 * The same rows and seed always give the same split.
 */
export function stratifiedSplit<T>(rows: readonly T[], key: (row: T) => string, share: number, seed = 21): { train: T[]; heldOut: T[] } {
  const strata = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const k = key(row);
    const list = strata.get(k) ?? [];
    list.push(i);
    strata.set(k, list);
  });
  const random = mulberry32(seed);
  const held = new Set<number>();
  for (const k of [...strata.keys()].sort()) {
    const list = strata.get(k) ?? [];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j] as number, list[i] as number];
    }
    for (const i of list.slice(0, Math.round(list.length * share))) held.add(i);
  }
  return { train: rows.filter((_, i) => !held.has(i)), heldOut: rows.filter((_, i) => held.has(i)) };
}
