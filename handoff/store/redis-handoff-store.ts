/**
 * The handoff store on Redis, shared by every Baton instance.
 *
 * Layout: every key of one bot sits under the hash tag `{handoff:<botId>}`, because a Lua script
 * may only touch keys of one Redis Cluster slot, and a claim must change the ticket, its queue and
 * the agent's load in one script. The price is that one bot's handoff data lives on one shard;
 * a handoff queue is small, and bots spread across shards.
 *
 *   {prefix}{handoff:<bot>}:ticket:<id>      string, the ticket as JSON
 *   {prefix}{handoff:<bot>}:queue:<skill>    sorted set of queued ticket ids; score = queuedAt -
 *                                            priority * 1e13, so ZRANGE is priority desc, then wait
 *   {prefix}{handoff:<bot>}:skills           set of skills that have had a queue (for "all queues")
 *   {prefix}{handoff:<bot>}:agent:<id>       hash: json (profile), presence, capacity, load
 *   {prefix}{handoff:<bot>}:agents           set of agent ids
 *   {prefix}{handoff:<bot>}:agenttickets:<id> set of the ticket ids an agent holds (assigned)
 *   {prefix}{handoff:<bot>}:conv:<convId>    string, the conversation's open ticket id
 *   {prefix}{handoff:<bot>}:convtickets:<c>  set of all the conversation's ticket ids (for erase)
 *   {prefix}{handoff:<bot>}:sla              sorted set of `<ticketId>|<kind>` by due time
 *   {prefix}{handoff:<bot>}:sla:byticket     the same members at score 0, so ZRANGEBYLEX finds a ticket's
 *   {prefix}{handoff:<bot>}:events           stream, field `e` = event JSON, MAXLEN ~ 100000
 *
 * Writes: the caller reads the ticket, decides with the shared rules (transitions.ts), and one Lua
 * script (APPLY_TICKET) re-checks that the ticket is unchanged and the agent can take it, then
 * writes the ticket, queue, load, pointer and deadlines together. If another instance wrote first
 * the script says 'changed' with the ticket as it is now, and the caller decides again on that; so of 50
 * agents claiming one ticket, one script succeeds and the 49 others see an assigned ticket: `already_claimed`.
 */
import type { RedisClient } from '../../infra/redis.js';
import { BatonError } from '../../infra/errors.js';
import type { Agent, AgentInput, HandoffEvent, Ticket } from '../types.js';
import { isOpen } from '../types.js';
import type { ClaimNextCode, ClaimOptions, Deadline, HandoffStore, TicketResult } from './handoff-store.js';
import { redisLayout } from './redis-layout.js';
import { luaScript } from '../../infra/lua-script.js';
import { CANCEL_DEADLINES, TAKE_DUE, UPSERT_AGENT } from './redis-scripts.js';
import * as rules from './transitions.js';

// Sent by SHA (EVALSHA), in full only when Redis does not know them yet (infra/lua-script.ts).
const upsertAgent = luaScript(UPSERT_AGENT);
const takeDue = luaScript(TAKE_DUE);
const cancelDeadlines = luaScript(CANCEL_DEADLINES);
// HSET only if the agent exists, so presence for an unknown id does not create a half agent.
const setPresenceIfAgent = luaScript(`if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('HSET', KEYS[1], 'presence', ARGV[1]) return 1`);

export interface RedisHandoffStoreOptions {
  readonly redis: RedisClient;
  /** Prepended to every key, e.g. 'baton:'. */
  readonly keyPrefix?: string;
  /** Keeps bots sharing a Redis apart; also the Cluster hash tag. */
  readonly botId?: string;
  readonly now?: () => number;
  /** Approximate cap of the events stream. */
  readonly maxEvents?: number;
}

/** Rounds of read-decide-write before giving up: only reached under pathological contention. */
const MAX_ATTEMPTS = 50;
/** Tickets a claim-next reads at a time from the head of the queue. */
const CLAIM_PAGE = 32;
/** Tickets past its slot a claim-next reads first (see claimNextFrom). */
const FIRST_PAGE = 4;
/** Queued ids a claim-next reads first from the head of its queues; four times more each time none will do, then all. */
const HEAD = 64;
const HEAD_MAX = 4096;

/** The claim-nexts running at once in this instance, each holding the lowest free slot number. */
class ClaimSlots {
  readonly #taken = new Set<number>();
  take(): number {
    let slot = 0;
    while (this.#taken.has(slot)) slot++;
    this.#taken.add(slot);
    return slot;
  }
  release(slot: number): void {
    this.#taken.delete(slot);
  }
}

/** `candidates` with the one at `slot` first (when there is one), the others after it in their order. */
function spreadOver<T>(candidates: readonly T[], slot: number): readonly T[] {
  if (slot === 0 || slot >= candidates.length) return candidates;
  return [candidates[slot]!, ...candidates.slice(0, slot), ...candidates.slice(slot + 1)];
}

/** Creates a `HandoffStore` on Redis (works on a single node, Sentinel or Cluster). */
export function createRedisHandoffStore({
  redis,
  keyPrefix = 'baton:',
  botId = 'default',
  now = () => Date.now(),
  maxEvents = 100_000,
}: RedisHandoffStoreOptions): HandoffStore {
  const keys = redisLayout(keyPrefix, botId);

  const readTicket = async (ticketId: string) => {
    const raw = await redis.get(keys.ticket(ticketId));
    return raw === null ? undefined : { raw, ticket: JSON.parse(raw) as Ticket };
  };

  const contention = (what: string) =>
    new BatonError('store_contention', `Handoff store: ${what} kept changing under ${MAX_ATTEMPTS} attempts. Check for a runaway writer on the same bot.`);

  /** Reads, decides with `decide`, writes with APPLY_TICKET; decides again if someone wrote first. */
  async function change<Code extends string>(
    ticketId: string,
    decide: (ticket: Ticket) => rules.Decision<Code>,
    { read, audit }: { read?: { raw: string; ticket: Ticket } | undefined; audit?: ClaimOptions['audit'] } = {},
  ): Promise<TicketResult<Code | 'not_found'>> {
    // A ticket the caller has just read is decided on as is: the script still checks it is unchanged.
    let found = read ?? (await readTicket(ticketId));
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (!found) return { ok: false, code: 'not_found' };
      const decision = decide(found.ticket);
      if (rules.isRefusal(decision)) return { ok: false, code: decision.code };
      const { reply, current } = await keys.apply(redis, found.ticket, found.raw, decision, {
        ...(audit ? { audit: { event: audit(decision.next), maxEvents } } : {}),
      });
      if (reply === 'ok') return { ok: true, ticket: decision.next };
      // An agent refusal: the rule took an agent, so it lists these codes (see Transition).
      if (reply !== 'changed') return { ok: false, code: reply as Code };
      // Lost a race: the script answered the ticket as it is now, so deciding again costs no read (a claim-next
      // that lost goes on to its next candidate at once, the loser told `already_claimed` by this decision).
      found = current === undefined ? await readTicket(ticketId) : current === '' ? undefined : { raw: current, ticket: JSON.parse(current) as Ticket };
    }
    throw contention(`ticket ${ticketId}`);
  }

  const readAgents = async (ids: string[]): Promise<Agent[]> => {
    if (ids.length === 0) return [];
    // One agent (a claim, the agent API) is a plain HGETALL, so it joins whatever else this tick sends
    // (ioredis auto-pipelining) instead of a write of its own; each write to the socket costs about as
    // much CPU as a command on this path.
    let replies: Array<[Error | null, unknown]>;
    if (ids.length === 1) replies = [[null, await redis.hgetall(keys.agent(ids[0]!))]];
    else {
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(keys.agent(id));
      replies = (await pipeline.exec()) ?? [];
    }
    return replies.flatMap(([error, fields]) => {
      if (error) throw error;
      const hash = fields as Record<string, string>;
      if (!hash.json) return [];
      return [
        {
          ...(JSON.parse(hash.json) as AgentInput),
          presence: hash.presence as Agent['presence'],
          capacity: Number(hash.capacity),
          activeTickets: Number(hash.load ?? 0),
        },
      ];
    });
  };

  /** The tickets of `ids` that exist, each with its stored JSON (for a compare-and-set). */
  const readRawTickets = async (ids: string[]): Promise<Array<{ raw: string; ticket: Ticket }>> => {
    if (ids.length === 0) return [];
    const raws = await redis.mget(...ids.map(keys.ticket));
    return raws.flatMap((raw) => (raw === null ? [] : [{ raw, ticket: JSON.parse(raw) as Ticket }]));
  };
  const readTickets = async (ids: string[]): Promise<Ticket[]> => (await readRawTickets(ids)).map((found) => found.ticket);

  const queued = async (skill?: string): Promise<Ticket[]> => {
    const skills = skill === undefined ? await redis.smembers(keys.skills) : [skill];
    const ids = (await Promise.all(skills.map((s) => redis.zrange(keys.queue(s), '0', '-1')))).flat();
    return (await readTickets(ids)).filter((t) => t.state === 'queued').sort(rules.compareQueued);
  };

  /**
   * The first `limit` queued ticket ids of `skills` (all with `limit` undefined), merged in queue order:
   * score, then id (Redis's own order within one set). The first `limit` of each queue hold the first
   * `limit` of the merge. `complete`: nothing was left out.
   */
  const queuedIdsInOrder = async (skills: readonly string[], limit?: number): Promise<{ ids: string[]; complete: boolean }> => {
    const scored: Array<{ id: string; score: number }> = [];
    let complete = true;
    const stop = limit === undefined ? '-1' : String(limit - 1);
    for (const reply of await Promise.all(skills.map((s) => redis.zrange(keys.queue(s), '0', stop, 'WITHSCORES')))) {
      // RESP3 answers [member, score] pairs, RESP2 one flat list: read both.
      const flat = (reply as unknown[]).flat() as Array<string | number>;
      if (limit !== undefined && flat.length >= 2 * limit) complete = false;
      for (let i = 0; i < flat.length; i += 2) scored.push({ id: String(flat[i]), score: Number(flat[i + 1]) });
    }
    if (skills.length > 1) scored.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { ids: (complete ? scored : scored.slice(0, limit)).map((entry) => entry.id), complete };
  };

  const claim = (ticketId: string, agentId: string, { audit }: ClaimOptions = {}, read?: { raw: string; ticket: Ticket }) =>
    change(ticketId, (t) => rules.claimTransition(t, agentId, now()), { read, audit });

  /**
   * Claim-next for one agent. `slot` is how many other claim-nexts this instance is running at once:
   * concurrent callers start at different tickets of the head of the queue (the first at the best, the
   * second at the next...), so 20 agents pressing at once do not all race for one ticket and retry down
   * the queue (each lost race is a re-read and a script). Among concurrent callers any order is fair;
   * a lone caller (slot 0) always gets the best ticket it may take. The claim script stays the arbiter.
   */
  const claimSlots = new ClaimSlots();
  const claimNextFrom = async (agentId: string, slot: number, throughTranslation: boolean, options: ClaimOptions): Promise<TicketResult<ClaimNextCode>> => {
    // The pick is optimistic; the claim is the atomic part. If another agent took a candidate,
    // try the next one, and read the queues again once the candidates run out.
    for (let round = 0; round < MAX_ATTEMPTS; round++) {
      const [agent] = await readAgents([agentId]);
      const refusal = rules.agentRefusal(agent);
      if (refusal || !agent) return { ok: false, code: refusal ?? 'agent_unavailable' };
      // Ids only, in queue order (the score is the queue order; ties go by id, as compareQueued), from the
      // head of the queues (HEAD ids, more only if none of those will do: reading and decoding a long
      // queue's every id was a good part of a claim), and the tickets read a page at a time. The first page
      // is just long enough for this caller's spread (its slot and a few after it), as parsing tickets
      // nobody takes was much of a claim's work; later pages are CLAIM_PAGE long.
      let tried = 0;
      const seen = new Set<string>();
      for (let limit: number | undefined = HEAD, complete = false; !complete; limit = limit === undefined || limit >= HEAD_MAX ? undefined : limit * 4) {
        const head = await queuedIdsInOrder(agent.skills, limit);
        complete = head.complete;
        const order = head.ids.filter((id) => !seen.has(id));
        for (const id of order) seen.add(id);
        const first = seen.size === order.length;
        for (let from = 0, size = first ? Math.min(CLAIM_PAGE, slot + FIRST_PAGE) : CLAIM_PAGE; from < order.length; from += size, size = CLAIM_PAGE) {
          const candidates = (await readRawTickets(order.slice(from, from + size)))
            .filter(({ ticket }) => ticket.state === 'queued' && rules.canServe(agent, ticket, throughTranslation))
            .sort((a, b) => rules.compareQueued(a.ticket, b.ticket));
          for (const candidate of first && from === 0 ? spreadOver(candidates, slot) : candidates) {
            tried++;
            // Claimed on the JSON just read: the script refuses it ('changed') if anyone wrote since, and the
            // ticket as it is then must still be one this agent may serve (a transfer may have moved it).
            const result = await change(candidate.ticket.id, (t) => rules.claimNextTransition(t, agent, throughTranslation, now()), {
              read: candidate,
              audit: options.audit,
            });
            if (result.ok) return result;
            if (result.code === 'agent_unavailable' || result.code === 'at_capacity') return { ok: false, code: result.code };
          }
        }
      }
      if (tried === 0) return { ok: false, code: 'empty_queue' };
    }
    throw contention(`claimNext for ${agentId}`);
  };

  /** Removes the conversation's entries from the audit stream: a walk over it, as erase requests are rare. */
  const eraseEvents = async (conversationId: string): Promise<number> => {
    let removed = 0;
    let after = '-';
    for (;;) {
      const entries = await redis.xrange(keys.events, after, '+', 'COUNT', 1000);
      if (entries.length === 0) return removed;
      const mine = entries
        .filter(([, fields]) => (JSON.parse(fields[fields.indexOf('e') + 1] as string) as HandoffEvent).conversationId === conversationId)
        .map(([id]) => id);
      if (mine.length > 0) removed += await redis.xdel(keys.events, ...mine);
      after = `(${entries[entries.length - 1]![0]}`;
    }
  };

  return {
    async openTicket(input) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const pointer = (await redis.get(keys.conv(input.conversationId))) ?? '';
        const open = pointer === '' ? undefined : await readTicket(pointer);
        if (open && isOpen(open.ticket)) return { ticket: open.ticket, created: false };
        const ticket = rules.newTicket(input, now());
        const { reply } = await keys.apply(redis, undefined, '', { next: ticket }, { pointer });
        if (reply === 'ok') return { ticket, created: true };
      }
      throw contention(`conversation ${input.conversationId}`);
    },
    async getTicket(ticketId) {
      return (await readTicket(ticketId))?.ticket;
    },
    async openTicketFor(conversationId) {
      const pointer = await redis.get(keys.conv(conversationId));
      const ticket = pointer === null ? undefined : (await readTicket(pointer))?.ticket;
      return ticket && isOpen(ticket) ? ticket : undefined;
    },
    async queue({ skill, language } = {}) {
      const tickets = await queued(skill);
      return language === undefined ? tickets : tickets.filter((t) => rules.speaks([language], t.language));
    },
    async positionOf(ticketId) {
      const ticket = (await readTicket(ticketId))?.ticket;
      if (ticket?.state !== 'queued') return undefined;
      const rank = await redis.zrank(keys.queue(ticket.skill), ticketId);
      return rank === null ? undefined : rank + 1;
    },
    claim,
    async claimNext(agentId, { throughTranslation = false, audit } = {}) {
      const slot = claimSlots.take();
      try {
        return await claimNextFrom(agentId, slot, throughTranslation, audit ? { audit } : {});
      } finally {
        claimSlots.release(slot);
      }
    },
    async markFirstReply(ticketId, at) {
      return (await change(ticketId, (t) => rules.firstReplyTransition(t, at))).ok;
    },
    transfer: (ticketId, target) => change(ticketId, (t) => rules.transferTransition(t, target, now())),
    returnToBot: (ticketId) => change(ticketId, (t) => rules.returnTransition(t, now())),
    resolve: (ticketId, agentId) => change(ticketId, (t) => rules.resolveTransition(t, agentId, now())),
    abandon: (ticketId) => change(ticketId, (t) => rules.abandonTransition(t, now())),
    setCsat: (ticketId, score) => change(ticketId, (t) => rules.csatTransition(t, score)),
    bumpPriority: (ticketId, by) => change(ticketId, (t) => rules.bumpTransition(t, by)),

    async upsertAgent(input) {
      const profile: AgentInput = {
        id: input.id,
        name: input.name,
        languages: [...input.languages],
        skills: [...input.skills],
        capacity: input.capacity,
        presence: input.presence,
      };
      const load = await upsertAgent.run(
        redis,
        2,
        keys.agent(input.id),
        keys.agents,
        input.id,
        JSON.stringify(profile),
        input.presence,
        String(input.capacity),
      );
      return { ...profile, activeTickets: Number(load) };
    },
    async ticketsOf(agentId) {
      const tickets = await readTickets(await redis.smembers(keys.agentTickets(agentId)));
      return tickets.filter((t) => t.state === 'assigned' && t.agentId === agentId).sort((a, b) => a.queuedAt - b.queuedAt);
    },
    async getAgent(agentId) {
      return (await readAgents([agentId]))[0];
    },
    async listAgents() {
      return (await readAgents(await redis.smembers(keys.agents))).sort((a, b) => (a.id < b.id ? -1 : 1));
    },
    async setPresence(agentId, presence) {
      const updated = await setPresenceIfAgent.run(redis, 1, keys.agent(agentId), presence);
      return updated === 1 ? (await readAgents([agentId]))[0] : undefined;
    },

    async scheduleDeadline({ ticketId, kind, at }) {
      const member = `${ticketId}|${kind}`;
      await redis.multi().zadd(keys.sla, String(at), member).zadd(keys.slaByTicket, '0', member).exec();
    },
    async takeDueDeadlines(time, limit = 100) {
      const flat = (await takeDue.run(redis, 2, keys.sla, keys.slaByTicket, String(time), String(limit))) as string[];
      const due: Deadline[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const member = flat[i] as string;
        const split = member.indexOf('|');
        due.push({ ticketId: member.slice(0, split), kind: member.slice(split + 1), at: Number(flat[i + 1]) });
      }
      return due;
    },
    async cancelDeadlines(ticketId) {
      await cancelDeadlines.run(redis, 2, keys.sla, keys.slaByTicket, ticketId);
    },

    async appendEvent(event: HandoffEvent) {
      const id = await redis.xadd(keys.events, 'MAXLEN', '~', String(maxEvents), '*', 'e', JSON.stringify(event));
      if (id === null) throw new BatonError('store_failed', 'Handoff store: XADD returned no id.');
      return id;
    },
    async readEvents({ after, limit = 100 } = {}) {
      const entries = await redis.xrange(keys.events, after === undefined ? '-' : `(${after}`, '+', 'COUNT', limit);
      return entries.map(([id, fields]) => ({ id, event: JSON.parse(fields[fields.indexOf('e') + 1] as string) as HandoffEvent }));
    },

    async eraseConversation(conversationId) {
      const erased: string[] = [];
      for (const ticketId of await redis.smembers(keys.convTickets(conversationId))) {
        for (let attempt = 0; ; attempt++) {
          if (attempt >= MAX_ATTEMPTS) throw contention(`ticket ${ticketId}`);
          const found = await readTicket(ticketId);
          if (!found) break;
          const release = found.ticket.state === 'assigned' ? { release: found.ticket.agentId } : {};
          if ((await keys.apply(redis, found.ticket, found.raw, { next: undefined, ...release })).reply === 'ok') {
            erased.push(ticketId);
            break;
          }
        }
      }
      await redis.del(keys.convTickets(conversationId), keys.conv(conversationId));
      return { tickets: erased, events: await eraseEvents(conversationId) };
    },
  };
}
