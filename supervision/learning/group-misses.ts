/**
 * Groups similar misses, in English and Chinese alike, with features built on the NLU's own tokenizer
 * (miss-features.ts: content stems, jieba words, Han character pairs, and shop concepts both languages
 * share), weighted by IDF over the window and compared by cosine with each group's centroid (so a group
 * does not drift by chaining).
 *
 * Near-linear by construction: misses are read oldest first; each one is compared only with the groups
 * that share a feature with it, found through an inverted index whose lists stop growing at
 * `maxPostings` (a feature that common says nothing about the topic); it joins the most similar group
 * at or above `threshold`, or starts one. Work is at most features × `maxPostings` per miss, and the
 * caller caps the misses (`MAX_GROUPED_MISSES`, the newest of the window).
 *
 * A group's id is a hash of its first (oldest) member: the same members give the same id, and a group
 * keeps its id while it grows.
 */
import { createHash } from 'node:crypto';
import { missFeatures } from './miss-features.js';
import type { MissedMessage, MissReason } from './learning-items.js';

/** The most misses one grouping reads (the newest of the window); the page says when more were left out. */
export const MAX_GROUPED_MISSES = 2000;

/** One intent the NLU came close to across a group: in how many members, at what mean score. */
export interface GroupIntent {
  readonly intent: string;
  readonly members: number;
  readonly meanScore: number;
}

export interface MissGroup {
  readonly id: string;
  readonly volume: number;
  readonly locales: readonly string[];
  /** Up to `examplesPerGroup` distinct texts, newest first. */
  readonly examples: readonly Pick<MissedMessage, 'id' | 'text' | 'locale' | 'at' | 'reason'>[];
  /** Every member, oldest first. */
  readonly memberIds: readonly string[];
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** The intents the NLU came closest to, most frequent first (at most 3). */
  readonly closest: readonly GroupIntent[];
  readonly reasons: Partial<Record<MissReason, number>>;
}

export interface GroupingOptions {
  /** Cosine similarity with a group's centroid from which a miss joins it. Default 0.35. */
  readonly threshold?: number;
  /** Longest list of the inverted index. Default 64. */
  readonly maxPostings?: number;
  readonly examplesPerGroup?: number;
}

export interface Grouping {
  /** Largest first, then the most recent. */
  readonly groups: MissGroup[];
  /** Index entries visited: the work done, at most features × maxPostings per miss. */
  readonly steps: number;
}

/** Feature name → unit-length IDF-scaled weight. */
type Vector = ReadonlyMap<string, number>;

/** Groups `misses` (at most MAX_GROUPED_MISSES are read: the newest). */
export function groupMisses(misses: readonly MissedMessage[], { threshold = 0.35, maxPostings = 64, examplesPerGroup = 8 }: GroupingOptions = {}): Grouping {
  const ordered = [...misses].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)).slice(-MAX_GROUPED_MISSES);
  const raw = ordered.map((miss) => missFeatures(miss.text, miss.locale));
  const documentFrequency = new Map<string, number>();
  for (const features of raw) for (const name of features.keys()) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
  const vectors = raw.map((features) => weigh(features, documentFrequency, ordered.length));

  const members: number[][] = [];
  // Each group's centroid (the sum of its members' unit vectors) and that sum's squared length.
  const centroids: Map<string, number>[] = [];
  const centroidSquares: number[] = [];
  const postings = new Map<string, number[]>();
  let steps = 0;
  vectors.forEach((vector, index) => {
    const dot = new Map<number, number>();
    for (const [name, weight] of vector) {
      for (const group of postings.get(name) ?? []) {
        steps++;
        dot.set(group, (dot.get(group) ?? 0) + weight * (centroids[group]!.get(name) ?? 0));
      }
    }
    let best = -1;
    let bestScore = threshold;
    for (const [group, product] of dot) {
      const score = product / Math.sqrt(centroidSquares[group]!);
      if (score >= bestScore) {
        best = group;
        bestScore = score;
      }
    }
    if (best < 0) {
      best = members.length;
      members.push([]);
      centroids.push(new Map());
      centroidSquares.push(0);
    }
    members[best]!.push(index);
    const centroid = centroids[best]!;
    for (const [name, weight] of vector) {
      const before = centroid.get(name) ?? 0;
      centroid.set(name, before + weight);
      centroidSquares[best]! += (before + weight) ** 2 - before ** 2;
      if (before !== 0) continue;
      const list = postings.get(name);
      if (!list) postings.set(name, [best]);
      else if (list.length < maxPostings) list.push(best);
    }
  });

  const groups = members.map((indices) =>
    describe(
      indices.map((i) => ordered[i]!),
      examplesPerGroup,
    ),
  );
  groups.sort((a, b) => b.volume - a.volume || b.lastSeen - a.lastSeen);
  return { groups, steps };
}

function weigh(features: Map<string, number>, documentFrequency: Map<string, number>, total: number): Vector {
  const weights = new Map<string, number>();
  let norm = 0;
  for (const [name, base] of features) {
    // A glossary concept (x:) is the bridge between languages: weighed as if rare, so the bridge does not
    // fade as its topic grows (the bigger the group, the more it needs its other-language members).
    const df = name.startsWith('x:') ? Math.min(2, documentFrequency.get(name) ?? 1) : (documentFrequency.get(name) ?? 1);
    const weight = base * Math.log(1 + total / df);
    weights.set(name, weight);
    norm += weight * weight;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (const [name, weight] of weights) weights.set(name, weight * scale);
  return weights;
}

function describe(group: readonly MissedMessage[], examplesPerGroup: number): MissGroup {
  const first = group[0]!;
  const last = group.at(-1)!;
  const examples: MissGroup['examples'][number][] = [];
  const seen = new Set<string>();
  for (const miss of [...group].reverse()) {
    const key = miss.text.trim().toLowerCase();
    if (seen.has(key) || examples.length >= examplesPerGroup) continue;
    seen.add(key);
    examples.push({ id: miss.id, text: miss.text, locale: miss.locale, at: miss.at, reason: miss.reason });
  }
  const intents = new Map<string, { members: number; total: number }>();
  const reasons: Partial<Record<MissReason, number>> = {};
  for (const miss of group) {
    reasons[miss.reason] = (reasons[miss.reason] ?? 0) + 1;
    for (const { intent, score } of miss.closest) {
      if (intent === 'None') continue;
      const entry = intents.get(intent) ?? { members: 0, total: 0 };
      entry.members++;
      entry.total += score;
      intents.set(intent, entry);
    }
  }
  const closest = [...intents]
    .map(([intent, { members, total }]) => ({ intent, members, meanScore: Math.round((total / members) * 100) / 100 }))
    .sort((a, b) => b.members - a.members || b.meanScore - a.meanScore || (a.intent < b.intent ? -1 : 1))
    .slice(0, 3);
  return {
    id: `g${createHash('sha1').update(first.id).digest('hex').slice(0, 12)}`,
    volume: group.length,
    locales: [...new Set(group.map((miss) => miss.locale))].sort(),
    examples,
    memberIds: group.map((miss) => miss.id),
    firstSeen: first.at,
    lastSeen: last.at,
    closest,
    reasons,
  };
}
