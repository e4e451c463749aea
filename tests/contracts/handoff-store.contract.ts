/**
 * One contract for every handoff store (memory and Redis). Call `describeHandoffStoreContract` with a
 * factory; see handoff/store/handoff-store.test.ts. Time comes from a clock the test moves, never
 * from waiting, so nothing here depends on timing.
 */
import { describe, expect, it } from 'vitest';
import type { HandoffStore, OpenTicketInput } from '../../handoff/store/handoff-store.js';
import type { AgentInput, HandoffEvent, Ticket } from '../../handoff/types.js';

export interface HandoffStoreHarness {
  /** A fresh, empty store whose timestamps come from the given clock. */
  readonly store: HandoffStore;
  /** Another instance over the same data (for Redis: a new connection, as another process or a restart). */
  another(): Promise<HandoffStore>;
  /**
   * Runs `write` (another instance's change) between the store's next read-and-decide and its write: for
   * Redis, just before its next script is sent. The memory store reads, decides and writes in one step,
   * so there a racing write can only come first: `write` runs at once.
   */
  raceNextWrite(write: () => Promise<unknown>): Promise<void>;
}

export function describeHandoffStoreContract(name: string, make: (now: () => number) => Promise<HandoffStoreHarness>): void {
  const setup = async () => {
    let time = 1_700_000_000_000;
    const clock = { tick: (ms = 1000) => (time += ms), now: () => time };
    const harness = await make(() => time);
    return { ...harness, clock };
  };
  let conversation = 0;
  const input = (over: Partial<OpenTicketInput> = {}): OpenTicketInput => ({
    conversationId: `conv-${++conversation}`,
    channel: 'web',
    customer: { id: 'cust-1', name: 'Ana' },
    language: 'en',
    reason: 'requested_human',
    priority: 10,
    details: { turns: 3 },
    ...over,
  });
  const agent = (id: string, over: Partial<AgentInput> = {}): AgentInput => ({
    id,
    name: id,
    languages: ['en'],
    skills: ['general'],
    capacity: 2,
    presence: 'available',
    ...over,
  });

  describe(`HandoffStore contract: ${name}`, () => {
    it('orders the queue by priority, then by wait, and reports positions', async () => {
      const { store, clock } = await setup();
      const low = (await store.openTicket(input({ priority: 10 }))).ticket;
      clock.tick();
      const high = (await store.openTicket(input({ priority: 50, reason: 'crisis' }))).ticket;
      clock.tick();
      const lowLater = (await store.openTicket(input({ priority: 10 }))).ticket;
      expect((await store.queue()).map((t) => t.id)).toEqual([high.id, low.id, lowLater.id]);
      expect(await store.positionOf(lowLater.id)).toBe(3);
      expect(await store.bumpPriority(lowLater.id, 100)).toMatchObject({ ok: true, ticket: { priority: 110 } });
      expect((await store.queue({ skill: 'general' })).map((t) => t.id)).toEqual([lowLater.id, high.id, low.id]);
      expect(await store.positionOf(lowLater.id)).toBe(1);
      expect(low).toMatchObject({ state: 'queued', skill: 'general', details: { turns: 3 }, transfers: [], createdAt: clock.now() - 2000 });
    });

    it('opens one ticket per conversation until it closes', async () => {
      const { store } = await setup();
      const first = await store.openTicket(input({ conversationId: 'c-idem' }));
      const again = await store.openTicket(input({ conversationId: 'c-idem', priority: 90 }));
      expect(first.created).toBe(true);
      expect(again).toEqual({ ticket: first.ticket, created: false });
      expect(await store.openTicketFor('c-idem')).toEqual(first.ticket);
      expect(await store.getTicket('missing')).toBeUndefined();
      const racing = await Promise.all([1, 2, 3, 4, 5].map(() => store.openTicket(input({ conversationId: 'c-race' }))));
      expect(racing.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(racing.map((r) => r.ticket.id)).size).toBe(1);
      await store.abandon(first.ticket.id);
      expect(await store.openTicketFor('c-idem')).toBeUndefined();
      const next = await store.openTicket(input({ conversationId: 'c-idem' }));
      expect(next.created).toBe(true);
      expect(next.ticket.id).not.toBe(first.ticket.id);
    });

    it('claimNext routes by skill and language, best ticket first', async () => {
      const { store, clock } = await setup();
      const billingZh = (await store.openTicket(input({ skill: 'billing', language: 'zh' }))).ticket;
      clock.tick();
      const generalEn = (await store.openTicket(input({ language: 'en-GB' }))).ticket;
      const billingEn = (await store.openTicket(input({ skill: 'billing', priority: 40 }))).ticket;
      await store.upsertAgent(agent('zh-billing', { languages: ['zh'], skills: ['billing'] }));
      await store.upsertAgent(agent('en-all', { skills: ['general', 'billing'] }));
      await store.upsertAgent(agent('fr', { languages: ['fr'] }));
      expect(await store.claimNext('en-all')).toMatchObject({ ok: true, ticket: { id: billingEn.id, state: 'assigned', agentId: 'en-all' } });
      expect(await store.claimNext('en-all')).toMatchObject({ ok: true, ticket: { id: generalEn.id } });
      expect(await store.claimNext('zh-billing')).toMatchObject({ ok: true, ticket: { id: billingZh.id } });
      expect(await store.claimNext('fr')).toEqual({ ok: false, code: 'empty_queue' });
      expect(await store.claimNext('nobody')).toEqual({ ok: false, code: 'agent_unavailable' });
      expect((await store.getAgent('en-all'))?.activeTickets).toBe(2);
    });

    it('claimNext finds the one ticket it may take far down a long queue, and says empty only when none is left', async () => {
      const { store, clock } = await setup();
      // 300 Chinese tickets ahead on two skills, then the only English one: past any head window a store reads first.
      for (let i = 0; i < 300; i++) await store.openTicket(input({ language: 'zh', skill: i % 2 === 0 ? 'general' : 'billing', priority: 50 }));
      clock.tick();
      const english = (await store.openTicket(input({ skill: 'billing' }))).ticket;
      await store.upsertAgent(agent('en-only', { skills: ['general', 'billing'] }));
      expect(await store.claimNext('en-only')).toMatchObject({ ok: true, ticket: { id: english.id, agentId: 'en-only' } });
      expect(await store.claimNext('en-only')).toEqual({ ok: false, code: 'empty_queue' });
    });

    it('claimNext that loses its first choice to a transfer claims only a ticket the agent may serve', async () => {
      const { store, another, raceNextWrite, clock } = await setup();
      const best = (await store.openTicket(input({ priority: 50 }))).ticket;
      clock.tick();
      const next = (await store.openTicket(input())).ticket;
      await store.upsertAgent(agent('general-only'));
      const other = await another();
      // While the agent's claim-next holds the best ticket as its choice, someone moves it to billing.
      await raceNextWrite(() => other.transfer(best.id, { toSkill: 'billing' }));
      expect(await store.claimNext('general-only')).toMatchObject({ ok: true, ticket: { id: next.id, skill: 'general', agentId: 'general-only' } });
      expect(await store.getTicket(best.id)).toMatchObject({ state: 'queued', skill: 'billing' });
      expect((await store.getAgent('general-only'))?.activeTickets).toBe(1);
      expect(await store.ticketsOf('general-only')).toEqual([expect.objectContaining({ id: next.id })]);
    });

    it('claimNext offers a ticket queued for translation only when the caller can translate', async () => {
      const { store, clock } = await setup();
      const spanish = (await store.openTicket(input({ language: 'es', details: { viaTranslation: true } }))).ticket;
      clock.tick();
      const german = (await store.openTicket(input({ language: 'de' }))).ticket;
      const billing = (await store.openTicket(input({ skill: 'billing', language: 'fr', details: { viaTranslation: true } }))).ticket;
      await store.upsertAgent(agent('zh', { languages: ['zh'] }));
      // Without a translator the flag means nothing: only spoken languages match.
      expect(await store.claimNext('zh')).toEqual({ ok: false, code: 'empty_queue' });
      expect(await store.claimNext('zh', { throughTranslation: true })).toMatchObject({ ok: true, ticket: { id: spanish.id, agentId: 'zh' } });
      // A ticket some agent speaks (no flag) and a ticket of another skill stay where they are.
      expect(await store.claimNext('zh', { throughTranslation: true })).toEqual({ ok: false, code: 'empty_queue' });
      expect((await store.queue()).map((t) => t.id).sort()).toEqual([german.id, billing.id].sort());
    });

    it('lets exactly one of 50 agents claiming one ticket at once win', async () => {
      const { store } = await setup();
      const { ticket } = await store.openTicket(input());
      const ids = Array.from({ length: 50 }, (_, i) => `agent-${i}`);
      for (const id of ids) await store.upsertAgent(agent(id));
      const results = await Promise.all(ids.map((id) => store.claim(ticket.id, id)));
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.code))).toEqual(Array(49).fill('already_claimed'));
      const holder = (await store.getTicket(ticket.id)) as { state: string; agentId: string };
      expect(holder.state).toBe('assigned');
      expect((await store.listAgents()).reduce((sum, a) => sum + a.activeTickets, 0)).toBe(1);
      expect(await store.queue()).toEqual([]);
      expect(await store.claim('missing', 'agent-0')).toEqual({ ok: false, code: 'not_found' });
    });

    it("appends a claim's audit event with the claim, once, and nothing for a refused claim", async () => {
      const { store } = await setup();
      const claimed = (ticket: Ticket): HandoffEvent => ({
        type: 'claimed',
        ticketId: ticket.id,
        conversationId: ticket.conversationId,
        at: ticket.state === 'assigned' ? ticket.assignedAt : 0,
        agentId: ticket.state === 'assigned' ? ticket.agentId : '',
        waitedMs: 0,
      });
      const { ticket: raced } = await store.openTicket(input());
      const { ticket: next } = await store.openTicket(input());
      const ids = Array.from({ length: 10 }, (_, i) => `agent-${i}`);
      for (const id of ids) await store.upsertAgent(agent(id));
      await store.upsertAgent(agent('away', { presence: 'away' }));
      const results = await Promise.all(ids.map((id) => store.claim(raced.id, id, { audit: claimed })));
      const won = results.flatMap((r) => (r.ok ? [r.ticket] : []));
      expect(won).toHaveLength(1);
      expect(await store.claim(next.id, 'away', { audit: claimed })).toEqual({ ok: false, code: 'agent_unavailable' });
      const byNext = await store.claimNext('agent-0', { audit: claimed });
      expect(byNext).toMatchObject({ ok: true, ticket: { id: next.id } });
      expect(await store.claimNext('agent-1', { audit: claimed })).toEqual({ ok: false, code: 'empty_queue' });
      const events = (await store.readEvents()).map((stored) => stored.event);
      expect(events).toEqual([claimed(won[0]!), claimed(byNext.ok ? byNext.ticket : next)]);
      expect(events.map((event) => event.ticketId)).toEqual([raced.id, next.id]);
    });

    it('gives 20 agents pressing claim-next at once 20 different tickets, and past a page the best left', async () => {
      const { store, clock } = await setup();
      // 45 queued (more than one page of candidates), the English ones behind 10 Chinese ones.
      const zh = [];
      for (let i = 0; i < 10; i++) zh.push((await store.openTicket(input({ language: 'zh', priority: 50 }))).ticket);
      const en = [];
      for (let i = 0; i < 35; i++) {
        clock.tick();
        en.push((await store.openTicket(input())).ticket);
      }
      const ids = Array.from({ length: 20 }, (_, i) => `agent-${i}`);
      for (const id of ids) await store.upsertAgent(agent(id));
      const results = await Promise.all(ids.map((id) => store.claimNext(id)));
      const claimed = results.map((r) => (r.ok ? r.ticket.id : r.code));
      expect(new Set(claimed).size).toBe(20);
      // Concurrent claims take the 20 oldest English tickets between them, in whatever order they ran.
      expect([...claimed].sort()).toEqual(
        en
          .slice(0, 20)
          .map((t) => t.id)
          .sort(),
      );
      expect((await store.queue()).map((t) => t.id).sort()).toEqual([...zh, ...en.slice(20)].map((t) => t.id).sort());
      // A lone caller still gets the best ticket it may take.
      await store.upsertAgent(agent('late'));
      expect(await store.claimNext('late')).toMatchObject({ ok: true, ticket: { id: en[20]!.id } });
    });

    it('enforces presence and capacity, and frees capacity on resolve', async () => {
      const { store } = await setup();
      const [a, b, c] = await Promise.all([1, 2, 3].map(async () => (await store.openTicket(input())).ticket));
      await store.upsertAgent(agent('solo', { capacity: 1, presence: 'away' }));
      expect(await store.claim(a!.id, 'solo')).toEqual({ ok: false, code: 'agent_unavailable' });
      expect(await store.claim(a!.id, 'ghost')).toEqual({ ok: false, code: 'agent_unavailable' });
      expect(await store.setPresence('solo', 'available')).toMatchObject({ presence: 'available', activeTickets: 0 });
      expect(await store.setPresence('ghost', 'available')).toBeUndefined();
      expect((await store.claim(a!.id, 'solo')).ok).toBe(true);
      expect(await store.claim(b!.id, 'solo')).toEqual({ ok: false, code: 'at_capacity' });
      expect(await store.claimNext('solo')).toEqual({ ok: false, code: 'at_capacity' });
      expect(await store.upsertAgent(agent('solo', { capacity: 1, name: 'Solo' }))).toMatchObject({ name: 'Solo', activeTickets: 1 });
      expect(await store.resolve(a!.id, 'solo')).toMatchObject({ ok: true, ticket: { state: 'resolved', agentId: 'solo' } });
      expect((await store.claim(b!.id, 'solo')).ok).toBe(true);
      expect(await store.claim(b!.id, 'solo')).toEqual({ ok: false, code: 'already_claimed' });
      await store.abandon(c!.id);
      expect(await store.claim(c!.id, 'solo')).toEqual({ ok: false, code: 'not_queued' });
    });

    it('transfers to a skill (queued there) and to an agent (assigned), moving the load', async () => {
      const { store, clock } = await setup();
      const { ticket } = await store.openTicket(input());
      await store.upsertAgent(agent('first'));
      await store.upsertAgent(agent('second', { skills: ['billing'] }));
      await store.upsertAgent(agent('away', { presence: 'away' }));
      await store.claim(ticket.id, 'first');
      clock.tick();
      const toSkill = await store.transfer(ticket.id, { toSkill: 'billing' });
      expect(toSkill).toMatchObject({
        ok: true,
        ticket: {
          state: 'queued',
          skill: 'billing',
          queuedAt: ticket.queuedAt,
          transfers: [{ fromAgentId: 'first', fromSkill: 'general', toSkill: 'billing', at: clock.now() }],
        },
      });
      expect((await store.queue({ skill: 'billing' })).map((t) => t.id)).toEqual([ticket.id]);
      expect((await store.getAgent('first'))?.activeTickets).toBe(0);
      expect(await store.transfer(ticket.id, { toAgentId: 'away' })).toEqual({ ok: false, code: 'agent_unavailable' });
      const toAgent = await store.transfer(ticket.id, { toAgentId: 'second' });
      expect(toAgent).toMatchObject({ ok: true, ticket: { state: 'assigned', agentId: 'second', skill: 'billing' } });
      expect(toAgent.ok && toAgent.ticket.transfers).toHaveLength(2);
      expect(await store.queue()).toEqual([]);
      expect(await store.transfer(ticket.id, { toAgentId: 'first' })).toMatchObject({ ok: true, ticket: { agentId: 'first' } });
      expect((await store.listAgents()).map((a) => [a.id, a.activeTickets])).toEqual([
        ['away', 0],
        ['first', 1],
        ['second', 0],
      ]);
    });

    it('lists the tickets an agent holds, following claims, transfers and closes', async () => {
      const { store, clock } = await setup();
      await store.upsertAgent(agent('ada', { capacity: 3 }));
      await store.upsertAgent(agent('ben'));
      const first = (await store.openTicket(input())).ticket;
      clock.tick();
      const second = (await store.openTicket(input())).ticket;
      expect(await store.ticketsOf('ada')).toEqual([]);
      await store.claim(second.id, 'ada');
      await store.claim(first.id, 'ada');
      expect((await store.ticketsOf('ada')).map((t) => t.id)).toEqual([first.id, second.id]);
      await store.transfer(first.id, { toAgentId: 'ben' });
      expect((await store.ticketsOf('ada')).map((t) => t.id)).toEqual([second.id]);
      expect((await store.ticketsOf('ben')).map((t) => t.id)).toEqual([first.id]);
      await store.resolve(second.id, 'ada');
      await store.returnToBot(first.id);
      expect(await store.ticketsOf('ada')).toEqual([]);
      expect(await store.ticketsOf('ben')).toEqual([]);
      expect(await store.ticketsOf('nobody')).toEqual([]);
    });

    it('returns to the bot, releasing the agent and the conversation', async () => {
      const { store } = await setup();
      const { ticket } = await store.openTicket(input({ conversationId: 'c-ret' }));
      await store.upsertAgent(agent('a1'));
      await store.claim(ticket.id, 'a1');
      expect(await store.returnToBot(ticket.id)).toMatchObject({ ok: true, ticket: { state: 'returned', agentId: 'a1' } });
      expect((await store.getAgent('a1'))?.activeTickets).toBe(0);
      expect(await store.openTicketFor('c-ret')).toBeUndefined();
      expect(await store.returnToBot(ticket.id)).toEqual({ ok: false, code: 'not_queued' });
    });

    it('refuses resolve by anyone but the holder, abandon once held, and stores CSAT', async () => {
      const { store } = await setup();
      const { ticket } = await store.openTicket(input());
      await store.upsertAgent(agent('holder'));
      await store.upsertAgent(agent('other'));
      expect(await store.resolve(ticket.id, 'holder')).toEqual({ ok: false, code: 'not_holder' });
      expect(await store.setCsat(ticket.id, 5)).toEqual({ ok: false, code: 'not_resolved' });
      await store.claim(ticket.id, 'holder');
      expect(await store.abandon(ticket.id)).toEqual({ ok: false, code: 'not_queued' });
      expect(await store.resolve(ticket.id, 'other')).toEqual({ ok: false, code: 'not_holder' });
      expect((await store.resolve(ticket.id, 'holder')).ok).toBe(true);
      expect(await store.setCsat(ticket.id, 9)).toEqual({ ok: false, code: 'invalid' });
      expect(await store.setCsat(ticket.id, 4)).toMatchObject({ ok: true, ticket: { state: 'resolved', csat: 4 } });
      expect(await store.getTicket(ticket.id)).toMatchObject({ csat: 4 });
      const queued = (await store.openTicket(input())).ticket;
      expect(await store.abandon(queued.id)).toMatchObject({ ok: true, ticket: { state: 'abandoned' } });
      expect(await store.abandon('missing')).toEqual({ ok: false, code: 'not_found' });
    });

    it('marks the first agent reply once', async () => {
      const { store, clock } = await setup();
      const { ticket } = await store.openTicket(input());
      await store.upsertAgent(agent('a1'));
      expect(await store.markFirstReply(ticket.id, clock.now())).toBe(false);
      await store.claim(ticket.id, 'a1');
      const at = clock.tick();
      const marks = await Promise.all([store.markFirstReply(ticket.id, at), store.markFirstReply(ticket.id, at + 1)]);
      expect(marks.filter(Boolean)).toHaveLength(1);
      expect(await store.markFirstReply(ticket.id, at + 2)).toBe(false);
      expect((await store.getTicket(ticket.id)) as { firstReplyAt?: number }).toHaveProperty('firstReplyAt');
    });

    it('hands each due deadline to exactly one of 5 instances', async () => {
      const { store, another } = await setup();
      const instances = [store, ...(await Promise.all([1, 2, 3, 4].map(() => another())))];
      for (let i = 0; i < 40; i++) await store.scheduleDeadline({ ticketId: `t-${i}`, kind: i % 2 ? 'first_reply' : 'queue_reminder', at: 1000 + i });
      await store.scheduleDeadline({ ticketId: 'later', kind: 'first_reply', at: 5000 });
      const taken = (await Promise.all(instances.flatMap((s) => [s.takeDueDeadlines(2000, 7), s.takeDueDeadlines(2000, 7)]))).flat();
      const rest = await store.takeDueDeadlines(2000, 100);
      const all = [...taken, ...rest].map((d) => `${d.ticketId}|${d.kind}|${d.at}`);
      expect(all).toHaveLength(40);
      expect(new Set(all).size).toBe(40);
      expect(await store.takeDueDeadlines(2000)).toEqual([]);
      expect(await store.takeDueDeadlines(6000)).toEqual([{ ticketId: 'later', kind: 'first_reply', at: 5000 }]);
    });

    it('moves, cancels, and drops deadlines when a ticket closes', async () => {
      const { store } = await setup();
      const { ticket } = await store.openTicket(input());
      await store.scheduleDeadline({ ticketId: ticket.id, kind: 'first_reply', at: 100 });
      await store.scheduleDeadline({ ticketId: ticket.id, kind: 'first_reply', at: 200 });
      await store.scheduleDeadline({ ticketId: 'other', kind: 'first_reply', at: 150 });
      await store.cancelDeadlines('other');
      expect(await store.takeDueDeadlines(1000, 10)).toEqual([{ ticketId: ticket.id, kind: 'first_reply', at: 200 }]);
      await store.scheduleDeadline({ ticketId: ticket.id, kind: 'queue_reminder', at: 300 });
      await store.abandon(ticket.id);
      expect(await store.takeDueDeadlines(1000, 10)).toEqual([]);
    });

    it('keeps tickets and agents across a restart', async () => {
      const { store, another } = await setup();
      const { ticket } = await store.openTicket(input({ conversationId: 'c-restart', vip: true }));
      await store.upsertAgent(agent('a1'));
      await store.claim(ticket.id, 'a1');
      const restarted = await another();
      expect(await restarted.getTicket(ticket.id)).toMatchObject({ id: ticket.id, state: 'assigned', agentId: 'a1', vip: true, customer: { name: 'Ana' } });
      expect(await restarted.openTicketFor('c-restart')).toMatchObject({ id: ticket.id });
      expect(await restarted.getAgent('a1')).toEqual({ ...agent('a1'), activeTickets: 1 });
    });

    it('appends events and reads them in order, page by page', async () => {
      const { store } = await setup();
      const events = [0, 1, 2, 3, 4].map((i) => ({ type: 'claimed' as const, ticketId: `t${i}`, conversationId: 'c', at: i, agentId: 'a', waitedMs: i }));
      const ids: string[] = [];
      for (const event of events) ids.push(await store.appendEvent(event));
      const firstPage = await store.readEvents({ limit: 3 });
      expect(firstPage).toEqual(events.slice(0, 3).map((event, i) => ({ id: ids[i], event })));
      expect((await store.readEvents({ after: firstPage[2]!.id })).map((e) => e.event)).toEqual(events.slice(3));
    });

    it("erases a conversation's tickets, deadlines, held load and audit events", async () => {
      const { store } = await setup();
      const closed = (await store.openTicket(input({ conversationId: 'c-erase' }))).ticket;
      await store.abandon(closed.id);
      const open = (await store.openTicket(input({ conversationId: 'c-erase' }))).ticket;
      const kept = (await store.openTicket(input({ conversationId: 'c-keep' }))).ticket;
      await store.upsertAgent(agent('a1'));
      await store.claim(open.id, 'a1');
      await store.scheduleDeadline({ ticketId: open.id, kind: 'first_reply', at: 10 });
      const event = (conversationId: string, ticketId: string) => ({ type: 'abandoned', ticketId, conversationId, at: 5, waitedMs: 1 }) as const;
      await store.appendEvent(event('c-erase', closed.id));
      await store.appendEvent(event('c-keep', kept.id));
      await store.appendEvent(event('c-erase', open.id));
      expect(await store.eraseConversation('c-erase')).toEqual({ tickets: expect.arrayContaining([closed.id, open.id]), events: 2 });
      expect((await store.readEvents()).map((stored) => stored.event.conversationId)).toEqual(['c-keep']);
      expect(await store.getTicket(closed.id)).toBeUndefined();
      expect(await store.getTicket(open.id)).toBeUndefined();
      expect(await store.openTicketFor('c-erase')).toBeUndefined();
      expect(await store.takeDueDeadlines(100)).toEqual([]);
      expect((await store.getAgent('a1'))?.activeTickets).toBe(0);
      expect(await store.getTicket(kept.id)).toMatchObject({ state: 'queued' });
      expect(await store.eraseConversation('c-erase')).toEqual({ tickets: [], events: 0 });
    });
  });
}
