/**
 * When the human team works, in its own time zone: is it open now, when does it open next, and how to
 * tell the customer ("Monday 09:00 (China Standard Time)" / "周一 09:00(中国标准时间)").
 * `Intl` only, no date library. Wall-clock times are resolved per date, so DST switches move the
 * instant, never the opening time printed on the door.
 *
 * Ranges are within one day: a night shift is written as two ranges, `['22:00', '24:00']` on one day
 * and `['00:00', '06:00']` on the next (overnight ranges are refused with that advice).
 */
import { z } from 'zod';
import { ConfigError } from '../infra/errors.js';
import { isTimeZone } from './customer-time-zone.js';

const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A day of the week, as keys of `weekly`. */
export type Weekday = (typeof days)[number];

const time = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be 'HH:MM' from 00:00 to 24:00");
const range = z.tuple([time, time]).refine(([start, end]) => start < end, {
  message: "must end after it starts; overnight ranges are not supported: split ['22:00','02:00'] into ['22:00','24:00'] and ['00:00','02:00'] on the next day",
});
const day = z.array(range).default([]);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be 'YYYY-MM-DD'")
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');

const schema = z
  .object({
    /** An IANA time zone, e.g. 'Asia/Shanghai', 'America/New_York'. */
    timeZone: z.string().refine(isTimeZone, "is not an IANA time zone; use e.g. 'Asia/Shanghai' or 'America/New_York'").default('UTC'),
    /** Opening ranges per day, in the zone's wall-clock time; a missing day is closed. */
    weekly: z
      .object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day })
      .strict()
      .default(() => {
        const office: [string, string][] = [['09:00', '18:00']];
        return { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [], sun: [] };
      }),
    /** Local dates the team is closed all day. */
    holidays: z.array(isoDate).default([]),
  })
  .strict();

/** Validated business hours. */
export type BusinessHours = z.output<typeof schema>;
/** What a bot may pass; every field is optional. */
export type BusinessHoursInput = z.input<typeof schema>;

/** Monday to Friday, 09:00-18:00, UTC. */
export const defaultBusinessHours: BusinessHours = schema.parse({});

/**
 * Validates business hours and fills defaults.
 * @throws ConfigError naming each bad field and the fix.
 * @example parseBusinessHours({ timeZone: 'Asia/Shanghai', weekly: { mon: [['09:00', '12:00'], ['13:30', '18:00']] } })
 */
export function parseBusinessHours(input: unknown = {}): BusinessHours {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'} ${issue.message}`);
  throw new ConfigError(`Invalid business hours:\n- ${problems.join('\n- ')}`);
}

/** True when `at` falls inside an opening range of its local day and that day is no holiday. */
export function isOpen(at: Date, hours: BusinessHours): boolean {
  const local = wallClock(at, hours.timeZone);
  if (hours.holidays.includes(local.date)) return false;
  const minute = local.hour * 60 + local.minute;
  return hours.weekly[days[local.weekday]].some(([start, end]) => minutes(start) <= minute && minute < minutes(end));
}

/**
 * The next instant the team opens: `at` itself when open now; undefined when no opening exists in
 * the coming year (no ranges at all, or every day a holiday).
 */
export function nextOpening(at: Date, hours: BusinessHours): Date | undefined {
  if (isOpen(at, hours)) return at;
  const today = wallClock(at, hours.timeZone);
  const [y, m, d] = today.date.split('-').map(Number);
  for (let offset = 0; offset <= 370; offset++) {
    // Civil-date arithmetic in UTC: adding days here never meets a DST switch.
    const civil = new Date(Date.UTC(y, m - 1, d + offset));
    const date = civil.toISOString().slice(0, 10);
    if (hours.holidays.includes(date)) continue;
    const starts = hours.weekly[days[civil.getUTCDay()]].map(([start]) => minutes(start)).sort((a, b) => a - b);
    for (const start of starts) {
      const instant = zonedInstant(civil, start, hours.timeZone);
      if (instant.getTime() > at.getTime()) return firstOpenMinute(instant, at, hours);
    }
  }
  return undefined;
}

/**
 * An opening inside a DST gap (02:30 on the spring-forward night) resolves after the gap, but the range
 * is already open from the gap's end: step back to the first open minute, never to `at` or before.
 */
function firstOpenMinute(instant: Date, at: Date, hours: BusinessHours): Date {
  let first = instant;
  for (let i = 0; i < 180; i++) {
    const before = new Date(first.getTime() - 60_000);
    if (before.getTime() <= at.getTime() || !isOpen(before, hours)) break;
    first = before;
  }
  return first;
}

/**
 * Customer-facing text for an opening: "Monday 09:00 (Eastern Standard Time)" or
 * "周一 09:00(北美东部标准时间)". Pass `now` to add the date when the opening is a week or more away
 * (a weekday alone would be ambiguous after a long holiday).
 */
export function formatOpening(date: Date, locale: string, timeZone: string, { now }: { now?: Date } = {}): string {
  const zh = locale.toLowerCase().startsWith('zh');
  const lang = zh ? 'zh-CN' : locale;
  const part = (options: Intl.DateTimeFormatOptions, type: Intl.DateTimeFormatPartTypes) =>
    new Intl.DateTimeFormat(lang, { timeZone, ...options }).formatToParts(date).find((p) => p.type === type)?.value ?? '';
  const weekday = part({ weekday: zh ? 'short' : 'long' }, 'weekday');
  const local = wallClock(date, timeZone);
  const clock = `${pad(local.hour)}:${pad(local.minute)}`;
  const zone = part({ timeZoneName: 'long' }, 'timeZoneName');
  const far = now !== undefined && date.getTime() - now.getTime() >= 6 * 86_400_000;
  const day = far ? new Intl.DateTimeFormat(lang, { timeZone, month: 'long', day: 'numeric' }).format(date) : '';
  return zh ? `${day}${weekday} ${clock}(${zone})` : `${weekday}${day ? `, ${day},` : ''} ${clock} (${zone})`;
}

interface WallClock {
  readonly date: string;
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(at: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  return { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), hour: Number(p.hour) % 24, minute: Number(p.minute) };
}

/** Minutes between UTC and the zone's wall clock at `ms` (positive east of Greenwich). */
function offsetMinutes(ms: number, timeZone: string): number {
  const w = wallClock(new Date(ms), timeZone);
  const [y, m, d] = w.date.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d, w.hour, w.minute) - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/**
 * The instant the zone's clock shows `minute` past midnight on `civil`'s date. Like Temporal's
 * 'compatible': a repeated time (DST ends) takes the earlier instant, a skipped one (DST starts)
 * the instant as many minutes after the gap.
 */
function zonedInstant(civil: Date, minute: number, timeZone: string): Date {
  const guess = civil.getTime() + minute * 60_000;
  const before = offsetMinutes(guess - 86_400_000, timeZone);
  const after = offsetMinutes(guess + 86_400_000, timeZone);
  const fits = [before, after]
    .map((offset) => guess - offset * 60_000)
    .filter((ms) => offsetMinutes(ms, timeZone) * 60_000 === guess - ms)
    .sort((a, b) => a - b);
  return new Date(fits[0] ?? guess - before * 60_000);
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
