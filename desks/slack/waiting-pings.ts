/**
 * Bounded pings for tickets nobody claims (docs/security/abuse-limits.md). A ticket past its SLA pings
 * the channel with `@here` once in its life; later reminders ping nobody (the card, updated at each
 * reminder, shows the wait), and the channel gets at most one digest of every ticket still waiting per
 * `SLACK_DIGEST_EVERY_MINUTES`. Both are "made once across instances" through the card store's `once`.
 * Without this, each unclaimed ticket pinged the whole channel every minute, forever, and a flood of
 * tickets turned into a flood of `@here`.
 */
import type { TicketDetails, TicketSummary } from '../../handoff/desk-api.js';
import type { SlackCard } from './card-store.js';
import { reasonLabel, transcriptLine } from './card-view.js';
import type { DeskParts } from './desk-context.js';
import { channelFor } from './settings.js';
import { clip, duration, escapeSlack } from './slack-text.js';

/** Default period of the digest, when the settings give none. */
export const DIGEST_EVERY_SECONDS = 600;
/** The digest lists at most this many tickets (Slack messages have a size limit; the queue shows all). */
const DIGEST_MAX_LINES = 20;
/** How long a ticket's one ping is remembered: longer than any ticket waits. */
const PING_MEMORY_SECONDS = 30 * 86_400;

/** Decides, per reminder of a queued ticket, between the one @here, a digest, or silence. */
export class WaitingPings {
  readonly #parts: DeskParts;

  constructor(parts: DeskParts) {
    this.#parts = parts;
  }

  /** A queued ticket's SLA reminder: pings once per ticket, else offers the channel its digest. */
  async remind(card: SlackCard, details: TicketDetails, waitedSeconds: number): Promise<void> {
    const { cards, client } = this.#parts;
    if (await cards.once(`ping:${details.id}`, PING_MEMORY_SECONDS)) {
      const last = details.transcript.filter((line) => line.from === 'customer').at(-1);
      const text = `<!here> :alarm_clock: *${escapeSlack(card.customerName)}* has waited ${duration(waitedSeconds * 1000)} and nobody has claimed the ticket yet.${last ? `\n> ${transcriptLine(last, 200)}` : ''}`;
      // Also sent to the channel, so the ping shows beside the card, not only inside its thread.
      await client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, text, reply_broadcast: true, unfurl_links: false, unfurl_media: false });
      return;
    }
    await this.#digest(card.channel);
  }

  /** One message listing the channel's waiting tickets, made by one instance per period. */
  async #digest(channel: string): Promise<void> {
    const { cards, client, service, settings, now } = this.#parts;
    const period = (settings.digestEverySeconds ?? DIGEST_EVERY_SECONDS) * 1000;
    // The period's number is in the mark, so the injected clock (not Redis's) decides when the next is due.
    if (!(await cards.once(`digest:${channel}:${Math.floor(now() / period)}`, (2 * period) / 1000))) return;
    const waiting = (await service.waitingTickets()).filter((ticket) => channelFor(settings, ticket) === channel);
    if (waiting.length === 0) return;
    const time = now();
    const line = (ticket: TicketSummary, index: number) =>
      `${index + 1}. *${escapeSlack(clip(ticket.customerName, 80))}* · ${reasonLabel(ticket.reason)} · ${escapeSlack(ticket.language)} · ${escapeSlack(ticket.channel)} · waiting ${duration(time - ticket.queuedAt)}`;
    const shown = waiting.slice(0, DIGEST_MAX_LINES).map(line);
    const more = waiting.length > shown.length ? `\n…and ${waiting.length - shown.length} more in the queue.` : '';
    const text = `:hourglass_flowing_sand: *${waiting.length} ${waiting.length === 1 ? 'ticket is' : 'tickets are'} still waiting for someone to claim ${waiting.length === 1 ? 'it' : 'them'}*\n${shown.join('\n')}${more}`;
    await client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
  }
}
