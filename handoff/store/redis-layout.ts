/**
 * Key names of the Redis handoff store (the layout is described in redis-handoff-store.ts), and the
 * translation of a ticket change into one APPLY_TICKET call: which keys it touches and how.
 */
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';
import type { HandoffEvent, Ticket } from '../types.js';
import { isOpen } from '../types.js';
import { APPLY_TICKET } from './redis-scripts.js';
import { queueScore } from './transitions.js';

/** Sent by SHA: it runs on every ticket change, and its text is the larger part of the command. */
const applyTicket = luaScript(APPLY_TICKET);

/** An audit event appended by the same script as the change it records. */
export interface TicketAudit {
  readonly event: HandoffEvent;
  /** Approximate cap of the events stream. */
  readonly maxEvents: number;
}

/** A change for APPLY_TICKET: `next` undefined deletes the ticket (erase). */
export interface TicketWrite {
  readonly next: Ticket | undefined;
  readonly release?: string;
  readonly take?: string;
}

export type ApplyReply = 'ok' | 'changed' | 'agent_unavailable' | 'at_capacity';

/** APPLY_TICKET's answer; `current` is the ticket's JSON now when it changed under the caller ('' = gone). */
export interface ApplyOutcome {
  readonly reply: ApplyReply;
  readonly current?: string;
}

/** Builds the keys of one bot; every key carries the same hash tag, hence the same Cluster slot. */
export function redisLayout(keyPrefix: string, botId: string) {
  const base = `${keyPrefix}{handoff:${botId}}:`;
  const keys = {
    ticket: (id: string) => `${base}ticket:${id}`,
    queue: (skill: string) => `${base}queue:${skill}`,
    skills: `${base}skills`,
    agent: (id: string) => `${base}agent:${id}`,
    agents: `${base}agents`,
    agentTickets: (id: string) => `${base}agenttickets:${id}`,
    conv: (conversationId: string) => `${base}conv:${conversationId}`,
    convTickets: (conversationId: string) => `${base}convtickets:${conversationId}`,
    sla: `${base}sla`,
    slaByTicket: `${base}sla:byticket`,
    events: `${base}events`,

    /**
     * Writes `write.next` in place of `prev` (whose stored JSON is `raw`; both empty to create) with
     * its side effects and `audit`'s event, in one script. Creating also requires the conversation pointer
     * to still hold `pointer`, so two instances opening a ticket for one conversation cannot both succeed.
     */
    async apply(
      redis: RedisClient,
      prev: Ticket | undefined,
      raw: string,
      write: TicketWrite,
      { pointer = '', audit }: { pointer?: string; audit?: TicketAudit } = {},
    ): Promise<ApplyOutcome> {
      const { next } = write;
      const ticket = (next ?? prev) as Ticket;
      const touched: string[] = [keys.ticket(ticket.id)];
      const at = (key: string) => {
        const index = touched.indexOf(key);
        return index >= 0 ? index + 1 : touched.push(key);
      };
      const ops: (string | number)[][] = [];
      if (!prev) {
        ops.push(['expect', at(keys.conv(ticket.conversationId)), pointer]);
        ops.push(['set', at(keys.conv(ticket.conversationId)), ticket.id]);
        ops.push(['sadd', at(keys.convTickets(ticket.conversationId)), ticket.id]);
      }
      if (write.take !== undefined) ops.push(['agent', at(keys.agent(write.take))]);
      if (prev?.state === 'queued') ops.push(['zrem', at(keys.queue(prev.skill)), ticket.id]);
      if (next?.state === 'queued') {
        ops.push(['zadd', at(keys.queue(next.skill)), String(queueScore(next)), ticket.id]);
        ops.push(['sadd', at(keys.skills), next.skill]);
      }
      if (write.release !== undefined) {
        ops.push(['load', at(keys.agent(write.release)), '-1']);
        ops.push(['srem', at(keys.agentTickets(write.release)), ticket.id]);
      }
      if (write.take !== undefined) {
        ops.push(['load', at(keys.agent(write.take)), '1']);
        ops.push(['sadd', at(keys.agentTickets(write.take)), ticket.id]);
      }
      const closing = prev !== undefined && isOpen(prev) && (next === undefined || !isOpen(next));
      if (closing) ops.push(['delif', at(keys.conv(ticket.conversationId)), ticket.id]);
      if (closing || next === undefined) ops.push(['unsla', at(keys.sla), at(keys.slaByTicket), ticket.id]);
      if (audit) ops.push(['xadd', at(keys.events), String(audit.maxEvents)]);
      const eventJson = audit ? JSON.stringify(audit.event) : '';
      const reply = await applyTicket.run(
        redis,
        touched.length,
        ...touched,
        raw,
        next === undefined ? '' : JSON.stringify(next),
        JSON.stringify(ops),
        eventJson,
      );
      if (Array.isArray(reply)) return { reply: 'changed', current: String(reply[1]) };
      return { reply: String(reply) as ApplyReply };
    },
  };
  return keys;
}
