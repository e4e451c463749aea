/**
 * Tickets of customers who have gone quiet are abandoned (docs/security/abuse-limits.md), so a queue
 * does not fill with requests of people long gone. The rule, chosen so that a customer waiting
 * patiently is never dropped:
 *
 * - only a queued ticket (never one a person holds);
 * - quiet means the customer has written nothing since their last message or the escalation, for
 *   `afterMinutes` of the team's open time: hours when the team is closed (a weekend, a holiday) do
 *   not count, because nobody could have answered then and the customer was told when the team is back;
 * - it is checked only while the team is open, so the customer who is told is told when someone could
 *   have helped, and the card in the desk closes in working hours.
 *
 * "The team" is the one the ticket is routed to: the follow-the-sun team owning its skill, else the
 * top-level business hours (`hoursOf`).
 *
 * The customer is told (when their channel reaches them), the audit stream records `abandoned` with
 * reason `quiet`, and the desks see the ticket close. Every instance may sweep: `abandon` is one atomic
 * step in the store, so two sweeps close a ticket once and record it once.
 */
import type { Logger } from 'pino';
import type { LocalizedText } from '../../dialogs/locale.js';
import { toLocale } from '../../dialogs/locale.js';
import { isOpen, nextOpening, type BusinessHours } from '../business-hours.js';
import type { HandoffStore } from '../store/handoff-store.js';
import type { HandoffEvent, Ticket } from '../types.js';
import type { FactsStore } from './facts-store.js';
import { teamIsOpen } from './queue-notices.js';

/** What the customer is told when their quiet ticket is closed. */
export const QUIET_TICKET_CLOSED: LocalizedText = {
  en: "We haven't heard from you for a while, so we've closed this request. Write to us any time and we'll pick it up again.",
  zh: '我们有一段时间没有收到您的消息，因此已关闭这个请求。您随时可以再给我们留言，我们会继续为您处理。',
};

/** What the sweep needs of the service. */
export interface QuietTicketsHost {
  tellCustomer(conversationId: string, text: string): Promise<boolean>;
  localeOf(ticket: Ticket): Promise<string>;
  record(event: HandoffEvent): Promise<void>;
  /** Publishes the closed ticket to the desks. */
  changed(ticket: Ticket): Promise<unknown>;
}

export interface QuietTicketsOptions {
  readonly service: QuietTicketsHost;
  readonly store: HandoffStore;
  readonly facts: FactsStore;
  /** Open-time minutes of silence after which a queued ticket is abandoned; 0 turns the sweep off. */
  readonly afterMinutes: number;
  /** The business hours of the team owning a skill (undefined: always open). */
  readonly hoursOf: (skill: string) => BusinessHours | undefined;
  readonly now: () => number;
  readonly logger?: Logger | undefined;
}

/** The step by which open time is counted when business hours are set. */
const STEP_MS = 15 * 60_000;

/**
 * Milliseconds the team was open between `from` and `to`, counted in 15-minute steps and stopping at
 * `enough` (so a long silence costs at most `enough / 15 min` steps plus one jump per closed span).
 */
export function openTimeBetween(from: number, to: number, hours: BusinessHours | undefined, enough: number): number {
  if (!hours) return Math.max(0, to - from);
  let open = 0;
  let at = from;
  while (at < to && open < enough) {
    if (isOpen(new Date(at), hours)) {
      open += Math.min(STEP_MS, to - at);
      at += STEP_MS;
    } else {
      const opens = nextOpening(new Date(at), hours)?.getTime();
      if (opens === undefined) break;
      // Land on the opening itself, then count from there.
      at = Math.max(opens, at + 60_000);
    }
  }
  return open;
}

/** Finds queued tickets whose customers went quiet and abandons them. */
export class QuietTickets {
  readonly #o: QuietTicketsOptions;

  constructor(options: QuietTicketsOptions) {
    this.#o = options;
  }

  /** Abandons every quiet queued ticket; resolves how many it closed. */
  async sweep(): Promise<number> {
    const { store, facts, afterMinutes, hoursOf, now } = this.#o;
    const time = now();
    if (afterMinutes <= 0) return 0;
    const limit = afterMinutes * 60_000;
    let closed = 0;
    for (const ticket of await store.queue()) {
      // Cheap first: a ticket younger than the limit cannot be quiet for that long.
      if (time - ticket.queuedAt < limit) continue;
      const businessHours = hoursOf(ticket.skill);
      if (!teamIsOpen(time, businessHours)) continue;
      const lastWord = Math.max(ticket.queuedAt, (await facts.read(ticket.conversationId))?.updatedAt ?? 0);
      if (openTimeBetween(lastWord, time, businessHours, limit) < limit) continue;
      if (await this.#abandon(ticket, time, lastWord)) closed++;
    }
    return closed;
  }

  async #abandon(ticket: Ticket, time: number, lastWord: number): Promise<boolean> {
    const { store, service, logger } = this.#o;
    const result = await store.abandon(ticket.id);
    // Claimed, withdrawn or closed by another instance's sweep meanwhile: nothing to do.
    if (!result.ok) return false;
    await service.record({
      type: 'abandoned',
      ticketId: ticket.id,
      conversationId: ticket.conversationId,
      at: time,
      waitedMs: time - ticket.queuedAt,
      reason: 'quiet',
      quietMs: time - lastWord,
    });
    await service.changed(result.ticket);
    const told = await service.tellCustomer(ticket.conversationId, QUIET_TICKET_CLOSED[toLocale(await service.localeOf(ticket))]);
    logger?.info({ ticketId: ticket.id, told }, 'handoff: abandoned a queued ticket whose customer went quiet');
    return true;
  }
}
