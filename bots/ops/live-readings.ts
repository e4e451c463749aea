/**
 * The live readings of /metrics and the dashboard (queued tickets by skill, agents by presence), read
 * from the shared queue at most once per `maxAgeMs`: every scrape and every open dashboard polls, and
 * reading the queue costs in proportion to its length, so the readings are shared instead of repeated.
 * Concurrent callers share one read; a failed read is not kept (the next call tries again).
 */
import type { HandoffStore } from '../../handoff/store/handoff-store.js';
import type { LiveReadings } from '../../infra/metrics.js';

/** One reading of the queue and the agents. */
export interface LiveSnapshot {
  readonly queueBySkill: Readonly<Record<string, number>>;
  readonly agentsByPresence: Readonly<Record<string, number>>;
}

export interface CachedLiveReadings extends LiveReadings {
  /** The whole snapshot (the dashboard's `live`). */
  snapshot(): Promise<LiveSnapshot>;
}

export interface LiveReadingsOptions {
  readonly store: Pick<HandoffStore, 'queue' | 'listAgents'>;
  /** How long a reading is served before the store is read again; default 5 s. */
  readonly maxAgeMs?: number;
  /** Epoch ms; tests move it. */
  readonly now?: () => number;
}

/** Builds the cached readings over the handoff store. */
export function createLiveReadings({ store, maxAgeMs = 5000, now = Date.now }: LiveReadingsOptions): CachedLiveReadings {
  let cached: { at: number; reading: Promise<LiveSnapshot> } | undefined;
  const read = async (): Promise<LiveSnapshot> => {
    const [queue, agents] = await Promise.all([store.queue(), store.listAgents()]);
    return { queueBySkill: countBy(queue, (ticket) => ticket.skill), agentsByPresence: countBy(agents, (agent) => agent.presence) };
  };
  const snapshot = (): Promise<LiveSnapshot> => {
    const at = now();
    if (cached && at - cached.at < maxAgeMs) return cached.reading;
    const entry = { at, reading: read() };
    cached = entry;
    entry.reading.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.reading;
  };
  return {
    snapshot,
    queueDepth: async () => (await snapshot()).queueBySkill,
    agentsByPresence: async () => (await snapshot()).agentsByPresence,
  };
}

/** How many items fall under each key. */
function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
