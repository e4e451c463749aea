/**
 * The ticket state machine as pure functions, shared by the memory and the Redis store so both
 * decide identically; each store only applies the result (atomically, in its own way).
 *
 * A decision is either a refusal `{ code }` or a `Transition`: the next ticket, and which agent's
 * load goes down (`release`) or up after a capacity check (`take`). Queue membership, the
 * conversation pointer and deadline cleanup follow from the before and after states.
 */
import { randomUUID } from 'node:crypto';
import { BatonError } from '../../infra/errors.js';
import type { Agent, Ticket, TicketState } from '../types.js';
import type { OpenTicketInput, TransferTarget } from './handoff-store.js';

/**
 * A change to apply: `take` must pass the agent check in the same atomic step as the write. A rule
 * that may `take` lists 'agent_unavailable' and 'at_capacity' among its codes, since the store
 * refuses with them.
 */
export interface Transition {
  readonly next: Ticket;
  readonly release?: string;
  readonly take?: string;
}

export type Decision<Code extends string> = Transition | { readonly code: Code };

type AgentCode = 'agent_unavailable' | 'at_capacity';

/** Narrows a decision to its refusal. */
export function isRefusal<Code extends string>(decision: Decision<Code>): decision is { readonly code: Code } {
  return 'code' in decision;
}

const MAX_PRIORITY = 900;

/** Throws on a priority the Redis score cannot hold exactly: a programming error, not an outcome. */
export function checkPriority(priority: number): void {
  if (!Number.isInteger(priority) || Math.abs(priority) > MAX_PRIORITY) {
    throw new BatonError(
      'invalid_priority',
      `Handoff: priority must be an integer between -${MAX_PRIORITY} and ${MAX_PRIORITY}: got ${priority}. Round it, or rescale the policy's weights.`,
    );
  }
}

/** Queue order as one number: priority descending, then queuedAt ascending (exact below 2^53). */
export function queueScore(ticket: Pick<Ticket, 'priority' | 'queuedAt'>): number {
  return ticket.queuedAt - ticket.priority * 1e13;
}

/** The same order for in-memory sorting, with the id as the final tie-break (as a sorted set does). */
export function compareQueued(a: Ticket, b: Ticket): number {
  return queueScore(a) - queueScore(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** True when an agent serving `languages` can take a ticket in `language` ('en' serves 'en-GB'). */
export function speaks(languages: readonly string[], language: string): boolean {
  const wanted = language.toLowerCase();
  return languages.some((tag) => {
    const have = tag.toLowerCase();
    return wanted === have || wanted.startsWith(`${have}-`);
  });
}

/**
 * True when `agent` may take queued `ticket`: the ticket is in one of the agent's skills, and the agent
 * speaks its language or, with a translator set (`throughTranslation`), the ticket was queued to be
 * served through translation (`details.viaTranslation`: nobody on duty spoke its language). The one
 * rule for the queue list and claim-next.
 */
export function canServe(
  agent: Pick<Agent, 'skills' | 'languages'>,
  ticket: Pick<Ticket, 'skill' | 'language' | 'details'>,
  throughTranslation: boolean,
): boolean {
  if (!agent.skills.includes(ticket.skill)) return false;
  return speaks(agent.languages, ticket.language) || (throughTranslation && ticket.details.viaTranslation === true);
}

/** Why an agent cannot take one more ticket, or undefined when it can. */
export function agentRefusal(agent: Agent | undefined): AgentCode | undefined {
  if (agent?.presence !== 'available') return 'agent_unavailable';
  if (agent.activeTickets >= agent.capacity) return 'at_capacity';
  return undefined;
}

/** A new queued ticket. */
export function newTicket(input: OpenTicketInput, now: number): Ticket {
  checkPriority(input.priority);
  return {
    id: randomUUID(),
    conversationId: input.conversationId,
    channel: input.channel,
    customer: { ...input.customer },
    language: input.language,
    skill: input.skill ?? 'general',
    reason: input.reason,
    priority: input.priority,
    createdAt: now,
    queuedAt: now,
    ...(input.vip === undefined ? {} : { vip: input.vip }),
    details: { ...(input.details ?? {}) },
    transfers: [],
    state: 'queued',
  };
}

/** Rebuilds a ticket with a new state, dropping the old state's fields. */
function withState(ticket: Ticket, state: TicketState): Ticket {
  const { id, conversationId, channel, customer, language, skill, reason, priority, createdAt, queuedAt, vip, details, transfers } = ticket;
  const base = {
    id,
    conversationId,
    channel,
    customer,
    language,
    skill,
    reason,
    priority,
    createdAt,
    queuedAt,
    details,
    transfers,
    ...(vip === undefined ? {} : { vip }),
  };
  return { ...base, ...state };
}

export function claimTransition(ticket: Ticket, agentId: string, now: number): Decision<'already_claimed' | 'not_queued' | AgentCode> {
  if (ticket.state === 'assigned') return { code: 'already_claimed' };
  if (ticket.state !== 'queued') return { code: 'not_queued' };
  return { next: withState(ticket, { state: 'assigned', agentId, assignedAt: now }), take: agentId };
}

/**
 * A claim by claim-next: `claimTransition`, and the ticket must still be one `agent` may serve. The store
 * re-decides on the ticket as it is now after a lost race, and by then it may have moved to a skill the
 * agent lacks; `not_servable` sends claim-next on to its next candidate instead of taking it.
 */
export function claimNextTransition(
  ticket: Ticket,
  agent: Pick<Agent, 'id' | 'skills' | 'languages'>,
  throughTranslation: boolean,
  now: number,
): Decision<'already_claimed' | 'not_queued' | 'not_servable' | AgentCode> {
  const claimed = claimTransition(ticket, agent.id, now);
  if (isRefusal(claimed)) return claimed;
  return canServe(agent, ticket, throughTranslation) ? claimed : { code: 'not_servable' };
}

export function firstReplyTransition(ticket: Ticket, at: number): Decision<'not_assigned' | 'already_marked'> {
  if (ticket.state !== 'assigned') return { code: 'not_assigned' };
  if (ticket.firstReplyAt !== undefined) return { code: 'already_marked' };
  return { next: { ...ticket, firstReplyAt: at } };
}

export function transferTransition(ticket: Ticket, target: TransferTarget, now: number): Decision<'not_queued' | 'invalid' | AgentCode> {
  if (ticket.state !== 'queued' && ticket.state !== 'assigned') return { code: 'not_queued' };
  const holder = ticket.state === 'assigned' ? ticket.agentId : undefined;
  const release = holder === undefined ? {} : { release: holder };
  if ('toAgentId' in target) {
    if (target.toAgentId === holder) return { code: 'invalid' };
    const hop = { at: now, fromSkill: ticket.skill, toAgentId: target.toAgentId, ...(holder === undefined ? {} : { fromAgentId: holder }) };
    const moved = { ...ticket, transfers: [...ticket.transfers, hop] };
    return { next: withState(moved, { state: 'assigned', agentId: target.toAgentId, assignedAt: now }), take: target.toAgentId, ...release };
  }
  if (!target.toSkill || (ticket.state === 'queued' && target.toSkill === ticket.skill)) return { code: 'invalid' };
  const hop = { at: now, fromSkill: ticket.skill, toSkill: target.toSkill, ...(holder === undefined ? {} : { fromAgentId: holder }) };
  const moved = { ...ticket, skill: target.toSkill, transfers: [...ticket.transfers, hop] };
  return { next: withState(moved, { state: 'queued' }), ...release };
}

export function returnTransition(ticket: Ticket, now: number): Decision<'not_queued'> {
  if (ticket.state === 'queued') return { next: withState(ticket, { state: 'returned', returnedAt: now }) };
  if (ticket.state !== 'assigned') return { code: 'not_queued' };
  return { next: withState(ticket, { state: 'returned', agentId: ticket.agentId, returnedAt: now }), release: ticket.agentId };
}

export function resolveTransition(ticket: Ticket, agentId: string, now: number): Decision<'not_holder'> {
  if (ticket.state !== 'assigned' || ticket.agentId !== agentId) return { code: 'not_holder' };
  return { next: withState(ticket, { state: 'resolved', agentId, resolvedAt: now }), release: agentId };
}

export function abandonTransition(ticket: Ticket, now: number): Decision<'not_queued'> {
  if (ticket.state !== 'queued') return { code: 'not_queued' };
  return { next: withState(ticket, { state: 'abandoned', abandonedAt: now }) };
}

export function csatTransition(ticket: Ticket, score: number): Decision<'not_resolved' | 'invalid'> {
  if (!Number.isInteger(score) || score < 1 || score > 5) return { code: 'invalid' };
  if (ticket.state !== 'resolved') return { code: 'not_resolved' };
  return { next: { ...ticket, csat: score } };
}

export function bumpTransition(ticket: Ticket, by: number): Decision<'not_queued' | 'invalid'> {
  const priority = ticket.priority + by;
  if (!Number.isInteger(priority) || Math.abs(priority) > MAX_PRIORITY) return { code: 'invalid' };
  if (ticket.state !== 'queued') return { code: 'not_queued' };
  return { next: { ...ticket, priority } };
}
