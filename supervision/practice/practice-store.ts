/**
 * Where practice mode keeps its library, its sessions and the candidates for the library: one interface,
 * a memory and a Redis implementation (redis-practice-store.ts), one contract suite
 * (tests/contracts/practice-store.contract.ts).
 *
 * Rules both implementations keep:
 * - A source conversation is in the library at most once (by `sourceKey`); the library holds at most `maxScripts`.
 * - `updateSession` writes only when the stored version is the one the caller read (compare-and-set), so two
 *   tabs of one trainee cannot lose each other's reply; the caller writes `version + 1`.
 * - Sessions expire `sessionTtlMs` after their last write; lists skip expired ones and keep the newest
 *   `sessionsPerAgent` per agent and `sessionsInAll` overall.
 * - Candidates are kept newest first, one per ticket, at most `candidates`.
 */
import type { PracticeCandidate, PracticeScript, PracticeSession } from './practice-types.js';

/** Outcome of adding a script. */
export type AddScriptOutcome = 'added' | 'duplicate' | 'full';

export interface PracticeStore {
  /** Adds a script unless its source is already in the library or the library is full. */
  addScript(script: PracticeScript, maxScripts: number): Promise<AddScriptOutcome>;
  readScript(id: string): Promise<PracticeScript | undefined>;
  /** Every script, newest first. */
  listScripts(): Promise<PracticeScript[]>;
  /** Removes a script (its source may be added again); true when there was one. */
  deleteScript(id: string): Promise<boolean>;

  /** Stores a new session and lists it under its agent and in the list of all. */
  createSession(session: PracticeSession): Promise<void>;
  readSession(id: string): Promise<PracticeSession | undefined>;
  /** Writes `session` (whose `version` is `expectedVersion + 1`) only if the stored version is `expectedVersion`. */
  updateSession(session: PracticeSession, expectedVersion: number): Promise<boolean>;
  /** Sessions newest first: one agent's, or everyone's. */
  listSessions(options: { readonly agentId?: string; readonly limit: number }): Promise<PracticeSession[]>;

  /** Remembers a resolved ticket as a candidate (again: moves it to the front). */
  addCandidate(candidate: PracticeCandidate): Promise<void>;
  /** Newest first. */
  listCandidates(limit: number): Promise<PracticeCandidate[]>;
}

/** Sizes both implementations keep. */
export interface PracticeStoreLimits {
  /** Default 90 days. */
  readonly sessionTtlMs?: number;
  readonly sessionsPerAgent?: number;
  readonly sessionsInAll?: number;
  readonly candidates?: number;
}
