/**
 * The handoff store in one process, for tests and single-instance bots.
 *
 * Concurrency rule: every method reads, decides and writes without an `await` in between, so two
 * calls can never interleave inside one (this is what makes `claim` atomic here, as the Lua script
 * does in Redis). Keep it that way when editing. Values are cloned in and out, so a caller mutating
 * a returned ticket cannot change the store.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import { BatonError } from '../../infra/errors.js';
import type { Agent, AgentInput, HandoffEvent, Presence, Ticket } from '../types.js';
import { isOpen } from '../types.js';
import type { ClaimOptions, Deadline, HandoffStore, OpenTicketInput, StoredEvent, TicketResult, TransferTarget } from './handoff-store.js';
import * as rules from './transitions.js';

export interface MemoryHandoffStoreOptions {
  /** The clock for every timestamp the store sets. */
  readonly now?: () => number;
  /** Oldest events are dropped beyond this, like the Redis stream's MAXLEN. */
  readonly maxEvents?: number;
  /**
   * Tickets kept (default 10,000). Beyond it the ticket closed longest ago goes; an open ticket (queued,
   * assigned, a callback) is never dropped: when every ticket held is open, `openTicket` throws
   * `StoreFullError` and the customer is told the queue cannot take them now. Redis keeps tickets until erased.
   */
  readonly maxTickets?: number;
}

/** Creates an in-process `HandoffStore`. */
export function createMemoryHandoffStore({ now = () => Date.now(), maxEvents = 100_000, maxTickets = 10_000 }: MemoryHandoffStoreOptions = {}): HandoffStore {
  const tickets = new BoundedMap<string, Ticket>({ name: 'memory handoff store', maxEntries: maxTickets, now, pinned: isOpen });
  const openByConversation = new Map<string, string>();
  const agents = new Map<string, Agent>();
  const deadlines = new Map<string, Deadline>();
  const events: StoredEvent[] = [];
  let eventSeq = 0;

  const copy = <T>(value: T): T => structuredClone(value);
  const deadlineKey = (ticketId: string, kind: string) => `${ticketId}|${kind}`;

  const cancel = (ticketId: string) => {
    for (const [key, deadline] of deadlines) if (deadline.ticketId === ticketId) deadlines.delete(key);
  };

  const adjustLoad = (agentId: string, delta: number) => {
    const agent = agents.get(agentId);
    if (agent) agents.set(agentId, { ...agent, activeTickets: Math.max(0, agent.activeTickets + delta) });
  };

  /** Applies a decision about one ticket; the agent check and every write happen in this one call. */
  function apply<Code extends string>(ticketId: string, decide: (ticket: Ticket) => rules.Decision<Code>): TicketResult<Code | 'not_found'> {
    const ticket = tickets.get(ticketId);
    if (!ticket) return { ok: false, code: 'not_found' };
    const decision = decide(ticket);
    if (rules.isRefusal(decision)) return { ok: false, code: decision.code };
    if (decision.take !== undefined) {
      const refusal = rules.agentRefusal(agents.get(decision.take));
      // A rule that takes an agent lists the agent codes (see Transition), so this cast holds.
      if (refusal) return { ok: false, code: refusal as Code };
    }
    const { next } = decision;
    tickets.set(ticketId, next);
    if (decision.release !== undefined) adjustLoad(decision.release, -1);
    if (decision.take !== undefined) adjustLoad(decision.take, +1);
    if (isOpen(ticket) && !isOpen(next)) {
      if (openByConversation.get(next.conversationId) === ticketId) openByConversation.delete(next.conversationId);
      cancel(ticketId);
    }
    return { ok: true, ticket: copy(next) };
  }

  const appendEvent = (event: HandoffEvent) => {
    const id = `${++eventSeq}-0`;
    events.push({ id, event: copy(event) });
    if (events.length > maxEvents) events.splice(0, events.length - maxEvents);
    return id;
  };

  /** Appends a claim's audit event when it succeeded (nothing runs in between here, as in the Redis script). */
  const audited = <Result extends TicketResult<string>>(result: Result, audit: ClaimOptions['audit']): Result => {
    if (result.ok && audit) appendEvent(audit(result.ticket));
    return result;
  };

  const queued = (filter: { skill?: string; language?: string } = {}) =>
    [...tickets.values()]
      .filter((t) => t.state === 'queued' && (filter.skill === undefined || t.skill === filter.skill))
      .filter((t) => filter.language === undefined || rules.speaks([filter.language], t.language))
      .sort(rules.compareQueued);

  return {
    async openTicket(input: OpenTicketInput) {
      const openId = openByConversation.get(input.conversationId);
      const open = openId === undefined ? undefined : tickets.get(openId);
      if (open && isOpen(open)) return { ticket: copy(open), created: false };
      const ticket = rules.newTicket(copy(input), now());
      tickets.set(ticket.id, ticket);
      openByConversation.set(ticket.conversationId, ticket.id);
      return { ticket: copy(ticket), created: true };
    },
    async getTicket(ticketId) {
      const ticket = tickets.get(ticketId);
      return ticket && copy(ticket);
    },
    async openTicketFor(conversationId) {
      const id = openByConversation.get(conversationId);
      const ticket = id === undefined ? undefined : tickets.get(id);
      return ticket && isOpen(ticket) ? copy(ticket) : undefined;
    },
    async queue(filter) {
      return queued(filter).map(copy);
    },
    async positionOf(ticketId) {
      const ticket = tickets.get(ticketId);
      if (ticket?.state !== 'queued') return undefined;
      return queued({ skill: ticket.skill }).findIndex((t) => t.id === ticketId) + 1;
    },
    async claim(ticketId, agentId, { audit } = {}) {
      return audited(
        apply(ticketId, (t) => rules.claimTransition(t, agentId, now())),
        audit,
      );
    },
    async claimNext(agentId, { throughTranslation = false, audit } = {}) {
      const agent = agents.get(agentId);
      const refusal = rules.agentRefusal(agent);
      if (refusal || !agent) return { ok: false, code: refusal ?? 'agent_unavailable' };
      const best = queued().find((t) => rules.canServe(agent, t, throughTranslation));
      if (!best) return { ok: false, code: 'empty_queue' };
      const result = apply(best.id, (t) => rules.claimNextTransition(t, agent, throughTranslation, now()));
      // Nothing can slip in between the find and the claim here; a refusal would be a bug.
      if (!result.ok) throw new BatonError('internal', `Memory handoff store: claimNext refused with ${result.code}; this is a bug, please report it.`);
      return audited(result, audit);
    },
    async markFirstReply(ticketId, at) {
      return apply(ticketId, (t) => rules.firstReplyTransition(t, at)).ok;
    },
    async transfer(ticketId, target: TransferTarget) {
      return apply(ticketId, (t) => rules.transferTransition(t, target, now()));
    },
    async returnToBot(ticketId) {
      return apply(ticketId, (t) => rules.returnTransition(t, now()));
    },
    async resolve(ticketId, agentId) {
      return apply(ticketId, (t) => rules.resolveTransition(t, agentId, now()));
    },
    async abandon(ticketId) {
      return apply(ticketId, (t) => rules.abandonTransition(t, now()));
    },
    async setCsat(ticketId, score) {
      return apply(ticketId, (t) => rules.csatTransition(t, score));
    },
    async bumpPriority(ticketId, by) {
      return apply(ticketId, (t) => rules.bumpTransition(t, by));
    },

    async upsertAgent(input: AgentInput) {
      const agent: Agent = { ...copy(input), activeTickets: agents.get(input.id)?.activeTickets ?? 0 };
      agents.set(agent.id, agent);
      return copy(agent);
    },
    async ticketsOf(agentId: string) {
      return [...tickets.values()]
        .filter((t) => t.state === 'assigned' && t.agentId === agentId)
        .sort((a, b) => a.queuedAt - b.queuedAt)
        .map(copy);
    },
    async getAgent(agentId) {
      const agent = agents.get(agentId);
      return agent && copy(agent);
    },
    async listAgents() {
      return [...agents.values()].map(copy).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async setPresence(agentId, presence: Presence) {
      const agent = agents.get(agentId);
      if (!agent) return undefined;
      agents.set(agentId, { ...agent, presence });
      return copy({ ...agent, presence });
    },

    async scheduleDeadline(deadline) {
      deadlines.set(deadlineKey(deadline.ticketId, deadline.kind), { ...deadline });
    },
    async takeDueDeadlines(time, limit = 100) {
      const due = [...deadlines.values()]
        .filter((d) => d.at <= time)
        .sort((a, b) => a.at - b.at)
        .slice(0, limit);
      for (const d of due) deadlines.delete(deadlineKey(d.ticketId, d.kind));
      return due;
    },
    async cancelDeadlines(ticketId) {
      cancel(ticketId);
    },

    async appendEvent(event: HandoffEvent) {
      return appendEvent(event);
    },
    async readEvents({ after, limit = 100 } = {}) {
      const afterSeq = after === undefined ? 0 : Number.parseInt(after, 10);
      return events
        .filter((e) => Number.parseInt(e.id, 10) > afterSeq)
        .slice(0, limit)
        .map(copy);
    },

    async eraseConversation(conversationId) {
      const erased: string[] = [];
      for (const [id, ticket] of tickets.entries()) {
        if (ticket.conversationId !== conversationId) continue;
        if (ticket.state === 'assigned') adjustLoad(ticket.agentId, -1);
        cancel(id);
        tickets.delete(id);
        erased.push(id);
      }
      openByConversation.delete(conversationId);
      const before = events.length;
      for (let i = events.length - 1; i >= 0; i--) if (events[i]!.event.conversationId === conversationId) events.splice(i, 1);
      return { tickets: erased, events: before - events.length };
    },
  };
}
