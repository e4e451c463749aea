/**
 * The golden 30 seconds, kept by deadlines in the store so any instance fires them, also after a
 * restart. Each open ticket has one `first_reply` deadline (escalation + SLA, or the team's next
 * opening + SLA); when it passes with nobody answering, it is a breach: agents are reminded, a
 * waiting customer hears their new place, the ticket rises in the queue, and a `queue_update`
 * deadline repeats that every `reminderEverySeconds` until someone answers. Both pause while the
 * ticket's team is closed: the hours of the team owning its skill (`teams`), else the top-level ones.
 */
import type { Logger } from 'pino';
import type { Deadline, HandoffStore } from '../store/handoff-store.js';
import type { DeskEvent } from '../desk-api.js';
import type { HandoffEvent, Ticket } from '../types.js';
import { QuietTickets, type QuietTicketsHost, type QuietTicketsOptions } from './quiet-tickets.js';
import { teamIsOpen, teamOpensAt } from './queue-notices.js';
import type { HandoffSettings } from './settings.js';
import { hoursOf } from './teams.js';
import { summarize } from './ticket-views.js';

/** What the timers need of the service (kept narrow so the service and the timers do not tangle). */
export interface SlaHost {
  tellCustomer(conversationId: string, text: string): Promise<boolean>;
  noticeFor(ticket: Ticket, locale: string, kind: 'opened' | 'update'): Promise<string>;
  localeOf(ticket: Ticket): Promise<string>;
  record(event: HandoffEvent): Promise<void>;
  publish(event: DeskEvent): Promise<void>;
}

export interface SlaTimersOptions {
  readonly service: SlaHost;
  readonly store: HandoffStore;
  readonly settings: HandoffSettings;
  readonly now: () => number;
  readonly logger?: Logger;
  /** Abandoning quiet tickets (quiet-tickets.ts), swept at most once a minute after the deadlines. */
  readonly quiet?: Pick<QuietTicketsOptions, 'facts' | 'afterMinutes'> & { readonly changed: QuietTicketsHost['changed'] };
}

/** How often `sweep` runs, at most, on each instance. */
const SWEEP_EVERY_MS = 60_000;

/** How long a taken deadline stays leased to the instance handling it. */
const RETAKE_AFTER_MS = 30_000;

/** Polls the store for due deadlines and acts on them. */
export class SlaTimers {
  readonly #o: SlaTimersOptions;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<number> | undefined;
  #lastSweep = Number.NEGATIVE_INFINITY;
  readonly #quiet: QuietTickets | undefined;

  constructor(options: SlaTimersOptions) {
    this.#o = options;
    const { quiet, service, store, settings, now, logger } = options;
    this.#quiet =
      quiet &&
      new QuietTickets({
        ...quiet,
        service: { ...bound(service), changed: quiet.changed },
        store,
        hoursOf: (skill) => hoursOf(skill, settings.teams, settings.businessHours),
        now,
        logger,
      });
  }

  /** Polls every `everyMs`; a round still running is not overlapped. */
  start(everyMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#round) return;
      this.#round = this.fireDue()
        .catch((error: unknown) => {
          this.#o.logger?.error({ err: error }, 'handoff: SLA round failed; retrying next tick');
          return 0;
        })
        .finally(() => (this.#round = undefined));
    }, everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }

  /**
   * Takes the due deadlines (each goes to one instance only) and handles them. Resolves the count.
   * A taken deadline is first put back `RETAKE_AFTER_MS` ahead, as a lease: if this instance dies while
   * handling it, another fires it then (at least once, never lost); handling ends by replacing it.
   */
  async fireDue(): Promise<number> {
    const { store, now, logger } = this.#o;
    const due = await store.takeDueDeadlines(now(), 50);
    for (const deadline of due) {
      try {
        await store.scheduleDeadline({ ...deadline, at: now() + RETAKE_AFTER_MS });
        await this.#handle(deadline);
      } catch (error) {
        // A failing channel or store: the lease fires it again, so the reminder is not lost.
        logger?.error({ err: error, ...deadline }, 'handoff: SLA deadline failed; it fires again shortly');
      }
    }
    await this.#sweep();
    return due.length;
  }

  async #sweep(): Promise<void> {
    const { now, logger } = this.#o;
    if (!this.#quiet || now() - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = now();
    try {
      await this.#quiet.sweep();
    } catch (error) {
      logger?.error({ err: error }, 'handoff: periodic sweep failed; it runs again in a minute');
    }
  }

  async #handle(deadline: Deadline): Promise<void> {
    const { store, settings, service, now } = this.#o;
    const ticket = await store.getTicket(deadline.ticketId);
    const time = now();
    // One chain of deadlines per ticket: whatever happens below replaces the lease (and any other kind).
    const done = () => store.cancelDeadlines(deadline.ticketId);
    if (!ticket || (ticket.state !== 'queued' && ticket.state !== 'assigned')) return done();
    if (ticket.state === 'assigned') {
      // Claimed but silent: remind the holder; the customer already knows someone is there.
      if (ticket.firstReplyAt === undefined && deadline.kind === 'first_reply') {
        await service.record({
          type: 'sla_breach',
          ticketId: ticket.id,
          conversationId: ticket.conversationId,
          at: time,
          kind: 'first_reply',
          dueAt: deadline.at,
          agentId: ticket.agentId,
        });
        await service.publish({ type: 'sla_reminder', ticketId: ticket.id, waitedSeconds: Math.round((time - ticket.queuedAt) / 1000) });
      }
      return done();
    }
    const hours = hoursOf(ticket.skill, settings.teams, settings.businessHours);
    if (!teamIsOpen(time, hours)) {
      // Overnight (the ticket's team's night) nobody is there to remind, and the customer was told when the team is back.
      const opens = teamOpensAt(time, hours);
      if (opens === undefined) return done();
      return store.scheduleDeadline({ ...deadline, at: opens + settings.sla.firstReplySeconds * 1000 });
    }
    await service.record({ type: 'sla_breach', ticketId: ticket.id, conversationId: ticket.conversationId, at: time, kind: deadline.kind, dueAt: deadline.at });
    const bump = settings.sla.priorityBumpPerReminder;
    const bumped = bump > 0 && ticket.priority + bump <= 900 ? await store.bumpPriority(ticket.id, bump) : undefined;
    const current = bumped?.ok ? bumped.ticket : ticket;
    await service.publish({ type: 'sla_reminder', ticketId: ticket.id, waitedSeconds: Math.round((time - ticket.queuedAt) / 1000) });
    await service.publish({ type: 'ticket_updated', ticket: summarize(current, await store.positionOf(ticket.id)) });
    await service.publish({ type: 'queue_changed' });
    await service.tellCustomer(ticket.conversationId, await service.noticeFor(current, await service.localeOf(current), 'update'));
    await done();
    await store.scheduleDeadline({ ticketId: ticket.id, kind: 'queue_update', at: time + settings.sla.reminderEverySeconds * 1000 });
  }
}

/** The host's methods the quiet-ticket sweep calls, bound to it. */
function bound(service: SlaHost): Omit<QuietTicketsHost, 'changed'> {
  return {
    tellCustomer: (id, text) => service.tellCustomer(id, text),
    localeOf: (ticket) => service.localeOf(ticket),
    record: (event) => service.record(event),
  };
}
