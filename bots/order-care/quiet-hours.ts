/**
 * Quiet hours in the customer's time zone: a notice due at night waits until the morning. Pure
 * functions of the clock, so tests move the clock instead of waiting.
 */
import { customerTimeZone as inferTimeZone, isTimeZone } from '../../handoff/customer-time-zone.js';

/** Local quiet hours, "HH:MM" 24-hour; `start` after `end` spans midnight (21:00 to 08:00). */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Minutes since local midnight at `now` in `timeZone`. */
function localMinutes(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/**
 * When a notice due at `now` may go out: `now` outside quiet hours, else the local end of them (to the
 * minute; a clock change that night moves it by the hour it moved).
 */
export function notBeforeQuietEnd(now: number, timeZone: string, quiet: QuietHours | null): number {
  if (!quiet) return now;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const t = localMinutes(now, timeZone);
  const inside = start <= end ? t >= start && t < end : t >= start || t < end;
  if (!inside) return now;
  const wait = (end - t + 1440) % 1440;
  return Math.floor(now / 60_000) * 60_000 + wait * 60_000;
}

/** True when `timeZone` is an IANA zone this runtime knows (the desks' check, shared). */
export { isTimeZone };

/**
 * The time zone a customer's quiet hours are counted in: the one the conversation reported (the web
 * widget sends the browser's), else the one inferred from the channel (a WhatsApp number's country;
 * handoff/customer-time-zone.ts, the inference the desks show), else the shop's.
 */
export function customerTimeZone(
  subscriber: {
    readonly timeZone?: string;
    readonly locale?: string;
    readonly reference?: { readonly channelId: string; readonly conversation: { readonly id: string } };
  },
  shopTimeZone: string,
): string {
  const inferred = inferTimeZone({
    reportedTimeZone: subscriber.timeZone,
    ...(subscriber.reference ? { channelId: subscriber.reference.channelId, conversationId: subscriber.reference.conversation.id } : {}),
    ...(subscriber.locale ? { locale: subscriber.locale } : {}),
  });
  return inferred?.timeZone ?? shopTimeZone;
}
