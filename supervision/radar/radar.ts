/**
 * The incident radar: counts what customers bring (per intent, per escalation reason, crisis, anger)
 * in minute counters shared by every instance, and on each tick compares the rolling counts with their
 * usual level for that hour (evaluate.ts). A surge raises ONE incident however many instances tick (the
 * store's NX lock), with masked examples and the time first seen, and the instance that raised it sends
 * the alert. The incident stays open while the surge lasts, is not raised again for the same rule and
 * signal until resolved, and records what supervisors did (acknowledge, banner, resolve) and when.
 */
import { randomBytes } from 'node:crypto';
import type { SurgeRule } from '../../infra/radar-settings.js';
import type { StatsStore } from '../../infra/stats-store.js';
import { BannerBoard } from './banner-board.js';
import { evaluate, HOUR_MS, referenceHours } from './evaluate.js';
import { ExampleBuffer } from './example-buffer.js';
import type { HourTotals, RadarStore } from './radar-store.js';
import { type Banner, type Incident, type IncidentAction, type RadarExample, type RadarReading, ruleKeyOf } from './types.js';

/** Where a new incident is announced (Slack); resolves a detail for the incident's record, throws on failure. */
export interface IncidentAlerts {
  raised(incident: Incident): Promise<string>;
}

export interface RadarOptions {
  readonly rules: readonly SurgeRule[];
  /** The radar's own minute counters (infra/stats-store.ts, on Redis when the bot is). */
  readonly counts: StatsStore;
  readonly store: RadarStore;
  readonly alerts?: IncidentAlerts;
  readonly now?: () => number;
  /** An incident no longer surging for this long is resolved by the radar; 0 never. Default 60. */
  readonly autoResolveMinutes?: number;
  /** How often `start` ticks; default 30 s. */
  readonly tickSeconds?: number;
  /** How long a turn may use the banners it read; default 5 s. */
  readonly bannerRefreshMs?: number;
  readonly onError?: (error: unknown, what: string) => void;
}

/** The result of a supervisor's action: the incident or banner, or why not. */
export type RadarResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: 'not_found' | 'already_resolved' };

/** Counted every tick: an hour is history only if the radar was running in it. */
const HEARTBEAT = 'radar:up';
const EXAMPLES_IN_INCIDENT = 5;

export class Radar {
  readonly #o: RadarOptions;
  readonly #now: () => number;
  readonly #examples = new ExampleBuffer();
  readonly #rolledUp = new Set<number>();
  readonly banners: BannerBoard;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;

  constructor(options: RadarOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => Date.now());
    this.banners = new BannerBoard({
      store: options.store,
      now: this.#now,
      ...(options.bannerRefreshMs === undefined ? {} : { refreshMs: options.bannerRefreshMs }),
      onError: (error) => options.onError?.(error, 'banners not read'),
    });
  }

  get rules(): readonly SurgeRule[] {
    return this.#o.rules;
  }

  /** Counts one occurrence of each signal now; `example` (already masked) is kept for them. */
  count(signals: readonly string[], example?: Omit<RadarExample, 'at'>): void {
    if (signals.length === 0) return;
    const at = this.#now();
    this.#o.counts.add(Object.fromEntries(signals.map((signal) => [signal, 1])), at);
    if (example) for (const signal of signals) this.#examples.add(signal, { ...example, at });
  }

  /** Keeps an example for a signal counted elsewhere (an escalation's message). */
  example(signal: string, example: Omit<RadarExample, 'at'>): void {
    this.#examples.add(signal, { ...example, at: this.#now() });
  }

  /** The readings now, for the dashboard: counts against their usual level, rule by rule. */
  async readings(): Promise<RadarReading[]> {
    const now = this.#now();
    const longest = Math.max(1, ...this.#o.rules.map((rule) => rule.windowMinutes));
    const [window, history] = await Promise.all([this.#o.counts.window(longest, now), this.#history(now)]);
    return evaluate(this.#o.rules, window.series, history);
  }

  /**
   * Writes this instance's batched counts now (they wait at most the stats store's flush interval, a
   * quarter second). Tests call it on every instance before a tick, so a tick sees every message.
   */
  flush(): Promise<void> {
    return this.#o.counts.flush();
  }

  /** The newest incidents first. */
  incidents(limit: number): Promise<readonly Incident[]> {
    return this.#o.store.list(limit);
  }

  /** One look: share examples, record the past hours, raise or refresh incidents, resolve quiet ones. */
  tick(): Promise<void> {
    this.#ticking ??= this.#tick().finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  async #tick(): Promise<void> {
    const now = this.#now();
    this.#o.counts.add({ [HEARTBEAT]: 1 }, now);
    const { store } = this.#o;
    for (const [signal, examples] of this.#examples.drain()) await store.addExamples(signal, examples);
    await this.#rollUp(now);
    const readings = await this.readings();
    const open = new Map((await store.openIncidents()).map((incident) => [incident.ruleKey, incident]));
    for (const reading of readings.filter((r) => r.surging)) {
      const ruleKey = ruleKeyOf(reading.ruleId, reading.signal);
      const existing = open.get(ruleKey);
      open.delete(ruleKey);
      if (existing) await store.update(existing.id, { seen: { at: now, count: reading.count } });
      else await this.#raise(reading, now);
    }
    // What is still in `open` is not surging now: resolve it after a quiet spell.
    const quietMs = (this.#o.autoResolveMinutes ?? 60) * 60_000;
    if (quietMs === 0) return;
    for (const incident of open.values()) {
      if (now - incident.lastSeen >= quietMs) {
        await store.update(incident.id, { state: 'resolved', action: { at: now, kind: 'resolved', by: 'radar', detail: 'quiet since the last surge' } });
      }
    }
  }

  async #raise(reading: RadarReading, now: number): Promise<void> {
    const { store, alerts } = this.#o;
    const incident: Incident = {
      id: `inc-${now.toString(36)}-${randomBytes(4).toString('hex')}`,
      ruleId: reading.ruleId,
      signal: reading.signal,
      ruleKey: ruleKeyOf(reading.ruleId, reading.signal),
      state: 'open',
      firstSeen: now,
      lastSeen: now,
      windowMinutes: reading.windowMinutes,
      count: reading.count,
      peak: reading.count,
      usual: reading.usual,
      threshold: reading.threshold,
      examples: await store.examples(reading.signal, EXAMPLES_IN_INCIDENT),
      actions: [{ at: now, kind: 'raised', by: 'radar', detail: `${reading.count} in ${reading.windowMinutes} min, usual ${round(reading.usual)}` }],
    };
    const { created } = await store.raise(incident);
    if (!created || !alerts) return;
    const action: IncidentAction = await alerts.raised(incident).then(
      (detail) => ({ at: this.#now(), kind: 'alerted', by: 'radar', detail }),
      (error: unknown) => {
        this.#o.onError?.(error, 'incident alert not sent');
        return { at: this.#now(), kind: 'alert_failed', by: 'radar', detail: error instanceof Error ? error.message.slice(0, 200) : 'unknown error' };
      },
    );
    await store.update(incident.id, { action });
  }

  /** The reference hours' totals for the hour of `now` (past hours never change, so they are read fresh but cheaply). */
  #history(now: number): Promise<ReadonlyArray<HourTotals | undefined>> {
    return this.#o.store.hours(referenceHours(Math.floor(now / HOUR_MS)));
  }

  /**
   * Stores the totals of each of the last 24 finished hours not stored yet, from the minute counters
   * (kept 25 hours). Any instance may do it; the first write of an hour wins. An hour the radar did not
   * run in (no heartbeat) is no history: it is left out rather than counted as zero.
   */
  async #rollUp(now: number): Promise<void> {
    const current = Math.floor((now - 60_000) / HOUR_MS);
    const wanted = Array.from({ length: 24 }, (_, i) => current - 1 - i).filter((hour) => !this.#rolledUp.has(hour));
    if (wanted.length === 0) return;
    const stored = await this.#o.store.hours(wanted);
    for (const [i, hour] of wanted.entries()) {
      if (stored[i] === undefined) {
        const window = await this.#o.counts.window(60, (hour + 1) * HOUR_MS - 1);
        const totals = Object.fromEntries(Object.entries(window.series).map(([name, values]) => [name, values.reduce((sum, value) => sum + value, 0)]));
        if ((totals[HEARTBEAT] ?? 0) > 0) await this.#o.store.saveHour(hour, totals);
      }
      this.#rolledUp.add(hour);
    }
    for (const hour of this.#rolledUp) if (hour < current - 48) this.#rolledUp.delete(hour);
  }

  async acknowledge(id: string, by: string): Promise<RadarResult<Incident>> {
    return this.#act(id, { state: 'acknowledged', action: { at: this.#now(), kind: 'acknowledged', by } });
  }

  async resolve(id: string, by: string, note?: string): Promise<RadarResult<Incident>> {
    return this.#act(id, { state: 'resolved', action: { at: this.#now(), kind: 'resolved', by, ...(note ? { detail: note } : {}) } });
  }

  async #act(id: string, change: Parameters<RadarStore['update']>[1]): Promise<RadarResult<Incident>> {
    const current = await this.#o.store.read(id);
    if (!current) return { ok: false, code: 'not_found' };
    if (current.state === 'resolved') return { ok: false, code: 'already_resolved' };
    const updated = await this.#o.store.update(id, change);
    return updated ? { ok: true, value: updated } : { ok: false, code: 'not_found' };
  }

  /** Publishes a banner answer for an intent; with `incidentId`, the incident records it. */
  async publishBanner(input: { intent: string; texts: Record<string, string>; by: string; incidentId?: string }): Promise<RadarResult<Banner>> {
    const { store } = this.#o;
    if (input.incidentId && !(await store.read(input.incidentId))) return { ok: false, code: 'not_found' };
    const at = this.#now();
    const banner: Banner = { ...input, at, version: `${at.toString(36)}-${randomBytes(3).toString('hex')}` };
    await store.publishBanner(banner);
    this.banners.invalidate();
    if (input.incidentId) {
      const detail = `${input.intent}: ${Object.keys(input.texts).join(', ')}`;
      await store.update(input.incidentId, { action: { at, kind: 'banner_published', by: input.by, detail } });
    }
    return { ok: true, value: banner };
  }

  /** Withdraws an intent's banner; the incident it answered records it. */
  async withdrawBanner(intent: string, by: string): Promise<RadarResult<Banner>> {
    const banner = await this.#o.store.withdrawBanner(intent);
    this.banners.invalidate();
    if (!banner) return { ok: false, code: 'not_found' };
    if (banner.incidentId) {
      await this.#o.store.update(banner.incidentId, { action: { at: this.#now(), kind: 'banner_withdrawn', by, detail: intent } });
    }
    return { ok: true, value: banner };
  }

  /** Ticks every `tickSeconds` on this instance; a failed tick is reported and the next one runs. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(
      () => {
        this.tick().catch((error: unknown) => this.#o.onError?.(error, 'radar tick failed'));
      },
      (this.#o.tickSeconds ?? 30) * 1000,
    );
    this.#timer.unref();
  }

  /** Stops ticking and waits for a tick under way. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking?.catch(() => undefined);
  }
}

const round = (value: number) => Math.round(value * 10) / 10;
