/**
 * The handoff service: the one implementation of the agent API (`AgentDesk`) and of the customer side
 * of a handoff. It joins the queue store, the conversation facts, the transcript, the event bus and
 * the customer channels, so that a customer on instance A and an agent on instance B talk as if they
 * were on one machine: everything it knows lives in the stores, and live pushes go through the bus.
 *
 * Rules it keeps:
 * - Every step appends an audit event (escalated, claimed, first_agent_reply, transferred, returned,
 *   resolved, abandoned, csat, sla_breach) and pushes a desk event to every instance.
 * - A message to the customer is sent before anything records it as sent: if the channel refuses
 *   it, the agent gets `delivery_failed` and can send again; nothing claims it arrived.
 * - Text shown to agents is masked (cards, phones, e-mails, addresses).
 */
import type { Activity, TurnContext } from '../../dialogs/turn-kit.js';
import type { Logger } from 'pino';
import type { TranscriptStore } from '../../dialogs/state/transcript-store.js';
import type { EventBus } from '../bus/event-bus.js';
import { handoffMessages } from '../customer-messages.js';
import type {
  ActionResult,
  AgentDesk,
  AgentProfile,
  CannedReply,
  DeliveryNotice,
  DeskErrorCode,
  DeskEvent,
  DeskEventListener,
  DeskEventSource,
  DetailsOptions,
  EventOrigin,
  MediaAttachmentRef,
  Presence,
  SendOptions,
  SubscribeOptions,
  TicketDetails,
  TicketSummary,
  TranscriptLine,
  TransferTarget,
} from '../desk-api.js';
import type { Escalate } from '../policy/index.js';
import { findCrisisPhrase } from '../policy/index.js';
import { maskSensitive, maskStrings, maskText } from '../privacy/index.js';
import type { ClaimCode, ClaimNextCode, HandoffStore, TicketResult } from '../store/handoff-store.js';
import { canServe } from '../store/transitions.js';
import type { HandoffEvent, Ticket } from '../types.js';
import { CustomerReach, type ProactiveChannel } from './customer-reach.js';
import { EMOTION_TREND_LENGTH, type ConversationFacts, type FactsStore, type StoredReference } from './facts-store.js';
import { estimateWaitMinutes, isCallback, queueNotice, teamIsOpen, teamOpensAt } from './queue-notices.js';
import { placeTicket } from './routing.js';
import { cannedFor } from './canned-replies.js';
import { followTheSun, hoursOf } from './teams.js';
import { parseHandoffSettings, type HandoffSettings } from './settings.js';
import { SlaTimers } from './sla.js';
import { customerLocalTime, mediaViews, NOTE_EVENT, summarize, transcriptLines, type AgentMessageData, type MediaUrls } from './ticket-views.js';
import { type MediaAttachment, toActivityAttachment } from '../../dialogs/media.js';
import { withKnownLocale } from '../../dialogs/proactive-locale.js';
import { setDeliveryKey } from '../../dialogs/turn-state.js';
import { createMemoryDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import { ReplyKeys, replyKeyScope, sendFingerprint, type SentReply } from './reply-keys.js';
import { mediaBelongsTo } from '../../infra/media/media-store.js';
import type { Translator } from '../../infra/translator.js';
import { carryAcross, inCustomerLanguage } from './desk-translation.js';
import { currentOrigin, sameOrigin, untagged } from './event-origin.js';
import { agentReadingLanguage, readableLines, throughTranslation, TRANSLATION_EVENT } from './translated-lines.js';

export type { ProactiveChannel };

export interface HandoffServiceOptions {
  readonly store: HandoffStore;
  readonly facts: FactsStore;
  readonly transcript: TranscriptStore;
  readonly bus: EventBus;
  readonly settings?: HandoffSettings;
  readonly cannedReplies?: readonly CannedReply[];
  /** Asks the bot's CSAT question in a proactive turn after a resolve (e.g. the shop bot's `beginCsat`). */
  readonly askCsat?: (context: TurnContext, locale: string) => Promise<void>;
  /** The bot's answer to `text`, offered to the agent as a suggestion. */
  readonly suggestAnswer?: (text: string, locale: string) => Promise<string | undefined>;
  /** Order facts found in what the customer wrote (order number, status, total...). */
  readonly orderFacts?: (customerTexts: readonly string[], locale: string) => Promise<Record<string, string>>;
  /** What the channel did otherwise with an agent's reply in this proactive turn (e.g. WhatsApp's template). */
  readonly deliveryNotices?: (context: TurnContext) => readonly DeliveryNotice[];
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Open-time minutes after which a queued ticket whose customer wrote nothing is abandoned (quiet-tickets.ts); 0 or absent: never. */
  readonly abandonQuietAfterMinutes?: number;
  /** Signs URLs of stored files for desks (transcript lines, live customer messages); without it desks see "[n attachment(s)]". */
  readonly media?: MediaUrls;
  /**
   * Called with each audit event on the instance that caused it (once per step across all instances),
   * after it is stored: the place for metrics. Must not throw.
   */
  readonly onEvent?: (event: HandoffEvent) => void;
  /** Translates between customers and agents who do not share a language (docs/cross-border.md); none by default. */
  readonly translator?: Translator;
  /** The language agents read translations in when the holder is unknown (a queued ticket); default 'en'. */
  readonly agentLanguage?: string;
  /**
   * Where the idempotency keys of agents' replies are claimed and remembered (reply-keys.ts): the engine's
   * dedupe store, so every instance knows them. Default: a memory store of this instance's own.
   */
  readonly replyKeys?: DedupeStore;
}

/** What the escalation middleware hands over when the policy says a person should take over. */
export interface EscalationRequest {
  readonly facts: ConversationFacts;
  readonly customer: { readonly id: string; readonly name?: string };
  readonly decision: Escalate;
  readonly vip?: boolean;
  readonly skill?: string;
}

/** A customer message while a ticket is open: what the customer should be told back, if anything. */
export interface RelayOutcome {
  readonly reply?: string;
  /** The customer left the queue: the bot takes the conversation again. */
  readonly released: boolean;
}

const DESK_TOPIC = 'desk';

/**
 * A desk event on the bus: the event itself, with the origin of the action that caused it in one extra
 * field, so an instance of the previous release (which reads every message as a bare DeskEvent) still
 * gets a desk event during a rolling upgrade.
 */
const ORIGIN_FIELD = 'deskOrigin';

/** The event and its origin from a bus message: tagged, bare (previous release) or `{ event, origin }` (first form of the tag). */
function fromBus(message: unknown): { readonly event: DeskEvent; readonly origin: EventOrigin | undefined } {
  const fields = message as Record<string, unknown>;
  if (!('type' in fields) && 'event' in fields) return { event: fields.event as DeskEvent, origin: fields.origin as EventOrigin | undefined };
  if (!(ORIGIN_FIELD in fields)) return { event: message as DeskEvent, origin: undefined };
  const { [ORIGIN_FIELD]: origin, ...event } = fields;
  return { event: event as unknown as DeskEvent, origin: origin as EventOrigin | undefined };
}

/** A listener and the origin whose events it does not want back. */
interface Subscriber {
  readonly listener: DeskEventListener;
  readonly origin?: EventOrigin;
}
const TRANSCRIPT_LINES = 200;
const refuse = (code: DeskErrorCode, message: string): ActionResult => ({ ok: false, code, message });

const REFUSALS: Readonly<Record<string, string>> = {
  not_found: 'No such ticket; it may have been erased. Refresh the queue.',
  already_claimed: 'Another agent took this ticket a moment ago.',
  not_queued: 'This ticket is no longer waiting (claimed, returned, resolved or abandoned).',
  not_holder: 'Only the agent holding this ticket may do that; claim it first.',
  agent_unavailable: 'You are not available: set your presence to available first (or the target agent is not available).',
  at_capacity: "That would exceed the agent's capacity; resolve or transfer a ticket first.",
  empty_queue: 'Nobody is waiting in your languages and skills.',
  invalid: 'The request is not valid for this ticket.',
  in_progress: 'This message is still being sent from an earlier attempt; wait a moment and send it again to learn how it went.',
  key_reused: 'This Idempotency-Key was already used for another message (other words or another file); nothing was sent. Use a new key for each message.',
};

/** What a keyed send does once the customer's channel took the message (at `at`): records the agent's answer. */
type MarkSent = (reply: SentReply, at: number) => Promise<void>;

/** An agent's message on its way to the customer (`#deliver`). */
interface AgentSend {
  readonly message: Partial<Activity>;
  /** The proactive turn's delivery key (`#once`), when the send has an idempotency key. */
  readonly scope: string | undefined;
  readonly markSent: MarkSent;
  /** What the agent is told when the customer's channel refused the message. */
  readonly refusal: string;
  /** Notices of the service's own, after the channel's (e.g. `sent_untranslated`). */
  readonly notices?: readonly DeliveryNotice[];
  /** The desk's line for the message, stamped with the time it was sent. */
  readonly line: Omit<TranscriptLine, 'at'>;
}

/** The handoff service. Call `start()` once (bus subscription, SLA ticker) and `stop()` on shutdown. */
export class HandoffService implements AgentDesk, DeskEventSource {
  readonly settings: HandoffSettings;
  readonly #o: HandoffServiceOptions;
  readonly #now: () => number;
  readonly #reach: CustomerReach;
  readonly #listeners = new Set<Subscriber>();
  readonly #originListeners = new Set<Subscriber>();
  readonly #sla: SlaTimers;
  readonly #keys: ReplyKeys;
  #unsubscribeBus: (() => Promise<void>) | undefined;

  constructor(options: HandoffServiceOptions) {
    this.#o = options;
    this.settings = options.settings ?? parseHandoffSettings({});
    this.#now = options.now ?? (() => Date.now());
    this.#reach = new CustomerReach({ facts: options.facts, logger: options.logger });
    this.#keys = new ReplyKeys({
      dedupe: options.replyKeys ?? createMemoryDedupeStore({ maxEntries: 10_000 }),
      now: this.#now,
      onError: (error) => options.logger?.warn({ err: error }, 'handoff: could not record an agent reply key'),
    });
    this.#sla = new SlaTimers({
      service: this,
      store: options.store,
      settings: this.settings,
      now: this.#now,
      logger: options.logger,
      quiet: { facts: options.facts, afterMinutes: options.abandonQuietAfterMinutes ?? 0, changed: (ticket) => this.#changed(ticket) },
    });
  }

  /** Lets the service reach customers of `channelId` (the `activity.channelId` of its activities). */
  registerChannel(channelId: string, channel: ProactiveChannel): void {
    this.#reach.register(channelId, channel);
  }

  /**
   * Reaches customers of channel ids nobody registered, when `accepts` their reference: a Bot Framework
   * adapter serves whatever channels Azure relays ('msteams', 'webchat'...), known only as they arrive.
   */
  registerFallbackChannel(channel: ProactiveChannel, accepts: (reference: StoredReference) => boolean = () => true): void {
    this.#reach.registerFallback(channel, accepts);
  }

  /** Subscribes to desk events from every instance and, unless `tickerMs` is 0, starts firing SLA deadlines. */
  async start({ tickerMs = 1000 }: { tickerMs?: number } = {}): Promise<void> {
    this.#unsubscribeBus ??= await this.#o.bus.subscribe(DESK_TOPIC, (message) => {
      // An instance of the previous release publishes the bare event: taken as untagged during a rolling upgrade.
      const { event, origin } = fromBus(message);
      for (const subscriber of this.#listeners) if (!sameOrigin(subscriber.origin, origin)) untagged(() => subscriber.listener(event, origin));
    });
    if (tickerMs > 0) this.#sla.start(tickerMs);
  }

  /** Stops the ticker (waiting for a round in progress) and the bus subscription. */
  async stop(): Promise<void> {
    await this.#sla.stop();
    await this.#unsubscribeBus?.();
    this.#unsubscribeBus = undefined;
  }

  /** Fires the deadlines due now (the ticker calls this; tests call it with a moved clock). */
  fireDueDeadlines(): Promise<number> {
    return this.#sla.fireDue();
  }

  // ---- the customer side ----

  /** The conversation's queued or assigned ticket. */
  openTicketFor(conversationId: string): Promise<Ticket | undefined> {
    return this.#o.store.openTicketFor(conversationId);
  }

  /**
   * Queues the conversation (or finds its open ticket) and returns what to tell the customer at once:
   * their place and the expected wait, or when the team is back.
   */
  async escalate({ facts, customer, decision, vip, skill }: EscalationRequest): Promise<{ ticket: Ticket; created: boolean; notice: string }> {
    const { store } = this.#o;
    await this.#o.facts.write({ ...facts, lastQueueNoticeAt: this.#now() });
    // An open ticket is found, not placed again; a new one is routed, and marked a callback when nobody can take it now.
    const open = await store.openTicketFor(facts.conversationId);
    const language = facts.language ?? facts.locale;
    // Nobody on duty speaks the language: with a translator, every agent can serve it (the fallback).
    const { agents, viaTranslation } = throughTranslation(open ? [] : await store.listAgents(), language, this.#o.translator !== undefined);
    const nobodyOnDuty = (chosen: string) => isCallback({ language, skill: chosen }, agents, this.#now(), this.#hours(chosen));
    const routed: { skill: string; details: { routedBy?: string; callback?: true } } = open
      ? { skill: open.skill, details: {} }
      : placeTicket({ reason: decision.reason, intent: facts.lastIntent, language, vip: vip === true, skill }, this.settings.routing, agents, nobodyOnDuty);
    // Follow the sun: a closed team's ticket goes to the open team that serves the language.
    const sun = open || skill ? undefined : followTheSun({ skill: routed.skill, language, at: this.#now() }, this.settings.teams);
    const placement = sun
      ? {
          skill: sun.skill,
          details: {
            routedBy: routed.details.routedBy ? `${routed.details.routedBy}; ${sun.routedBy}` : sun.routedBy,
            ...(nobodyOnDuty(sun.skill) ? { callback: true as const } : {}),
          },
        }
      : routed;
    // Stored with the ticket and in the audit stream: no sensitive number in either (README, "Privacy").
    const details = maskStrings(
      {
        ...decision.numbers,
        detail: decision.detail,
        ...(decision.matched ? { matched: decision.matched } : {}),
        ...placement.details,
        ...(viaTranslation && !open ? { viaTranslation: true } : {}),
      },
      maskSensitive,
    );
    const { ticket, created } = await store.openTicket({
      conversationId: facts.conversationId,
      channel: facts.reference.channelId,
      customer,
      language,
      skill: placement.skill,
      reason: decision.reason,
      priority: decision.priority,
      vip: vip === true,
      details,
    });
    if (created) {
      const opensAt = teamOpensAt(ticket.queuedAt, this.#hours(ticket.skill)) ?? ticket.queuedAt;
      await store.scheduleDeadline({
        ticketId: ticket.id,
        kind: 'first_reply',
        at: Math.max(opensAt, ticket.queuedAt) + this.settings.sla.firstReplySeconds * 1000,
      });
      await this.record({
        type: 'escalated',
        ticketId: ticket.id,
        conversationId: ticket.conversationId,
        at: ticket.createdAt,
        reason: ticket.reason,
        priority: ticket.priority,
        skill: ticket.skill,
        language: ticket.language,
        details,
      });
      await this.publish({ type: 'ticket_updated', ticket: summarize(ticket, await store.positionOf(ticket.id)) });
      await this.publish({ type: 'queue_changed' });
    }
    return { ticket, created, notice: await this.noticeFor(ticket, facts.locale, 'opened') };
  }

  /** The customer's place and wait (or the team's hours) in `locale`. */
  async noticeFor(ticket: Ticket, locale: string, kind: 'opened' | 'update'): Promise<string> {
    const position = (await this.#o.store.positionOf(ticket.id)) ?? 1;
    const waitMinutes = estimateWaitMinutes(ticket, position, await this.#o.store.listAgents(), this.settings.averageHandleMinutes);
    const businessHours = this.#hours(ticket.skill);
    const customerTimeZone = businessHours ? (await this.#o.facts.read(ticket.conversationId))?.timeZone : undefined;
    return queueNotice({
      locale,
      position,
      waitMinutes,
      now: this.#now(),
      businessHours,
      crisis: kind === 'opened' && ticket.reason === 'crisis',
      senior: ticket.skill === 'senior',
      kind,
      customerTimeZone,
    });
  }

  /**
   * A customer message while `ticket` is open: kept for the agent (the transcript already has it),
   * pushed live to the desks. While queued, a withdrawal ("cancel") leaves the queue, crisis wording
   * raises the priority, and the customer hears their place again at most once a minute.
   */
  async customerMessage(
    ticket: Ticket,
    update: { facts: ConversationFacts; text: string; withdraw: boolean; attachments?: readonly MediaAttachment[] },
  ): Promise<RelayOutcome> {
    const { store } = this.#o;
    const now = this.#now();
    const previous = await this.#o.facts.read(ticket.conversationId);
    let facts: ConversationFacts = {
      ...update.facts,
      lastQueueNoticeAt: previous?.lastQueueNoticeAt,
      crisisRaisedTicketId: previous?.crisisRaisedTicketId,
      emotionTrend: update.facts.emotionTrend.slice(-EMOTION_TREND_LENGTH),
    };
    const messages = handoffMessages(facts.locale);
    const views = mediaViews(update.attachments ?? [], this.#o.media);
    const files = views.length > 0 ? { attachments: views } : {};
    await this.publish({ type: 'customer_message', ticketId: ticket.id, line: { ...(await this.#customerLine(ticket, update.text, now)), ...files } });
    if (ticket.state !== 'queued') {
      await this.#o.facts.write(facts);
      return { released: false };
    }
    if (update.withdraw) {
      const result = await store.abandon(ticket.id);
      if (result.ok) {
        await this.#o.facts.write(facts);
        await this.record({
          type: 'abandoned',
          ticketId: ticket.id,
          conversationId: ticket.conversationId,
          at: now,
          waitedMs: now - ticket.queuedAt,
          reason: 'withdrew',
        });
        await this.#changed(result.ticket);
        return { reply: messages.leftQueue, released: true };
      }
    }
    if (ticket.reason !== 'crisis' && facts.crisisRaisedTicketId !== ticket.id && findCrisisPhrase(update.text)) {
      // Escalating wording while waiting: jump the queue as a crisis would, once (repeating it is no new crisis).
      const bumped = await store.bumpPriority(ticket.id, Math.max(0, Math.min(900, ticket.priority + 40) - ticket.priority));
      facts = { ...facts, crisisRaisedTicketId: ticket.id };
      if (bumped.ok) await this.#changed(bumped.ticket);
    }
    const quiet = facts.lastQueueNoticeAt !== undefined && now - facts.lastQueueNoticeAt < this.settings.queueNoticeEverySeconds * 1000;
    if (quiet) {
      await this.#o.facts.write(facts);
      return { released: false };
    }
    await this.#o.facts.write({ ...facts, lastQueueNoticeAt: now });
    const position = (await store.positionOf(ticket.id)) ?? 1;
    return {
      reply: teamIsOpen(now, this.#hours(ticket.skill)) ? messages.noted({ position }) : await this.noticeFor(ticket, facts.locale, 'opened'),
      released: false,
    };
  }

  /** The customer closed the conversation: a queued ticket is abandoned (a held one stays with its agent). */
  async customerLeft(ticket: Ticket): Promise<void> {
    if (ticket.state !== 'queued') return;
    const result = await this.#o.store.abandon(ticket.id);
    if (!result.ok) return;
    const now = this.#now();
    await this.record({
      type: 'abandoned',
      ticketId: ticket.id,
      conversationId: ticket.conversationId,
      at: now,
      waitedMs: now - ticket.queuedAt,
      reason: 'left',
    });
    await this.#changed(result.ticket);
  }

  /** Stores the customer's CSAT score on the ticket whose resolve asked for it. False when none is pending. */
  async recordCsat(conversationId: string, score: number): Promise<boolean> {
    const facts = await this.#o.facts.read(conversationId);
    if (!facts?.csatTicketId) return false;
    const result = await this.#o.store.setCsat(facts.csatTicketId, score);
    await this.#o.facts.write({ ...facts, csatTicketId: undefined });
    if (!result.ok) return false;
    const agentId = 'agentId' in result.ticket ? result.ticket.agentId : undefined;
    await this.record({ type: 'csat', ticketId: result.ticket.id, conversationId, at: this.#now(), score, ...(agentId ? { agentId } : {}) });
    await this.publish({ type: 'ticket_updated', ticket: summarize(result.ticket) });
    return true;
  }

  /**
   * Erases what the handoff holds about a conversation: its tickets (and the load they held), their
   * audit events, facts, transcript and the idempotency keys of its agent replies. Resolves what there
   * was: the erased ticket ids (desks may keep copies), how many events and reply keys, and whether facts
   * and a transcript existed.
   */
  async erase(conversationId: string): Promise<{ tickets: readonly string[]; events: number; facts: boolean; transcript: boolean; replyKeys: number }> {
    const facts = (await this.#o.facts.read(conversationId)) !== undefined;
    const transcript = (await this.#o.transcript.read(conversationId, 1)).length > 0;
    const erased = await this.#o.store.eraseConversation(conversationId);
    await this.#o.facts.delete(conversationId);
    await this.#o.transcript.delete(conversationId);
    // The marks of keyed agent replies hold the channel's message ids (a wamid encodes the phone number).
    const replyKeys = await this.#keys.erase(conversationId);
    if (erased.tickets.length > 0) await this.publish({ type: 'queue_changed' });
    return { ...erased, facts, transcript, replyKeys };
  }

  // ---- the agent side (AgentDesk) ----

  async me(agentId: string): Promise<AgentProfile | undefined> {
    return this.#o.store.getAgent(agentId);
  }

  async setPresence(agentId: string, presence: Presence): Promise<AgentProfile | undefined> {
    const agent = await this.#o.store.setPresence(agentId, presence);
    if (agent) await this.publish({ type: 'queue_changed' });
    return agent;
  }

  async queue(agentId: string): Promise<{ queued: TicketSummary[]; mine: TicketSummary[] }> {
    const agent = await this.#o.store.getAgent(agentId);
    if (!agent) return { queued: [], mine: [] };
    const perSkill = new Map<string, number>();
    const queued: TicketSummary[] = [];
    for (const ticket of await this.#o.store.queue()) {
      const position = (perSkill.get(ticket.skill) ?? 0) + 1;
      perSkill.set(ticket.skill, position);
      if (canServe(agent, ticket, this.#o.translator !== undefined)) queued.push(summarize(ticket, position));
    }
    const mine = (await this.#o.store.ticketsOf(agentId)).map((t) => summarize(t));
    return { queued, mine };
  }

  /** Every queued ticket with its place in its skill's queue, most urgent first (the Slack digest). */
  async waitingTickets(): Promise<TicketSummary[]> {
    const perSkill = new Map<string, number>();
    return (await this.#o.store.queue()).map((t) => summarize(t, perSkill.set(t.skill, (perSkill.get(t.skill) ?? 0) + 1).get(t.skill)));
  }

  /** Any signed-in agent may read any ticket (supervisors look over shoulders); actions need the holder. */
  async details(
    ticketId: string,
    agentId?: string,
    { suggestion = true, lines: shown = TRANSCRIPT_LINES }: DetailsOptions = {},
  ): Promise<TicketDetails | undefined> {
    const ticket = await this.#o.store.getTicket(ticketId);
    if (!ticket) return undefined;
    const [facts, activities, position] = await Promise.all([
      this.#o.facts.read(ticket.conversationId),
      this.#o.transcript.read(ticket.conversationId, TRANSCRIPT_LINES * 2),
      this.#o.store.positionOf(ticketId),
    ]);
    const reader = this.#o.translator && agentId ? agentReadingLanguage(await this.#o.store.getAgent(agentId), this.#o.agentLanguage) : undefined;
    // Lines are built (links signed, text masked, translated) from the newest activities only.
    const count = Math.min(Math.max(1, shown), TRANSCRIPT_LINES);
    const lines = transcriptLines(activities.slice(-count * 2), this.#o.media).slice(-count);
    const transcript = reader ? await readableLines(this.#o.translator, lines, facts?.language ?? ticket.language, reader) : lines;
    // Unmasked, so order numbers are found; only the facts found (masked) reach the agent.
    const rawCustomerTexts = activities.filter((a) => a.type === 'message' && a.from?.role === 'user').map((a) => a.text ?? '');
    const locale = facts?.locale ?? ticket.language;
    const lastCustomerText = rawCustomerTexts.at(-1);
    const [orderFacts, suggestedAnswer] = await Promise.all([
      this.#o.orderFacts?.(rawCustomerTexts, locale).catch(() => ({})) ?? {},
      lastCustomerText && suggestion ? this.#o.suggestAnswer?.(lastCustomerText, locale).catch(() => undefined) : undefined,
    ]);
    const localTime = customerLocalTime(this.#now(), facts?.timeZone, locale);
    return {
      ...summarize(ticket, position),
      ...(localTime
        ? {
            customerLocalTime: localTime,
            customerTimeZone: facts?.timeZone,
            ...(facts?.timeZoneSource ? { customerTimeZoneSource: facts.timeZoneSource } : {}),
          }
        : {}),
      ...(facts?.lastIntent ? { lastIntent: facts.lastIntent } : {}),
      ...(facts?.market ? { market: facts.market } : {}),
      emotionTrend: facts?.emotionTrend ?? [],
      orderFacts: Object.fromEntries(Object.entries(orderFacts).map(([k, v]) => [k, maskText(String(v))])),
      transcript,
      ...(suggestedAnswer ? { suggestedAnswer } : {}),
      ...(ticket.state === 'resolved' && ticket.csat !== undefined ? { csat: ticket.csat } : {}),
    };
  }

  async claim(ticketId: string, agentId: string): Promise<ActionResult> {
    const audit = this.#claimAudit(agentId);
    return this.#afterClaim(await this.#o.store.claim(ticketId, agentId, audit), agentId, audit);
  }

  async claimNext(agentId: string): Promise<ActionResult> {
    const audit = this.#claimAudit(agentId);
    return this.#afterClaim(await this.#o.store.claimNext(agentId, { throughTranslation: this.#o.translator !== undefined, ...audit }), agentId, audit);
  }

  async reply(ticketId: string, agentId: string, text: string, { key }: SendOptions = {}): Promise<ActionResult> {
    const what = sendFingerprint(['reply', text]);
    return this.#once(ticketId, agentId, key, { what }, (scope, markSent) => this.#reply(ticketId, agentId, text, scope, markSent));
  }

  async #reply(ticketId: string, agentId: string, text: string, scope: string | undefined, markSent: MarkSent): Promise<ActionResult> {
    const held = await this.#held(ticketId, agentId);
    if (!held.ok) return held.refusal;
    const { ticket, agentName } = held;
    const facts = await this.#o.facts.read(ticket.conversationId);
    const customerLanguage = facts?.language ?? ticket.language;
    const agent = await this.#o.store.getAgent(agentId);
    const carried = await carryAcross(this.#o.translator, text, { from: agentReadingLanguage(agent, this.#o.agentLanguage), to: customerLanguage });
    // Both texts stay in the transcript: the customer's copy is the message, the agent's words ride along.
    const channelData: AgentMessageData = {
      baton: { agentId, agentName, ...(carried.translated ? { original: text, originalLanguage: carried.from } : {}) },
    };
    return this.#deliver(ticket, agentId, {
      message: { type: 'message', text: carried.translated ? carried.text : text, channelData },
      scope,
      markSent,
      refusal: "The customer's channel did not accept the message; nothing was sent. Try again in a moment.",
      ...('failed' in carried ? { notices: [{ code: 'sent_untranslated', message: `${carried.notice} The customer received your words as written.` }] } : {}),
      line: {
        from: 'agent',
        text: maskText(text),
        agentId,
        ...(carried.translated ? { original: maskText(carried.text), originalLanguage: customerLanguage } : {}),
        ...('failed' in carried ? { translationNotice: carried.notice } : {}),
      },
    });
  }

  async sendMedia(ticketId: string, agentId: string, media: MediaAttachmentRef, caption = '', { key }: SendOptions = {}): Promise<ActionResult> {
    // Not the media id (a retry from the console uploads the file again, under a new id) but the content's digest:
    // another file of the same name and size under the same key is refused, not answered as the first.
    const described = ['file', media.kind, media.contentType, media.size, media.name ?? '', caption];
    const what = sendFingerprint([...described, media.sha256 ?? '']);
    // The previous release recorded a file without its digest: a retry of one it sent (a day at most) is a repeat, not another file.
    return this.#once(ticketId, agentId, key, { what, before: sendFingerprint(described) }, (scope, markSent, maybeSent) =>
      this.#sendMedia(ticketId, agentId, media, caption, { scope, markSent, maybeSent }),
    );
  }

  async #sendMedia(
    ticketId: string,
    agentId: string,
    media: MediaAttachmentRef,
    caption: string,
    { scope, markSent, maybeSent }: { scope: string | undefined; markSent: MarkSent; maybeSent: () => Promise<string | undefined> },
  ): Promise<ActionResult> {
    const held = await this.#held(ticketId, agentId);
    if (!held.ok) return held.refusal;
    const { ticket, agentName } = held;
    if (!mediaBelongsTo(media.mediaId, ticket.conversationId))
      return refuse('invalid', "That file was not uploaded to this ticket's conversation; upload it again here.");
    // An earlier attempt at this file (same key, same content) may have reached the customer: the same stored
    // file again, so a keyed write found on the web channel and this send point at one file, not two copies.
    const earlier = scope === undefined ? undefined : await maybeSent();
    const file = earlier !== undefined && mediaBelongsTo(earlier, ticket.conversationId) ? { ...media, mediaId: earlier } : media;
    const views = mediaViews([file], this.#o.media);
    const result = await this.#deliver(ticket, agentId, {
      message: { type: 'message', text: caption, attachments: [toActivityAttachment(file)], channelData: { baton: { agentId, agentName } } },
      scope,
      markSent,
      refusal: "The customer's channel did not accept the file; nothing was sent. Try again in a moment.",
      line: { from: 'agent', text: maskText(caption), agentId, ...(views.length > 0 ? { attachments: views } : {}) },
    });
    // Refused without a key, the file reached no one; keyed, the write may have been applied all the same.
    return result.ok || scope !== undefined ? { ...result, mediaId: file.mediaId } : result;
  }

  /**
   * Sends an agent's message to the customer in a proactive turn, then does what follows a send the
   * channel took, in this order: records the key's answer (`markSent`), pushes the desk line and the
   * notices, marks the ticket's first reply. A channel that refused it answers `delivery_failed` with
   * `refusal` and records nothing.
   */
  async #deliver(ticket: Ticket, agentId: string, send: AgentSend): Promise<ActionResult> {
    let notices: readonly DeliveryNotice[] = [];
    let messageId: string | undefined;
    const sent = await this.#reach.run(ticket.conversationId, async (context) => {
      if (send.scope) setDeliveryKey(context, send.scope);
      messageId = (await context.sendActivity(send.message))?.id || undefined;
      notices = this.#o.deliveryNotices?.(context) ?? [];
    });
    if (!sent) return refuse('delivery_failed', send.refusal);
    notices = [...notices, ...(send.notices ?? [])];
    const now = this.#now();
    await send.markSent({ ...(messageId ? { messageId } : {}), ...(notices.length > 0 ? { notices } : {}) }, now);
    await this.publish({ type: 'agent_message', ticketId: ticket.id, line: { ...send.line, at: now } });
    for (const notice of notices) await this.publish({ type: 'delivery_notice', ticketId: ticket.id, notice });
    await this.#markFirstReply(ticket, agentId, now);
    return {
      ok: true,
      ticket: summarize((await this.#o.store.getTicket(ticket.id)) ?? ticket),
      ...(notices.length > 0 ? { notices } : {}),
      ...(messageId ? { messageId } : {}),
    };
  }

  /**
   * Runs a send at most once per key (reply-keys.ts): without a key, `send` runs as it is. With one, a
   * repeat of a send the channel took answers as it did (`repeated`), with the ticket as it is now;
   * the same key with another fingerprint (`what`: other words, another file) is refused `key_reused`
   * (`before`: how the previous release fingerprinted the same message, which its records carry);
   * `send` gets the proactive turn's delivery key (the key's scope and the fingerprint, so a keyed
   * append on the web channel only finds the same message) and calls `markSent` once the channel took
   * the message; a send that never did drops the claim, so the agent's retry sends. A `delivery_failed`
   * naming a `mediaId` (a keyed file, whose write may have been applied) leaves it for the retry, which
   * reads it with `maybeSent` and sends that file again.
   *
   * A repeat is answered from the record without the holder check: the agent sent it while holding the
   * ticket, so it stays "sent" after a transfer or a resolve, and sends nothing either way.
   */
  async #once(
    ticketId: string,
    agentId: string,
    key: string | undefined,
    { what: fingerprint, before }: { readonly what: string; readonly before?: string },
    send: (deliveryKey: string | undefined, markSent: MarkSent, maybeSent: () => Promise<string | undefined>) => Promise<ActionResult>,
  ): Promise<ActionResult> {
    if (key === undefined)
      return send(
        undefined,
        async () => {},
        async () => undefined,
      );
    const ticket = await this.#o.store.getTicket(ticketId);
    if (!ticket) return refuse('not_found', REFUSALS.not_found!);
    const scope = replyKeyScope(ticket.conversationId, agentId, ticketId, key);
    const taken = await this.#keys.take(scope, fingerprint, before);
    if (taken.kind === 'busy') return refuse('in_progress', REFUSALS.in_progress!);
    if (taken.kind === 'reused') return refuse('key_reused', REFUSALS.key_reused!);
    if (taken.kind === 'sent') {
      // Its sender may have died between the key's record and the first-reply mark: the customer was answered,
      // so the mark is made here (at most once: markFirstReply is true only the first time).
      await this.#markFirstReply(ticket, agentId, taken.sentAt ?? this.#now());
      const now = (await this.#o.store.getTicket(ticketId)) ?? ticket;
      const position = now.state === 'queued' ? await this.#o.store.positionOf(now.id) : undefined;
      return { ok: true, ticket: summarize(now, position), ...taken.reply, repeated: true };
    }
    let marked = false;
    let maybeSent: string | undefined;
    try {
      const result = await send(
        `${scope}.${fingerprint}`,
        async (reply, at) => {
          marked = true;
          await taken.hold.sent(reply, at);
        },
        () => taken.hold.maybeSent(),
      );
      // A file the channel refused may have reached the customer all the same: its retry sends that one again.
      if (!result.ok && result.code === 'delivery_failed') maybeSent = result.mediaId;
      return result;
    } finally {
      if (!marked) await taken.hold.failed(maybeSent);
    }
  }

  /** Marks `agentId`'s reply at `at` as the ticket's first, and records it, unless one was marked already. */
  async #markFirstReply(ticket: Ticket, agentId: string, at: number): Promise<void> {
    if (!(await this.#o.store.markFirstReply(ticket.id, at))) return;
    await this.record({ type: 'first_agent_reply', ticketId: ticket.id, conversationId: ticket.conversationId, at, agentId, responseMs: at - ticket.queuedAt });
  }

  async note(ticketId: string, agentId: string, text: string): Promise<ActionResult> {
    const held = await this.#held(ticketId, agentId);
    if (!held.ok) return held.refusal;
    const at = this.#now();
    // A partial activity: the transcript keeps what it is given, and notes never go to a channel.
    const note: Partial<Activity> = {
      type: 'event',
      name: NOTE_EVENT,
      text,
      timestamp: new Date(at),
      from: { id: agentId, name: held.agentName, role: 'agent' },
      conversation: { id: held.ticket.conversationId } as Activity['conversation'],
    };
    await this.#o.transcript.logActivity(note as Activity);
    await this.publish({ type: 'agent_message', ticketId, line: { from: 'note', text: maskText(text), at, agentId } });
    return { ok: true, ticket: summarize(held.ticket) };
  }

  async transfer(ticketId: string, agentId: string, target: TransferTarget): Promise<ActionResult> {
    const held = await this.#held(ticketId, agentId);
    if (!held.ok) return held.refusal;
    const result = await this.#o.store.transfer(ticketId, target);
    if (!result.ok) return refuse(result.code, REFUSALS[result.code] ?? result.code);
    const { ticket } = result;
    await this.record({
      type: 'transferred',
      ticketId,
      conversationId: ticket.conversationId,
      at: this.#now(),
      fromAgentId: agentId,
      ...('toAgentId' in target ? { toAgentId: target.toAgentId } : { toSkill: target.toSkill }),
    });
    if (ticket.state === 'queued')
      await this.#o.store.scheduleDeadline({ ticketId, kind: 'first_reply', at: this.#now() + this.settings.sla.firstReplySeconds * 1000 });
    await this.tellCustomer(ticket.conversationId, handoffMessages(ticket.language).transferred);
    return this.#changed(ticket);
  }

  async returnToBot(ticketId: string, agentId: string): Promise<ActionResult> {
    const held = await this.#held(ticketId, agentId);
    if (!held.ok) return held.refusal;
    const result = await this.#o.store.returnToBot(ticketId);
    if (!result.ok) return refuse(result.code, REFUSALS[result.code] ?? result.code);
    await this.record({ type: 'returned', ticketId, conversationId: result.ticket.conversationId, at: this.#now(), agentId });
    await this.tellCustomer(result.ticket.conversationId, handoffMessages(await this.localeOf(result.ticket)).returnedToBot);
    return this.#changed(result.ticket);
  }

  async resolve(ticketId: string, agentId: string): Promise<ActionResult> {
    const result = await this.#o.store.resolve(ticketId, agentId);
    if (!result.ok) return refuse(result.code, REFUSALS[result.code] ?? result.code);
    const { ticket } = result;
    const now = this.#now();
    await this.record({
      type: 'resolved',
      ticketId,
      conversationId: ticket.conversationId,
      at: now,
      agentId,
      handleMs: now - ticket.queuedAt,
      transfers: ticket.transfers.length,
    });
    const facts = await this.#o.facts.read(ticket.conversationId);
    if (facts) await this.#o.facts.write({ ...facts, csatTicketId: ticketId });
    const locale = facts?.locale ?? ticket.language;
    await this.#reach.run(ticket.conversationId, async (context) => {
      await context.sendActivity(handoffMessages(locale).resolved);
      await this.#o.askCsat?.(context, locale);
    });
    return this.#changed(ticket);
  }

  async cannedReplies(locale?: string): Promise<readonly CannedReply[]> {
    const all = this.#o.cannedReplies ?? [];
    return locale ? cannedFor(all, locale) : all;
  }

  async subscribe(_agentId: string, listener: DeskEventListener, { origin }: SubscribeOptions = {}): Promise<() => Promise<void>> {
    // Every agent sees every event: the console filters by the ticket on screen, and the queue is shared.
    const subscriber = { listener, ...(origin ? { origin } : {}) };
    this.#listeners.add(subscriber);
    return async () => void this.#listeners.delete(subscriber);
  }

  /** See `DeskEventSource.subscribeOrigin` (desk-api.ts): this instance's events, one instance each. */
  subscribeOrigin(listener: DeskEventListener, { origin }: SubscribeOptions = {}): () => void {
    const subscriber = { listener, ...(origin ? { origin } : {}) };
    this.#originListeners.add(subscriber);
    return () => void this.#originListeners.delete(subscriber);
  }

  // ---- plumbing, shared with the SLA timers ----

  /** The conversation's language: the facts' (latest turn), else the ticket's. */
  async localeOf(ticket: Ticket): Promise<string> {
    return (await this.#o.facts.read(ticket.conversationId))?.locale ?? ticket.language;
  }

  /** The business hours of the team owning `skill` (follow-the-sun teams), else the top-level ones. */
  #hours(skill: string) {
    return hoursOf(skill, this.settings.teams, this.settings.businessHours);
  }

  /**
   * The 'claimed' audit event, built when the store decides and appended by the store with the claim
   * itself (one step instead of a second write); `written` is the one built last, the one that went in.
   */
  #claimAudit(agentId: string): { audit: (claimed: Ticket) => HandoffEvent; written?: HandoffEvent } {
    const claimAudit: { audit: (claimed: Ticket) => HandoffEvent; written?: HandoffEvent } = {
      audit: (claimed) => {
        const now = this.#now();
        claimAudit.written = {
          type: 'claimed',
          ticketId: claimed.id,
          conversationId: claimed.conversationId,
          at: now,
          agentId,
          waitedMs: now - claimed.queuedAt,
        };
        return claimAudit.written;
      },
    };
    return claimAudit;
  }

  async #afterClaim(result: TicketResult<ClaimCode | ClaimNextCode>, agentId: string, claimAudit: { written?: HandoffEvent }): Promise<ActionResult> {
    if (!result.ok) return refuse(result.code, REFUSALS[result.code] ?? result.code);
    const { ticket } = result;
    if (claimAudit.written) this.#observe(claimAudit.written);
    // The two reads are independent: sent together, they share one round trip to Redis (ioredis pipelines
    // what is sent in one tick), and the facts read serves the greeting's locale, its translation and the
    // proactive turn, where each read them again before.
    const [agent, facts] = await Promise.all([this.#o.store.getAgent(agentId), this.#o.facts.read(ticket.conversationId)]);
    const joined = handoffMessages(facts?.locale ?? ticket.language).agentJoined({ agentName: agent?.name ?? agentId });
    // The desk pushes start once the customer's channel has the message, while its transcript line is being
    // written (on a single Redis node queued before them, so a desk reacting reads the line; on a Cluster the
    // bus may publish through another node): no round trip waits for the line's reply. A turn that never sent
    // still pushes, after it.
    let changed: Promise<ActionResult> | undefined;
    const pushChange = () => {
      changed ??= this.#changed(ticket);
      return changed;
    };
    await this.#tell(ticket.conversationId, joined, facts, () => void pushChange().catch(() => undefined));
    return pushChange();
  }

  async #held(ticketId: string, agentId: string): Promise<{ ok: true; ticket: Ticket; agentName: string } | { ok: false; refusal: ActionResult }> {
    const ticket = await this.#o.store.getTicket(ticketId);
    if (!ticket) return { ok: false, refusal: refuse('not_found', REFUSALS.not_found!) };
    if (ticket.state !== 'assigned' || ticket.agentId !== agentId) return { ok: false, refusal: refuse('not_holder', REFUSALS.not_holder!) };
    const agent = await this.#o.store.getAgent(agentId);
    return { ok: true, ticket, agentName: agent?.name ?? agentId };
  }

  async #changed(ticket: Ticket): Promise<ActionResult> {
    // Only a queued ticket has a place (positionOf answers undefined for any other): no read for the others.
    const summary = summarize(ticket, ticket.state === 'queued' ? await this.#o.store.positionOf(ticket.id) : undefined);
    // Both pushes leave in one tick, in this order (one Redis connection keeps the order): one round trip.
    await Promise.all([this.publish({ type: 'ticket_updated', ticket: summary }), this.publish({ type: 'queue_changed' })]);
    return { ok: true, ticket: summary };
  }

  /**
   * Sends a message to the customer; false when the channel refused it (logged). A customer who writes
   * in a language the bot does not answer in gets the bot's notices translated when a translator is set.
   */
  async tellCustomer(conversationId: string, activity: string | { type: 'message'; text: string; channelData?: unknown }): Promise<boolean> {
    return this.#tell(conversationId, activity, await this.#o.facts.read(conversationId));
  }

  /**
   * `tellCustomer` with the conversation's facts already read (they give the language and the channel);
   * `afterSend` runs once the channel took the message, while the turn writes its transcript line.
   */
  async #tell(
    conversationId: string,
    activity: string | { type: 'message'; text: string; channelData?: unknown },
    facts: ConversationFacts | undefined,
    afterSend?: () => void,
  ): Promise<boolean> {
    const language = this.#o.translator ? facts?.language : undefined;
    const text = typeof activity === 'string' ? activity : activity.text;
    const shown = language ? await inCustomerLanguage(this.#o.translator, text, language) : text;
    // The text is written already: the turn takes the facts' locale rather than reading the conversation state.
    return withKnownLocale(facts?.locale, () =>
      this.#reach.run(
        conversationId,
        async (context) => {
          await context.sendActivity(typeof activity === 'string' ? shown : { ...activity, text: shown });
          afterSend?.();
        },
        facts,
      ),
    );
  }

  /**
   * The customer's message as the desks show it: translated into the reading language of the agent
   * holding the ticket (or `agentLanguage` while queued), the original kept beside it and in the
   * transcript (a `baton.translation` event); untranslated with a notice when the provider fails.
   */
  async #customerLine(ticket: Ticket, text: string, at: number): Promise<TranscriptLine> {
    const masked = maskText(text);
    // A file without a caption has nothing to translate.
    if (!this.#o.translator || !masked.trim()) return { from: 'customer', text: masked, at };
    const holder = ticket.state === 'assigned' ? await this.#o.store.getAgent(ticket.agentId) : undefined;
    const to = agentReadingLanguage(holder, this.#o.agentLanguage);
    const carried = await carryAcross(this.#o.translator, masked, { from: ticket.language, to, masked: true });
    if ('failed' in carried) return { from: 'customer', text: masked, at, translationNotice: carried.notice };
    if (!carried.translated) return { from: 'customer', text: masked, at };
    const event: Partial<Activity> = {
      type: 'event',
      name: TRANSLATION_EVENT,
      text: carried.text,
      value: { from: carried.from, to: carried.to },
      timestamp: new Date(at),
      from: { id: 'baton', name: 'translation', role: 'bot' },
      conversation: { id: ticket.conversationId } as Activity['conversation'],
    };
    await this.#o.transcript.logActivity(event as Activity);
    return { from: 'customer', text: carried.text, at, original: masked, originalLanguage: ticket.language };
  }

  /** Appends an audit event; a failure is logged, never thrown at the customer or the agent. */
  async record(event: HandoffEvent): Promise<void> {
    try {
      await this.#o.store.appendEvent(event);
    } catch (error) {
      this.#o.logger?.error({ err: error, type: event.type, ticketId: event.ticketId }, 'handoff: could not append the audit event');
    }
    this.#observe(event);
  }

  /** Tells the event observer (metrics) of an event the store has appended. */
  #observe(event: HandoffEvent): void {
    try {
      this.#o.onEvent?.(event);
    } catch (error) {
      this.#o.logger?.warn({ err: error, type: event.type }, 'handoff: event observer failed');
    }
  }

  /**
   * Pushes a desk event to this instance's origin listeners and to every instance's agents, tagged with
   * the origin of the action that caused it (event-origin.ts); subscribers of that origin are skipped.
   */
  async publish(event: DeskEvent): Promise<void> {
    const origin = currentOrigin();
    for (const { listener, origin: own } of this.#originListeners) {
      if (sameOrigin(own, origin)) continue;
      try {
        // A copy, as the bus delivers: a listener never shares the caller's object.
        untagged(() => listener(structuredClone(event), origin));
      } catch (error) {
        this.#o.logger?.error({ err: error, type: event.type }, 'handoff: origin listener failed');
      }
    }
    try {
      await this.#o.bus.publish(DESK_TOPIC, origin ? { ...event, [ORIGIN_FIELD]: origin } : event);
    } catch (error) {
      // Desks re-read the queue on reconnect; a lost push delays a screen, it loses no data.
      this.#o.logger?.warn({ err: error, type: event.type }, 'handoff: desk push failed');
    }
  }
}
