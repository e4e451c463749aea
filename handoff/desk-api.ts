/**
 * The agent API every desk uses (the web console, Slack): what an agent can see and do. Desks translate
 * their platform to these calls; the handoff service implements them over the queue store, the
 * transcript and the channels. Results are discriminated unions: expected refusals carry a `code`,
 * only real failures throw.
 */

import type { TransferTarget } from './store/handoff-store.js';
import type { EscalationReason, Presence, TicketStateName } from './types.js';

// One definition of each, in handoff/types.ts and the store; desks import them from here.
export type { Presence, TicketStateName } from './types.js';
export type { TransferTarget } from './store/handoff-store.js';
export type EscalationReasonName = EscalationReason;

/** A ticket as a queue row shows it. */
export interface TicketSummary {
  readonly id: string;
  readonly conversationId: string;
  readonly state: TicketStateName;
  readonly agentId?: string;
  readonly channel: string;
  readonly customerName: string;
  readonly language: string;
  readonly skill: string;
  /** The routing rule that chose `skill` when the ticket was opened ("crisis to senior"). */
  readonly routedBy?: string;
  readonly reason: EscalationReasonName;
  /** Why, in a sentence, with the numbers (e.g. "emotion -0.82 over 3 turns"). */
  readonly reasonDetail: string;
  readonly priority: number;
  readonly vip: boolean;
  readonly queuedAt: number;
  /** Nobody could take it when it was opened (team closed, nobody on duty): the customer left a message to be answered. */
  readonly callback?: boolean;
  /** Position in its queue (1 = next), while queued. */
  readonly position?: number;
}

/**
 * A photo, voice note, video or document on a transcript line, as a desk shows it: `url` opens it
 * inline (thumbnail, player), `downloadUrl` saves it; both are signed and short-lived
 * (infra/media/signed-urls.ts), so a desk asks for the ticket's details again for fresh ones.
 */
export interface MediaView {
  readonly mediaId: string;
  readonly kind: 'image' | 'audio' | 'video' | 'document';
  /** Sniffed from the bytes. */
  readonly contentType: string;
  readonly size: number;
  /** Sanitized file name, when the sender gave one. */
  readonly name?: string;
  readonly url: string;
  readonly downloadUrl: string;
}

/** One line of the conversation as the agent sees it: PII masked. */
export interface TranscriptLine {
  readonly from: 'customer' | 'bot' | 'agent' | 'note' | 'system';
  readonly text: string;
  readonly at: number;
  readonly agentId?: string;
  /** Files on the message, when it carried any. */
  readonly attachments?: readonly MediaView[];
  /**
   * Translation at the desk boundary (docs/cross-border.md). A customer line's `text` is then in the
   * agent's language and `original` is what the customer wrote, in `originalLanguage`; an agent line's
   * `text` is what the agent wrote and `original` what the customer received, in `originalLanguage`.
   */
  readonly original?: string;
  readonly originalLanguage?: string;
  /** Set when the message went through untranslated because the provider failed. */
  readonly translationNotice?: string;
}

/** Everything an agent needs to take over without asking the customer to repeat. */
export interface TicketDetails extends TicketSummary {
  /** The customer's local time now, formatted, and their time zone when known. */
  readonly customerLocalTime?: string;
  readonly customerTimeZone?: string;
  /** 'reported' by the customer's client, or inferred from their 'phone' number's country or their 'language' tag. */
  readonly customerTimeZoneSource?: 'reported' | 'phone' | 'language';
  /** The customer's market ('zh-TW', 'en-GB') when the bot serves one: ask for canned replies in it. */
  readonly market?: string;
  readonly lastIntent?: string;
  /** Emotion scores of the last turns, oldest first (-1..1). */
  readonly emotionTrend: readonly number[];
  /** Order facts the bot learned (number, status, total...), masked. */
  readonly orderFacts: Readonly<Record<string, string>>;
  readonly transcript: readonly TranscriptLine[];
  /** The bot's suggested answer to the customer's last message, in the customer's language. */
  readonly suggestedAnswer?: string;
  readonly csat?: number;
}

/** A stored file to send (dialogs/media.ts `MediaAttachment`, repeated here so desks need not import the engine). */
export interface MediaAttachmentRef {
  readonly mediaId: string;
  readonly kind: 'image' | 'audio' | 'video' | 'document';
  readonly contentType: string;
  readonly size: number;
  readonly name?: string;
  /** SHA-256 of the bytes (hex), as the media intake gives it: a keyed send is tied to the file's content. */
  readonly sha256?: string;
}

export interface CannedReply {
  /** Short name an agent types or clicks, e.g. 'refund-timeline'. */
  readonly name: string;
  readonly locale: string;
  readonly text: string;
}

/**
 * What the customer's channel did instead of delivering a reply as written. `sent_as_template`: WhatsApp's
 * 24-hour window had closed, so the customer got the approved template asking them to write back, not the
 * agent's text; the agent sends it again once the customer answers.
 */
export interface DeliveryNotice {
  /** `sent_untranslated`: the translation provider failed, so the customer got the reply as written. */
  readonly code: 'sent_as_template' | 'sent_untranslated';
  /** For the agent, in a sentence that says what to do. */
  readonly message: string;
}

/**
 * `notices` is set on a reply the channel delivered otherwise than written (see `DeliveryNotice`).
 * A reply or file sent carries `messageId`, the channel's id of the message when it gave one; `repeated`
 * is set when a send with the key of one already sent answered it again instead of sending (`SendOptions`).
 * `mediaId`, on `sendMedia` only: the stored file the customer got or, after a keyed `delivery_failed`,
 * may have got. It is not always the one given: a keyed retry sends again the file of an earlier attempt
 * that may have reached the customer. A desk keeps its upload only when it is this one (`keepsUpload`).
 */
export type ActionResult =
  | {
      readonly ok: true;
      readonly ticket: TicketSummary;
      readonly notices?: readonly DeliveryNotice[];
      readonly messageId?: string;
      readonly repeated?: true;
      readonly mediaId?: string;
    }
  | { readonly ok: false; readonly code: DeskErrorCode; readonly message: string; readonly mediaId?: string };

/**
 * Whether a desk keeps the file it stored for `sendMedia` (`mediaId`, sent with an idempotency key when
 * `keyed`) after `result`: only when the customer has it or may have it. Any other upload (a refusal, a
 * repeat, a retry that sent an earlier attempt's file) is referenced by nothing and should be deleted.
 * An `AgentDesk` that names no file in its answer (written before `mediaId`) is read as before: a file
 * sent, or a keyed one that failed (it may have been applied), is kept.
 */
export function keepsUpload(result: ActionResult, mediaId: string, keyed: boolean): boolean {
  if (result.mediaId !== undefined) return result.mediaId === mediaId;
  return result.ok ? !result.repeated : keyed && result.code === 'delivery_failed';
}

/** Options of `AgentDesk.reply` and `AgentDesk.sendMedia`. */
export interface SendOptions {
  /**
   * Idempotency key of this message, the same on every attempt at it (the console's `Idempotency-Key`,
   * a Slack message's channel and ts): a send with the key of one the channel took answers as that one
   * did and sends nothing. Scoped to the agent and the ticket by the service, never trusted across them.
   * Desks bound it at their edge (the console: 64 characters of a small charset); the service only hashes it.
   */
  readonly key?: string;
}

/**
 * `delivery_failed`: the customer's channel refused the message; nothing was recorded, so the agent can resend.
 * `in_progress`: another attempt at the same message (same key) is still being sent; ask again in a moment.
 * `key_reused`: the key was used for another message (other words, another file); nothing was sent.
 */
export type DeskErrorCode =
  | 'not_found'
  | 'already_claimed'
  | 'not_queued'
  | 'not_holder'
  | 'agent_unavailable'
  | 'at_capacity'
  | 'empty_queue'
  | 'invalid'
  | 'delivery_failed'
  | 'in_progress'
  | 'key_reused';

/** Live events a desk pushes to its agents (WebSocket, Slack thread). */
export type DeskEvent =
  | { readonly type: 'queue_changed' }
  | { readonly type: 'ticket_updated'; readonly ticket: TicketSummary }
  | { readonly type: 'customer_message'; readonly ticketId: string; readonly line: TranscriptLine }
  | { readonly type: 'agent_message'; readonly ticketId: string; readonly line: TranscriptLine }
  | { readonly type: 'sla_reminder'; readonly ticketId: string; readonly waitedSeconds: number }
  | { readonly type: 'delivery_notice'; readonly ticketId: string; readonly notice: DeliveryNotice };

/**
 * Who caused a desk event: the desk (`'slack'`, `'console'`) and, within it, the actor or instance
 * whose view already shows the change (e.g. `thread@<instance id>`: what an agent wrote in a Slack
 * thread is in that thread). Set by `actingAs` (handoff/service/event-origin.ts); customer and bot
 * events carry none.
 */
export interface EventOrigin {
  readonly desk: string;
  readonly actor?: string;
}

/** A desk event listener; `origin` is set when a desk's action caused the event. */
export type DeskEventListener = (event: DeskEvent, origin?: EventOrigin) => void;

/** Options of the event subscriptions. */
export interface SubscribeOptions {
  /** The subscriber's own origin: events caused by an action run as this origin are not delivered. */
  readonly origin?: EventOrigin;
}

/**
 * The handoff's event API for desks. A desk that writes to an outside system (Slack, a ticketing
 * tool) listens with `subscribeOrigin`; a desk that pushes to its own agents listens with
 * `AgentDesk.subscribe`. Both skip the events of the subscriber's own origin.
 */
export interface DeskEventSource {
  /**
   * Desk events that originated on this instance: its agents' actions, the customer messages it
   * received, the SLA deadlines it took. Each event reaches the origin listeners of exactly one
   * instance, so a desk that writes to an outside system does it once however many instances run.
   * Listeners are called synchronously inside the action, before it resolves; they must not throw
   * (a throw is logged) and should queue their own async work. Returns the unsubscribe function.
   */
  subscribeOrigin(listener: DeskEventListener, options?: SubscribeOptions): () => void;
}

export interface AgentProfile {
  readonly id: string;
  readonly name: string;
  readonly languages: readonly string[];
  readonly skills: readonly string[];
  readonly capacity: number;
  readonly presence: Presence;
  readonly activeTickets: number;
}

/** Options of `AgentDesk.details`. */
export interface DetailsOptions {
  /** Compute `suggestedAnswer`; default true. */
  readonly suggestion?: boolean;
  /**
   * Build only the last `lines` transcript lines (their media links, masking and translation), e.g. a
   * Slack card that shows five; default the full transcript (200 lines). Order facts still read it all.
   */
  readonly lines?: number;
}

/** What a desk can do on behalf of an authenticated agent. */
export interface AgentDesk {
  me(agentId: string): Promise<AgentProfile | undefined>;
  setPresence(agentId: string, presence: Presence): Promise<AgentProfile | undefined>;
  /** Queued tickets the agent may take (their languages and skills), best first, and the agent's own. */
  queue(agentId: string): Promise<{ readonly queued: readonly TicketSummary[]; readonly mine: readonly TicketSummary[] }>;
  /**
   * The ticket as the agent reads it. `suggestion: false` skips the suggested answer (it runs the NLU) for a
   * reader that does not show it, e.g. Slack's card sync.
   */
  details(ticketId: string, agentId: string, options?: DetailsOptions): Promise<TicketDetails | undefined>;
  claim(ticketId: string, agentId: string): Promise<ActionResult>;
  claimNext(agentId: string): Promise<ActionResult>;
  /** Sends `text` to the customer on their channel. Only the holder may. `options.key`: see `SendOptions`. */
  reply(ticketId: string, agentId: string, text: string, options?: SendOptions): Promise<ActionResult>;
  /**
   * Sends a stored file (an agent's upload, already checked against the customer channel's limits by
   * adapters/media-intake.ts) to the customer, `caption` as its text. Only the holder may; `invalid`
   * when the file is not the ticket's conversation's.
   */
  sendMedia(ticketId: string, agentId: string, media: MediaAttachmentRef, caption?: string, options?: SendOptions): Promise<ActionResult>;
  /** An internal note: kept on the transcript, never sent to the customer. */
  note(ticketId: string, agentId: string, text: string): Promise<ActionResult>;
  transfer(ticketId: string, agentId: string, target: TransferTarget): Promise<ActionResult>;
  /** Gives the conversation back to the bot, which resumes with a short note. */
  returnToBot(ticketId: string, agentId: string): Promise<ActionResult>;
  /** Closes the ticket; the customer gets the CSAT question. */
  resolve(ticketId: string, agentId: string): Promise<ActionResult>;
  cannedReplies(locale?: string): Promise<readonly CannedReply[]>;
  /**
   * Live events for this agent, from every instance, but those caused as `options.origin`. Resolves an
   * unsubscribe function.
   */
  subscribe(agentId: string, listener: DeskEventListener, options?: SubscribeOptions): Promise<() => Promise<void>>;
}
