/**
 * What the incident radar keeps, shared by every instance: hourly totals (the "usual" level), recent
 * masked examples per signal, incidents with what was done about them, and banner answers. Memory and
 * Redis implementations sit beside this file; tests/contracts/radar-store.contract.ts runs both.
 *
 * Concurrency rules (tested): `raise` opens at most one unresolved incident per `ruleKey`, however many
 * instances ask at once; `saveHour` keeps the first totals written for an hour; `update` appends actions
 * without losing concurrent ones, resolving frees the `ruleKey` for a new incident, and resolving a
 * resolved incident changes nothing (one `resolved` action however many instances resolve it).
 */
import type { Banner, Incident, IncidentAction, IncidentState, RadarExample } from './types.js';

/** Counter totals of one hour, by signal (`intent:track_order`, `escalated:crisis`, `negative`). */
export type HourTotals = Readonly<Record<string, number>>;

/** A change to an incident; every field is optional. */
export interface IncidentChange {
  readonly state?: IncidentState;
  /** The surge was still there at this time, with `count` in the window. */
  readonly seen?: { readonly at: number; readonly count: number };
  readonly action?: IncidentAction;
}

export interface RadarStore {
  /** Stores an hour's totals unless that hour already has some; true when these were stored. */
  saveHour(hour: number, totals: HourTotals): Promise<boolean>;
  /** The totals of each hour asked (epoch hours), undefined where none were stored. */
  hours(hours: readonly number[]): Promise<ReadonlyArray<HourTotals | undefined>>;

  /** Adds examples for a signal, keeping only the newest few (the store's limit). */
  addExamples(signal: string, examples: readonly RadarExample[]): Promise<void>;
  /** The newest examples of a signal, newest first. */
  examples(signal: string, limit: number): Promise<readonly RadarExample[]>;

  /** Opens `incident` unless one for its `ruleKey` is unresolved; `created` says which came back. */
  raise(incident: Incident): Promise<{ readonly created: boolean; readonly incident: Incident }>;
  /** Every unresolved incident (the tick refreshes or resolves them). */
  openIncidents(): Promise<readonly Incident[]>;
  /** The unresolved incident of a rule key, if any. */
  openFor(ruleKey: string): Promise<Incident | undefined>;
  read(id: string): Promise<Incident | undefined>;
  /** The newest incidents first, at most `limit`. */
  list(limit: number): Promise<readonly Incident[]>;
  /** Applies a change; undefined when no such incident. Resolving frees its rule key. */
  update(id: string, change: IncidentChange): Promise<Incident | undefined>;

  /** Publishes (or replaces) the banner of `banner.intent`. */
  publishBanner(banner: Banner): Promise<void>;
  /** Withdraws an intent's banner; resolves the withdrawn one, or undefined when there was none. */
  withdrawBanner(intent: string): Promise<Banner | undefined>;
  /** Every published banner. */
  banners(): Promise<readonly Banner[]>;
}

/** Hours of history kept: five weeks, enough for "the same hour four weeks ago". */
export const HISTORY_HOURS = 35 * 24;
/** How many examples a signal keeps. */
export const EXAMPLES_KEPT = 10;
/** How many actions an incident records at most (older ones beyond are dropped). */
export const ACTIONS_KEPT = 100;

/** Applies a change to an incident (both stores use it, so they agree). */
export function applyChange(incident: Incident, change: IncidentChange): Incident {
  // Resolved once is enough: every instance's tick may resolve the same quiet incident at once.
  if (change.state === 'resolved' && incident.state === 'resolved') return incident;
  // A resolved incident stays resolved: a late "acknowledge" from another page does not reopen it.
  let next: Incident = change.state && incident.state !== 'resolved' ? { ...incident, state: change.state } : incident;
  if (change.seen) {
    next = { ...next, lastSeen: Math.max(next.lastSeen, change.seen.at), count: change.seen.count, peak: Math.max(next.peak, change.seen.count) };
  }
  if (change.action) next = { ...next, actions: [...next.actions, change.action].slice(-ACTIONS_KEPT) };
  return next;
}
