/**
 * Turns the desk events this instance caused into Slack posts: ticket changes update the card,
 * customer messages and console agents' messages appear in the ticket's thread, and a ticket past its
 * SLA pings the channel once, then joins a periodic digest (waiting-pings.ts), or pings the holder,
 * when someone claimed it but has not answered.
 *
 * It listens to origin events only (`subscribeOrigin`): every event is caused on exactly one
 * instance, so with any number of instances Slack gets each post once; it subscribes as the desk's
 * thread origin, so replies, notes and files written in a thread are not posted back into it. Work is queued per ticket, so
 * one ticket's posts keep their order while tickets proceed side by side.
 */
import type { DeskEvent, MediaView, TranscriptLine } from '../../handoff/desk-api.js';
import { uploadToThread } from './thread-files.js';
import type { CardSync } from './card-sync.js';
import { DESK_READER, WITHOUT_SUGGESTION, type DeskParts } from './desk-context.js';
import { duration, escapeSlack, inlineSlack, quoteSlack } from './slack-text.js';
import { WaitingPings } from './waiting-pings.js';

/** Relays origin events to Slack until stopped. */
export class EventRelay {
  readonly #parts: DeskParts;
  readonly #cards: CardSync;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #pings: WaitingPings;
  #unsubscribe: (() => void) | undefined;

  constructor(parts: DeskParts, cards: CardSync) {
    this.#parts = parts;
    this.#cards = cards;
    this.#pings = new WaitingPings(parts);
  }

  start(): void {
    // As the thread's origin: what agents wrote in a thread is already there, so it never comes back.
    this.#unsubscribe ??= this.#parts.service.subscribeOrigin((event) => this.#onEvent(event), { origin: this.#parts.threadOrigin });
  }

  /** Stops listening and waits for the posts already queued. */
  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await Promise.all(this.#queues.values());
  }

  /** Resolves once every queued post has been made (or has failed and been logged). */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all(this.#queues.values());
  }

  #onEvent(event: DeskEvent): void {
    if (event.type === 'queue_changed') return;
    const ticketId = event.type === 'ticket_updated' ? event.ticket.id : event.ticketId;
    const tail = (this.#queues.get(ticketId) ?? Promise.resolve())
      .then(() => this.#handle(event))
      .catch((error: unknown) => {
        this.#parts.log?.error({ err: error, type: event.type, ticketId }, 'slack desk: could not bring the event to Slack');
      });
    this.#queues.set(ticketId, tail);
    void tail.then(() => {
      if (this.#queues.get(ticketId) === tail) this.#queues.delete(ticketId);
    });
  }

  async #handle(event: Exclude<DeskEvent, { type: 'queue_changed' }>): Promise<void> {
    if (event.type === 'ticket_updated') return this.#cards.sync(event.ticket.id);
    const card = await this.#parts.cards.read(event.ticketId);
    // No card yet (its post is still on its way): the card shows the latest messages when it lands.
    if (!card) return;
    const message = { channel: card.channel, thread_ts: card.ts, unfurl_links: false, unfurl_media: false };
    const post = (text: string, { broadcast = false } = {}) =>
      broadcast ? this.#parts.client.chat.postMessage({ ...message, text, reply_broadcast: true }) : this.#parts.client.chat.postMessage({ ...message, text });
    const { agents } = this.#parts;
    const files = (event.type === 'customer_message' || event.type === 'agent_message') && event.line.attachments?.length ? event.line.attachments : [];
    switch (event.type) {
      case 'customer_message':
        // Quoted: whatever lines the customer wrote, none of them reads as the desk's own.
        await post(
          event.line.text || files.length === 0
            ? `:speech_balloon: *${inlineSlack(card.customerName)}* wrote:\n${quoteSlack(event.line.text)}${translationNote(event.line)}`
            : `:paperclip: *${inlineSlack(card.customerName)}* sent ${describeFiles(files)}:`,
        );
        await this.#upload(card, files);
        return;
      case 'agent_message': {
        const who = await agents.label(event.line.agentId);
        await post(
          event.line.from === 'note'
            ? `:memo: _Note by ${who}:_ ${escapeSlack(event.line.text)}`
            : files.length > 0
              ? `:headphones: ${who} sent the customer ${describeFiles(files)}${event.line.text ? `: ${escapeSlack(event.line.text)}` : ''}`
              : `:headphones: ${who} to the customer: ${escapeSlack(event.line.text)}${translationNote(event.line)}`,
        );
        await this.#upload(card, files);
        return;
      }
      case 'sla_reminder': {
        const details = await this.#parts.service.details(event.ticketId, DESK_READER, WITHOUT_SUGGESTION);
        const waited = duration(event.waitedSeconds * 1000);
        if (details?.state === 'queued') {
          await this.#pings.remind(card, details, event.waitedSeconds);
        } else if (details?.state === 'assigned') {
          await post(`:alarm_clock: ${await agents.label(details.agentId)}, *${escapeSlack(card.customerName)}* has waited ${waited} for a first reply.`);
        }
        return;
      }
    }
  }

  /** Uploads files into the card's thread; without a media store they stay named in the line above. */
  async #upload(card: { channel: string; ts: string }, files: readonly MediaView[]): Promise<void> {
    const { media } = this.#parts;
    if (files.length === 0 || !media) return;
    await uploadToThread(this.#parts, media, { channel: card.channel, threadTs: card.ts, files });
  }
}

/** "a photo", "2 files": what a line of files holds, for the thread. */
function describeFiles(files: readonly MediaView[]): string {
  if (files.length > 1) return `${files.length} files`;
  return { image: 'a photo', audio: 'a voice note', video: 'a video', document: 'a file' }[files[0]!.kind];
}

/**
 * Under a translated line, the other language's text (the customer's original, or what the customer
 * received): in Slack it sits quoted under the translation, a glance away rather than a click.
 */
function translationNote(line: TranscriptLine): string {
  if (line.translationNotice) return `\n_${escapeSlack(line.translationNotice)}_`;
  if (!line.original) return '';
  const label = line.from === 'agent' ? 'Sent as' : 'Original';
  return `\n_${label}${line.originalLanguage ? ` (${escapeSlack(line.originalLanguage)})` : ''}:_\n${quoteSlack(line.original)}`;
}
