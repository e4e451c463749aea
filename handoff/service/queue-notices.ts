/**
 * What a waiting customer is told: their place, the expected wait from the agents on duty right now,
 * or when the team is back. Pure functions of the queue and the agents, so they are tested alone.
 */
import { formatOpening, isOpen as isOpenAt, nextOpening, type BusinessHours } from '../business-hours.js';
import { handoffMessages } from '../customer-messages.js';
import { speaks } from '../store/transitions.js';
import type { Agent, Ticket } from '../types.js';

/**
 * Expected wait in whole minutes for the ticket at `position` (1 = next), or undefined when no agent
 * who could take it is available. Free seats take the first tickets at once; beyond them, each round
 * of the team's whole capacity costs one average handle time.
 * @example estimateWaitMinutes(ticket, 3, agents, 4) // one free seat, capacity 2: 1 + ceil(2 / 2) * 4 = 5
 */
export function estimateWaitMinutes(
  ticket: Pick<Ticket, 'language' | 'skill'>,
  position: number,
  agents: readonly Agent[],
  averageHandleMinutes: number,
): number | undefined {
  const able = agents.filter((a) => a.presence === 'available' && a.skills.includes(ticket.skill) && speaks(a.languages, ticket.language));
  if (able.length === 0) return undefined;
  const capacity = able.reduce((sum, a) => sum + a.capacity, 0);
  const free = able.reduce((sum, a) => sum + Math.max(0, a.capacity - a.activeTickets), 0);
  if (position <= free) return 1;
  return 1 + Math.ceil((position - free) / Math.max(1, capacity)) * Math.ceil(averageHandleMinutes);
}

/** Whether the team works at `at`; no business hours means always. */
export function teamIsOpen(at: number, hours: BusinessHours | undefined): boolean {
  return hours === undefined || isOpenAt(new Date(at), hours);
}

/** When the team next opens (`at` itself while open), or undefined when never. */
export function teamOpensAt(at: number, hours: BusinessHours | undefined): number | undefined {
  if (hours === undefined) return at;
  return nextOpening(new Date(at), hours)?.getTime();
}

export interface NoticeInput {
  readonly locale: string;
  readonly position: number;
  readonly waitMinutes: number | undefined;
  readonly now: number;
  readonly businessHours?: BusinessHours;
  /** The first notice of a crisis opens with the priority sentence. */
  readonly crisis?: boolean;
  /** The ticket is in the `senior` queue: only then is the customer told "a senior colleague". */
  readonly senior?: boolean;
  /** 'opened': the escalation reply; 'update': a reminder while waiting. */
  readonly kind: 'opened' | 'update';
  /** The customer's IANA time zone when their channel told it: the opening is shown in it. */
  readonly customerTimeZone?: string;
}

/** `zone` when it is a time zone this runtime knows (a client sends it), else undefined. */
function knownZone(zone: string | undefined): string | undefined {
  if (!zone || zone.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

/**
 * Whether nobody can take the ticket now (the team is closed, or no available agent serves its skill
 * in its language): the customer is asked to leave a message and the ticket is a callback.
 */
export function isCallback(ticket: Pick<Ticket, 'language' | 'skill'>, agents: readonly Agent[], at: number, hours: BusinessHours | undefined): boolean {
  return !teamIsOpen(at, hours) || estimateWaitMinutes(ticket, 1, agents, 1) === undefined;
}

/** The customer's notice: closed (with the opening time), or their place and expected wait. */
export function queueNotice({
  locale,
  position,
  waitMinutes,
  now,
  businessHours,
  crisis = false,
  senior = false,
  kind,
  customerTimeZone,
}: NoticeInput): string {
  const messages = handoffMessages(locale);
  if (!teamIsOpen(now, businessHours) && businessHours) {
    const opens = nextOpening(new Date(now), businessHours);
    // In the customer's own time when their channel told it, else in the team's.
    const zone = knownZone(customerTimeZone) ?? businessHours.timeZone;
    // The sentence is English or Chinese (customer-messages.ts): the date inside it is too.
    const opensAt = opens ? formatOpening(opens, locale.startsWith('zh') ? 'zh' : 'en', zone, { now: new Date(now) }) : '';
    return messages.closed({ opensAt });
  }
  // No agent on duty can take it: say so and promise no minute count that nobody can meet.
  const place =
    waitMinutes === undefined
      ? kind === 'update'
        ? messages.stillQueuedNoAgents({ position })
        : messages.queuedNoAgents({ position })
      : kind === 'update'
        ? messages.stillQueued({ position, waitMinutes })
        : messages.queued({ position, waitMinutes });
  if (!crisis) return place;
  const opening = senior ? messages.crisis : messages.crisisPriority;
  return locale.startsWith('zh') ? `${opening}${place}` : `${opening} ${place}`;
}
