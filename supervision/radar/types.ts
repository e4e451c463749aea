/**
 * The incident radar's vocabulary: incidents (a surge one rule saw, with examples and what was done),
 * banner answers, and the readings (a signal's count against its usual level). Plain data, so stores
 * keep them as JSON and the dashboard shows them as they are.
 */

/** One masked customer message that counted towards a signal. */
export interface RadarExample {
  /** Masked (cards, phones, e-mails, addresses) and cut to `EXAMPLE_MAX` characters. */
  readonly text: string;
  readonly locale: string;
  readonly at: number;
}

/** An incident's life: open until someone acknowledges it, resolved by a person or after a quiet spell. */
export type IncidentState = 'open' | 'acknowledged' | 'resolved';

/** Something that happened to an incident, in order. */
export interface IncidentAction {
  readonly at: number;
  readonly kind: 'raised' | 'alerted' | 'alert_failed' | 'acknowledged' | 'banner_published' | 'banner_withdrawn' | 'resolved';
  /** Who: a supervisor's name as they gave it, or 'radar' for what the radar did itself. */
  readonly by: string;
  /** e.g. the banner's intent, the Slack channel, a resolving note. */
  readonly detail?: string;
}

export interface Incident {
  readonly id: string;
  readonly ruleId: string;
  /** The concrete signal, e.g. `intent:track_order` (a `*` rule raises one per signal). */
  readonly signal: string;
  /** `<ruleId>|<signal>`: at most one unresolved incident per key. */
  readonly ruleKey: string;
  readonly state: IncidentState;
  /** When the surge was first seen (the tick that raised it). */
  readonly firstSeen: number;
  /** The last tick that still saw the surge. */
  readonly lastSeen: number;
  readonly windowMinutes: number;
  /** The count in the window at the last tick that saw the surge, and the highest seen. */
  readonly count: number;
  readonly peak: number;
  /** The usual count for such a window at that hour (0 without history), and the threshold it gave. */
  readonly usual: number;
  readonly threshold: number;
  readonly examples: readonly RadarExample[];
  readonly actions: readonly IncidentAction[];
}

/** A supervisor's answer the bot gives first for an intent, in each language, until withdrawn. */
export interface Banner {
  readonly intent: string;
  /** Text per locale ('en', 'zh', ...). */
  readonly texts: Readonly<Record<string, string>>;
  readonly by: string;
  readonly at: number;
  /** Changes on every publish, so a conversation that saw an old text sees the new one once. */
  readonly version: string;
  /** The incident this banner answers, when there is one. */
  readonly incidentId?: string;
}

/** One signal's count in a rule's window against the threshold it must reach. */
export interface RadarReading {
  readonly ruleId: string;
  readonly signal: string;
  readonly windowMinutes: number;
  readonly count: number;
  /** The usual count for such a window at this hour; 0 without enough history. */
  readonly usual: number;
  /** How many hours of history the usual level was taken from. */
  readonly historyHours: number;
  readonly threshold: number;
  readonly surging: boolean;
}

/** Longest example kept, in characters. */
export const EXAMPLE_MAX = 280;

/** `ruleId|signal`: one unresolved incident per key. */
export const ruleKeyOf = (ruleId: string, signal: string) => `${ruleId}|${signal}`;
