/**
 * The radar's store in one process (the demo without Redis). Bounded: hours older than the history
 * kept, and incidents beyond `maxIncidents`, are dropped.
 */
import { applyChange, EXAMPLES_KEPT, HISTORY_HOURS, type HourTotals, type RadarStore } from './radar-store.js';
import type { Banner, Incident, RadarExample } from './types.js';

export interface MemoryRadarStoreOptions {
  /** Incidents kept, newest first; default 500. */
  readonly maxIncidents?: number;
}

/** Builds the memory store. */
export function createMemoryRadarStore({ maxIncidents = 500 }: MemoryRadarStoreOptions = {}): RadarStore {
  const hours = new Map<number, HourTotals>();
  const examples = new Map<string, RadarExample[]>();
  const incidents = new Map<string, Incident>();
  const open = new Map<string, string>();
  const banners = new Map<string, Banner>();
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    async saveHour(hour, totals) {
      if (hours.has(hour)) return false;
      hours.set(hour, { ...totals });
      for (const key of hours.keys()) if (key < hour - HISTORY_HOURS) hours.delete(key);
      return true;
    },
    async hours(wanted) {
      return wanted.map((hour) => (hours.has(hour) ? { ...hours.get(hour) } : undefined));
    },
    async addExamples(signal, added) {
      const kept = [...added.map(copy).reverse(), ...(examples.get(signal) ?? [])].slice(0, EXAMPLES_KEPT);
      examples.set(signal, kept);
    },
    async examples(signal, limit) {
      return copy((examples.get(signal) ?? []).slice(0, limit));
    },
    async raise(incident) {
      const existing = open.get(incident.ruleKey);
      if (existing && incidents.has(existing)) return { created: false, incident: copy(incidents.get(existing)!) };
      incidents.set(incident.id, copy(incident));
      open.set(incident.ruleKey, incident.id);
      // The oldest resolved ones go first; open ones stay (the tick still needs them).
      for (const [id, old] of incidents) {
        if (incidents.size <= maxIncidents) break;
        if (old.state === 'resolved') incidents.delete(id);
      }
      return { created: true, incident: copy(incident) };
    },
    async openIncidents() {
      return copy([...open.values()].flatMap((id) => (incidents.has(id) ? [incidents.get(id)!] : [])));
    },
    async openFor(ruleKey) {
      const id = open.get(ruleKey);
      return id && incidents.has(id) ? copy(incidents.get(id)!) : undefined;
    },
    async read(id) {
      return incidents.has(id) ? copy(incidents.get(id)!) : undefined;
    },
    async list(limit) {
      return copy([...incidents.values()].reverse().slice(0, limit));
    },
    async update(id, change) {
      const incident = incidents.get(id);
      if (!incident) return undefined;
      const next = applyChange(incident, change);
      incidents.set(id, next);
      if (next.state === 'resolved' && open.get(next.ruleKey) === id) open.delete(next.ruleKey);
      return copy(next);
    },
    async publishBanner(banner) {
      banners.set(banner.intent, copy(banner));
    },
    async withdrawBanner(intent) {
      const banner = banners.get(intent);
      banners.delete(intent);
      return banner;
    },
    async banners() {
      return copy([...banners.values()]);
    },
  };
}
