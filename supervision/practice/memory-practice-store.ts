/**
 * Practice mode's store in process memory: one instance only (tests, the demo). Keeps the same limits
 * and expiry as the Redis store.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { PracticeStore, PracticeStoreLimits } from './practice-store.js';
import { PRACTICE_LIMITS, type PracticeCandidate, type PracticeScript, type PracticeSession } from './practice-types.js';

export const DEFAULT_SESSION_TTL_MS = 90 * 24 * 3600_000;

/** Creates the memory store. `now` is the expiry clock. */
export function createMemoryPracticeStore({
  sessionTtlMs = DEFAULT_SESSION_TTL_MS,
  sessionsPerAgent = PRACTICE_LIMITS.sessionsPerAgent,
  sessionsInAll = PRACTICE_LIMITS.sessionsInAll,
  candidates: maxCandidates = PRACTICE_LIMITS.candidates,
  now,
}: PracticeStoreLimits & { readonly now?: () => number } = {}): PracticeStore {
  const scripts = new Map<string, PracticeScript>();
  const sessions = new BoundedMap<string, PracticeSession>({ name: 'practice sessions', maxEntries: sessionsInAll, ttlMs: sessionTtlMs, now });
  type Entry = { readonly id: string; readonly startedAt: number };
  const byAgent = new Map<string, Entry[]>();
  let all: Entry[] = [];
  // Newest start first, as Redis's sorted sets order them; lists are short (capped), so sorting is cheap.
  const withEntry = (list: readonly Entry[], entry: Entry, max: number) =>
    [entry, ...list.filter((known) => known.id !== entry.id)].sort((a, b) => b.startedAt - a.startedAt).slice(0, max);
  let candidates: PracticeCandidate[] = [];
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    async addScript(script, maxScripts) {
      if ([...scripts.values()].some((known) => known.sourceKey === script.sourceKey)) return 'duplicate';
      if (scripts.size >= maxScripts) return 'full';
      scripts.set(script.id, copy(script));
      return 'added';
    },
    async readScript(id) {
      const script = scripts.get(id);
      return script && copy(script);
    },
    async listScripts() {
      return [...scripts.values()].reverse().map(copy);
    },
    async deleteScript(id) {
      return scripts.delete(id);
    },

    async createSession(session) {
      sessions.set(session.id, copy(session));
      const entry = { id: session.id, startedAt: session.startedAt };
      byAgent.set(session.agentId, withEntry(byAgent.get(session.agentId) ?? [], entry, sessionsPerAgent));
      all = withEntry(all, entry, sessionsInAll);
    },
    async readSession(id) {
      const session = sessions.get(id);
      return session && copy(session);
    },
    async updateSession(session, expectedVersion) {
      const stored = sessions.get(session.id);
      if (!stored || stored.version !== expectedVersion) return false;
      sessions.set(session.id, copy(session));
      return true;
    },
    async listSessions({ agentId, limit }) {
      const entries = agentId === undefined ? all : (byAgent.get(agentId) ?? []);
      const found: PracticeSession[] = [];
      for (const { id } of entries) {
        if (found.length >= limit) break;
        const session = sessions.get(id);
        if (session) found.push(copy(session));
      }
      return found;
    },

    async addCandidate(candidate) {
      candidates = [candidate, ...candidates.filter((known) => known.ticketId !== candidate.ticketId)].slice(0, maxCandidates);
    },
    async listCandidates(limit) {
      return candidates.slice(0, limit).map(copy);
    },
  };
}
