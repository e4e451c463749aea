/**
 * The handoff queue and ticket store: one interface, a memory and a Redis implementation, one
 * contract suite (tests/contracts/handoff-store.contract.ts).
 *
 * Rules both implementations keep:
 * - Expected refusals come back as `{ ok: false, code }`; only infrastructure failures throw.
 * - A claim is atomic: of any number of agents claiming one ticket at once, exactly one wins.
 * - A conversation has at most one open (queued or assigned) ticket.
 * - An agent's `activeTickets` goes up on claim or transfer-to, down on resolve, return, transfer away.
 * - Closing a ticket (resolve, return, abandon) cancels its deadlines and frees its conversation.
 * - A due deadline is handed to exactly one of the instances polling `takeDueDeadlines`.
 */
import type { Agent, AgentInput, EscalationReason, HandoffEvent, Presence, Ticket } from '../types.js';

/** What the escalation policy knows when it asks for a person. */
export interface OpenTicketInput {
  readonly conversationId: string;
  readonly channel: string;
  readonly customer: { readonly id: string; readonly name?: string };
  readonly language: string;
  /** Defaults to 'general'. */
  readonly skill?: string;
  readonly reason: EscalationReason;
  /** Integer, -900..900; higher first. */
  readonly priority: number;
  readonly vip?: boolean;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** A ticket after a change, or why the change was refused. */
export type TicketResult<Code extends string> = { readonly ok: true; readonly ticket: Ticket } | { readonly ok: false; readonly code: Code };

export type ClaimCode = 'not_found' | 'already_claimed' | 'not_queued' | 'agent_unavailable' | 'at_capacity';
export type ClaimNextCode = 'agent_unavailable' | 'at_capacity' | 'empty_queue';
export type TransferCode = 'not_found' | 'not_queued' | 'agent_unavailable' | 'at_capacity' | 'invalid';

/** What a claim writes with the ticket, in the same atomic step. */
export interface ClaimOptions {
  /**
   * The claim's audit event, built from the claimed ticket when the store decides: appended to the events
   * together with the claim, or not at all (a refused claim appends nothing). Without it nothing is appended.
   */
  readonly audit?: (claimed: Ticket) => HandoffEvent;
}

export type TransferTarget = { readonly toAgentId: string } | { readonly toSkill: string };

/** A timer kept in the store so that any instance fires it, even after a restart. */
export interface Deadline {
  readonly ticketId: string;
  /** e.g. 'first_reply', 'queue_reminder'; one deadline per ticket and kind (scheduling again moves it). */
  readonly kind: string;
  readonly at: number;
}

export interface StoredEvent {
  /** Opaque and increasing; pass it as `after` to read on. */
  readonly id: string;
  readonly event: HandoffEvent;
}

export interface HandoffStore {
  /**
   * Queues a ticket, or returns the conversation's open one with `created: false` (a second
   * escalation of the same conversation must not queue it twice).
   */
  openTicket(input: OpenTicketInput): Promise<{ readonly ticket: Ticket; readonly created: boolean }>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  /** The conversation's queued or assigned ticket, if any. */
  openTicketFor(conversationId: string): Promise<Ticket | undefined>;
  /** Queued tickets, priority descending then longest wait first; all skills when none is given. */
  queue(filter?: { readonly skill?: string; readonly language?: string }): Promise<Ticket[]>;
  /** 1-based place in the ticket's skill queue; undefined unless queued. */
  positionOf(ticketId: string): Promise<number | undefined>;
  /** Atomically gives a queued ticket to an available agent below capacity. */
  claim(ticketId: string, agentId: string, options?: ClaimOptions): Promise<TicketResult<ClaimCode>>;
  /**
   * Claims the best queued ticket the agent can serve (`canServe` in transitions.ts): one of their
   * skills and languages, or, with `throughTranslation`, a ticket queued to be served through translation.
   * That holds for the ticket as it is when claimed: one moved (transferred) while it was the agent's
   * choice is left for the next candidate.
   */
  claimNext(agentId: string, options?: { readonly throughTranslation?: boolean } & ClaimOptions): Promise<TicketResult<ClaimNextCode>>;
  /** Records the holder's first reply; true only the first time, and only while assigned. */
  markFirstReply(ticketId: string, at: number): Promise<boolean>;
  /** To a skill: queued again there. To an agent: assigned to them (they must be able to claim). */
  transfer(ticketId: string, target: TransferTarget): Promise<TicketResult<TransferCode>>;
  /** Gives the conversation back to the bot, from queued or assigned. */
  returnToBot(ticketId: string): Promise<TicketResult<'not_found' | 'not_queued'>>;
  /** Only the holder resolves; anyone else (or a ticket nobody holds) gets `not_holder`. */
  resolve(ticketId: string, agentId: string): Promise<TicketResult<'not_found' | 'not_holder'>>;
  /** The customer left while waiting; refused once someone holds the ticket. */
  abandon(ticketId: string): Promise<TicketResult<'not_found' | 'not_queued'>>;
  /** Stores the customer's rating (integer 1..5) on a resolved ticket. */
  setCsat(ticketId: string, score: number): Promise<TicketResult<'not_found' | 'not_resolved' | 'invalid'>>;
  /** Raises (or lowers, with a negative `by`) a queued ticket's priority; the queue re-sorts. */
  bumpPriority(ticketId: string, by: number): Promise<TicketResult<'not_found' | 'not_queued' | 'invalid'>>;

  /** Creates or updates an agent, keeping its current load. */
  upsertAgent(agent: AgentInput): Promise<Agent>;
  getAgent(agentId: string): Promise<Agent | undefined>;
  /** The tickets the agent holds (assigned to them), longest waiting first. */
  ticketsOf(agentId: string): Promise<Ticket[]>;
  listAgents(): Promise<Agent[]>;
  /** Undefined when the agent is unknown. */
  setPresence(agentId: string, presence: Presence): Promise<Agent | undefined>;

  /** Schedules (or moves) the ticket's deadline of this kind. */
  scheduleDeadline(deadline: Deadline): Promise<void>;
  /** Removes and returns up to `limit` deadlines due at `now`, earliest first; each is handed out once. */
  takeDueDeadlines(now: number, limit?: number): Promise<Deadline[]>;
  cancelDeadlines(ticketId: string): Promise<void>;

  /** Appends to the audit stream (capped near 100,000 entries); resolves to the entry's id. */
  appendEvent(event: HandoffEvent): Promise<string>;
  /** Events in append order, after the given id (exclusive). Default limit 100. */
  readEvents(options?: { readonly after?: string; readonly limit?: number }): Promise<StoredEvent[]>;

  /**
   * Deletes every ticket of the conversation (any state), their deadlines and the agent load they
   * held, and the conversation's audit events (they carry no text, but the conversation id is the
   * customer's phone number on WhatsApp). Resolves what was erased.
   */
  eraseConversation(conversationId: string): Promise<ErasedConversation>;
}

/** What `eraseConversation` removed. */
export interface ErasedConversation {
  /** The ids of the tickets erased (a desk may hold copies of them, e.g. Slack cards). */
  readonly tickets: readonly string[];
  /** How many audit events were removed. */
  readonly events: number;
}
