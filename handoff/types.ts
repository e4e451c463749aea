/**
 * The handoff vocabulary shared by the queue store, the escalation policy and the desks: tickets,
 * agents and the events written to the audit stream. Plain data only (JSON-safe), so the same
 * shapes live in memory, in Redis and on the wire.
 */

/** Why the bot called a person, from most to least urgent. */
export type EscalationReason = 'crisis' | 'negative_emotion' | 'requested_human' | 'not_understood' | 'dialog';

/** Whether an agent takes new tickets: only `available` agents can claim. */
export type Presence = 'available' | 'away' | 'offline';

/** One hop of a transfer, kept so the next agent sees who had the ticket before. */
export interface TransferRecord {
  readonly at: number;
  readonly fromAgentId?: string;
  readonly fromSkill: string;
  readonly toAgentId?: string;
  readonly toSkill?: string;
}

/**
 * Where a ticket is. A transfer is not a resting state: a ticket sent to a skill is `queued` again on
 * that skill, one sent to an agent is `assigned` to that agent; the hop is kept in `Ticket.transfers`
 * and announced by a `transferred` event.
 */
export type TicketState =
  | { readonly state: 'queued' }
  | { readonly state: 'assigned'; readonly agentId: string; readonly assignedAt: number; readonly firstReplyAt?: number }
  | { readonly state: 'resolved'; readonly agentId: string; readonly resolvedAt: number; readonly csat?: number }
  | { readonly state: 'returned'; readonly agentId?: string; readonly returnedAt: number }
  | { readonly state: 'abandoned'; readonly abandonedAt: number };

export type TicketStateName = TicketState['state'];

/** What every ticket carries, whatever its state. */
export interface TicketBase {
  readonly id: string;
  readonly conversationId: string;
  readonly channel: string;
  readonly customer: { readonly id: string; readonly name?: string };
  readonly language: string;
  /** Routing skill; 'general' unless the policy chose another. */
  readonly skill: string;
  readonly reason: EscalationReason;
  /** Higher is served first; an integer between -900 and 900 (the Redis queue score needs exact integers). */
  readonly priority: number;
  readonly createdAt: number;
  /** When the customer started waiting; kept across transfers so nobody loses their place. */
  readonly queuedAt: number;
  readonly vip?: boolean;
  /** The numbers behind the decision, e.g. `{ emotion: -0.82, turns: 3 }`. */
  readonly details: Readonly<Record<string, string | number | boolean>>;
  readonly transfers: readonly TransferRecord[];
}

/** A request for a person, as the queue stores it. Narrow on `state`. */
export type Ticket = TicketBase & TicketState;

/** Open tickets hold the conversation: the bot stays quiet while one exists. */
export function isOpen(ticket: Pick<Ticket, 'state'>): boolean {
  return ticket.state === 'queued' || ticket.state === 'assigned';
}

/** A person at a desk. `activeTickets` is maintained by the store, never written by callers. */
export interface Agent {
  readonly id: string;
  readonly name: string;
  /** Language tags the agent serves; 'en' also matches tickets in 'en-GB'. */
  readonly languages: readonly string[];
  readonly skills: readonly string[];
  /** How many tickets the agent holds at once. */
  readonly capacity: number;
  readonly presence: Presence;
  readonly activeTickets: number;
}

/** What a caller may set on an agent: the load is the store's to count. */
export type AgentInput = Omit<Agent, 'activeTickets'>;

/** Why a queued ticket was abandoned: the customer withdrew ("cancel"), closed the chat, or went quiet too long. */
export type AbandonReason = 'withdrew' | 'left' | 'quiet';

interface EventBase {
  readonly ticketId: string;
  readonly conversationId: string;
  readonly at: number;
}

/** Everything that happens to a ticket, for metrics, audit and the dashboard. Narrow on `type`. */
export type HandoffEvent =
  | (EventBase & {
      readonly type: 'escalated';
      readonly reason: EscalationReason;
      readonly priority: number;
      readonly skill: string;
      readonly language: string;
      readonly details?: Readonly<Record<string, string | number | boolean>>;
    })
  | (EventBase & { readonly type: 'claimed'; readonly agentId: string; readonly waitedMs: number })
  | (EventBase & { readonly type: 'first_agent_reply'; readonly agentId: string; readonly responseMs: number })
  | (EventBase & { readonly type: 'transferred'; readonly fromAgentId?: string; readonly toAgentId?: string; readonly toSkill?: string })
  | (EventBase & { readonly type: 'returned'; readonly agentId?: string })
  | (EventBase & { readonly type: 'resolved'; readonly agentId: string; readonly handleMs: number; readonly transfers?: number })
  | (EventBase & { readonly type: 'abandoned'; readonly waitedMs: number; readonly reason?: AbandonReason; readonly quietMs?: number })
  | (EventBase & { readonly type: 'csat'; readonly score: number; readonly agentId?: string })
  | (EventBase & {
      readonly type: 'sla_breach';
      readonly kind: string;
      readonly dueAt: number;
      /** The agent holding the ticket when the deadline passed; absent while it waited in the queue. */
      readonly agentId?: string;
    });

export type HandoffEventType = HandoffEvent['type'];
