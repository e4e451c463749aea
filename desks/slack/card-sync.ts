/**
 * Keeps a ticket's Slack card in step with the ticket: posts it when the ticket is queued, updates it
 * in place (chat.update) as it is claimed, transferred, resolved, rated or abandoned, adds a line to
 * its history for each change, and keeps the controls in the thread for whoever holds it.
 *
 * The card is drawn from the ticket as it is now (read from the handoff), not from the event that
 * woke us, so a late or reordered event never shows an old state. Posting is reserved in the card
 * store (one card per ticket across instances); the poster reads the ticket again once the card is
 * stored, so a claim that happened on another instance while it posted still shows.
 */
import type { AgentProfile, TicketDetails } from '../../handoff/desk-api.js';
import type { ShownState, SlackCard } from './card-store.js';
import { ticketCard } from './card-view.js';
import { CARD_READ, DESK_READER, type DeskParts } from './desk-context.js';
import { channelFor } from './settings.js';
import { duration, slackTime } from './slack-text.js';
import { closedControls, controlsMessage } from './thread-views.js';
import { uploadToThread } from './thread-files.js';
import { inlineSlack } from './slack-text.js';

/** Earlier files uploaded under a new card, newest kept. */
const MAX_EARLIER_FILES = 5;

export interface CardSyncOptions {
  readonly parts: DeskParts;
  /** Agents and their skills, for the transfer menu. */
  readonly listAgents: () => Promise<readonly AgentProfile[]>;
}

const shownOf = (details: TicketDetails): ShownState => ({
  state: details.state,
  skill: details.skill,
  ...(details.agentId ? { agentId: details.agentId } : {}),
  ...(details.csat !== undefined ? { csat: details.csat } : {}),
});

const sameShown = (a: ShownState, b: ShownState) => a.state === b.state && a.agentId === b.agentId && a.skill === b.skill && a.csat === b.csat;

/** Posts and updates ticket cards. */
export class CardSync {
  readonly #o: CardSyncOptions;

  constructor(options: CardSyncOptions) {
    this.#o = options;
  }

  /** Brings the ticket's card up to date (posting it first if the ticket is open and has none). */
  async sync(ticketId: string): Promise<void> {
    const { cards, client, service } = this.#o.parts;
    let details = await service.details(ticketId, DESK_READER, CARD_READ);
    if (!details) return;
    let card = await cards.read(ticketId);
    if (!card) {
      // A ticket closed before any card was shown needs none; another instance may be posting it.
      if ((details.state !== 'queued' && details.state !== 'assigned') || !(await cards.reserve(ticketId))) return;
      card = await this.#post(details);
      details = await service.details(ticketId, DESK_READER, CARD_READ);
      if (!details || sameShown(card.shown, shownOf(details))) return;
    }
    const { parts } = this.#o;
    const prev = card.shown;
    const history = [...card.history, ...(await this.#changes(prev, details))];
    const view = ticketCard({ details, holder: await parts.agents.label(details.agentId), history, now: parts.now() });
    await client.chat.update({ channel: card.channel, ts: card.ts, ...view });
    const controlsTs = await this.#syncControls(card, prev, details);
    await cards.write({ ...card, shown: shownOf(details), history, ...(controlsTs ? { controlsTs } : {}) });
  }

  async #post(details: TicketDetails): Promise<SlackCard> {
    const { parts } = this.#o;
    const channel = channelFor(parts.settings, details);
    const view = ticketCard({ details, holder: await parts.agents.label(details.agentId), history: [], now: parts.now() });
    let ts: string | undefined;
    try {
      ts = (await parts.client.chat.postMessage({ channel, ...view, unfurl_links: false, unfurl_media: false })).ts;
      if (!ts) throw new Error('chat.postMessage answered without a ts');
    } catch (error) {
      // Free the reservation so the next event for this ticket tries again.
      await parts.cards.delete(details.id);
      throw error;
    }
    const card: SlackCard = { ticketId: details.id, channel, ts, customerName: details.customerName, shown: shownOf(details), history: [] };
    await parts.cards.write(card);
    await this.#uploadEarlierFiles(card, details);
    return card;
  }

  /**
   * The files the customer sent before the ticket opened (the photo of a damaged item that made the bot
   * pass the conversation on), uploaded once into the new card's thread. Files sent later arrive as
   * customer messages (event-relay.ts), so each file is uploaded once.
   */
  async #uploadEarlierFiles(card: SlackCard, details: TicketDetails): Promise<void> {
    const { media, log } = this.#o.parts;
    if (!media) return;
    const files = details.transcript
      .filter((line) => line.from === 'customer' && line.at <= details.queuedAt)
      .flatMap((line) => line.attachments ?? [])
      .slice(-MAX_EARLIER_FILES);
    if (files.length === 0) return;
    await uploadToThread(this.#o.parts, media, {
      channel: card.channel,
      threadTs: card.ts,
      files,
      comment: `:paperclip: Sent by *${inlineSlack(card.customerName)}* before the ticket opened:`,
    }).catch((error: unknown) => log?.error({ err: error, ticketId: card.ticketId }, 'slack desk: could not upload the files sent before the ticket'));
  }

  /** The history lines for what changed since the card last showed `prev`. */
  async #changes(prev: ShownState, details: TicketDetails): Promise<string[]> {
    const { agents, now } = this.#o.parts;
    const time = now();
    const lines: string[] = [];
    const was = await agents.label(prev.agentId);
    const is = await agents.label(details.agentId);
    if (prev.state === 'queued' && details.agentId && details.state !== 'queued')
      lines.push(`Claimed by ${is} after ${duration(time - details.queuedAt)} of waiting`);
    if (prev.state === 'assigned' && details.state === 'assigned' && prev.agentId !== details.agentId) lines.push(`Transferred from ${was} to ${is}`);
    if (prev.state === 'assigned' && details.state === 'queued') lines.push(`Transferred by ${was} to the ${details.skill} queue`);
    if (prev.state !== 'resolved' && details.state === 'resolved')
      lines.push(`Resolved by ${is}, ${duration(time - details.queuedAt)} after the customer asked`);
    if (prev.state !== 'returned' && details.state === 'returned') lines.push(`Returned to the bot${details.agentId ? ` by ${is}` : ''}`);
    if (prev.state !== 'abandoned' && details.state === 'abandoned') lines.push(`The customer left after waiting ${duration(time - details.queuedAt)}`);
    if (prev.csat === undefined && details.csat !== undefined) lines.push(`The customer rated it ${details.csat}/5`);
    return lines.map((line) => `${slackTime(time)} ${line}`);
  }

  /** Posts or refreshes the controls when the holder changed, and closes them when nobody holds the ticket. */
  async #syncControls(card: SlackCard, prev: ShownState, details: TicketDetails): Promise<string | undefined> {
    const { client, agents, service } = this.#o.parts;
    const held = details.state === 'assigned';
    if (held && (prev.state !== 'assigned' || prev.agentId !== details.agentId)) {
      const everyone = await this.#o.listAgents();
      const choices = {
        skills: [...new Set(everyone.flatMap((agent) => agent.skills))].sort(),
        agents: everyone.filter((agent) => agent.id !== details.agentId).map((agent) => ({ id: agent.id, name: agent.name })),
      };
      const cannedNames = [...new Set((await service.cannedReplies(details.market ?? details.language)).map((reply) => reply.name))];
      const view = controlsMessage({
        ticketId: details.id,
        holder: await agents.label(details.agentId),
        cannedNames,
        choices,
        replyMode: this.#o.parts.settings.replyMode,
      });
      if (card.controlsTs) {
        await client.chat.update({ channel: card.channel, ts: card.controlsTs, ...view });
        return card.controlsTs;
      }
      return (await client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, ...view })).ts;
    }
    if (!held && prev.state === 'assigned' && card.controlsTs) {
      const why = {
        queued: `Transferred to the ${details.skill} queue.`,
        resolved: 'Resolved.',
        returned: 'Returned to the bot.',
        abandoned: 'Closed.',
        assigned: '',
      }[details.state];
      await client.chat.update({ channel: card.channel, ts: card.controlsTs, ...closedControls(why) });
    }
    return card.controlsTs;
  }
}
