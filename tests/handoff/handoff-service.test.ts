/**
 * The handoff service through the agent API (`AgentDesk`), on memory and on the real Redis: claims,
 * replies, notes, transfers, hand-back, resolve and CSAT, masking, delivery failures, the audit
 * events of a whole ticket, and erasure. The customer's channel is a recording adapter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { AGENTS, createHarness, eventually, MONDAY_10_UTC, type Harness } from './harness.js';

for (const kind of ['memory', 'redis'] as const) {
  describe(`handoff service (${kind})`, () => {
    let h: Harness;
    afterEach(async () => h?.cleanup());

    it('answers the escalation at once with the place and the expected wait', async () => {
      h = await createHarness(kind);
      const first = await h.escalate('c1');
      expect(first.created).toBe(true);
      expect(first.notice).toBe(handoffMessages('en').queued({ position: 1, waitMinutes: 1 }));
      const again = await h.escalate('c1');
      expect(again).toMatchObject({ created: false, ticket: { id: first.ticket.id } });
      h.clock.tick(1000);
      const chinese = await h.escalate('c2', { text: '我要找人工客服', locale: 'zh' });
      expect(chinese.notice).toMatch(/排在第 2 位/);
      // Nobody on duty: the customer is told everyone is busy instead of a made-up wait.
      for (const agent of AGENTS) await h.store.setPresence(agent.id, 'away');
      h.clock.tick(1000);
      expect((await h.escalate('c3')).notice).toBe(handoffMessages('en').queuedNoAgents({ position: 3 }));
      // A VIP rises above the others with the same reason.
      h.clock.tick(1000);
      const vip = await h.escalate('c4', { vip: true });
      expect(vip.ticket).toMatchObject({ vip: true, priority: first.ticket.priority + 15 });
      expect(vip.notice).toBe(handoffMessages('en').queuedNoAgents({ position: 1 }));
    });

    it('lets exactly one of 50 agents claiming one ticket at once win, and tells the customer who joined', async () => {
      h = await createHarness(kind);
      const many = Array.from({ length: 50 }, (_, i) => ({
        id: `agent-${i}`,
        name: `Agent ${i}`,
        languages: ['en'],
        skills: ['general'],
        capacity: 1,
        presence: 'available' as const,
      }));
      for (const agent of many) await h.store.upsertAgent(agent);
      const { ticket } = await h.escalate('c1');
      const results = await Promise.all(many.map((agent) => h.service.claim(ticket.id, agent.id)));
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'already_claimed')).toBe(true);
      const winner = winners[0]!.ok ? winners[0]!.ticket.agentId : undefined;
      expect(h.channel.textsFor('c1')).toEqual([handoffMessages('en').agentJoined({ agentName: `Agent ${winner!.slice(6)}` })]);
      expect((await h.service.queue(winner!)).mine.map((t) => t.id)).toEqual([ticket.id]);
    });

    it("sends the holder's replies to the customer, refuses everyone else, and records the first reply once", async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      expect(await h.service.reply(ticket.id, 'ada', 'too early')).toMatchObject({ ok: false, code: 'not_holder' });
      await h.service.claim(ticket.id, 'ada');
      h.clock.tick(12_000);
      expect(await h.service.reply(ticket.id, 'ada', 'Hi Ana, I am looking at it')).toMatchObject({ ok: true });
      expect(await h.service.reply(ticket.id, 'ben', 'me too')).toMatchObject({ ok: false, code: 'not_holder' });
      await h.service.reply(ticket.id, 'ada', 'Found it');
      const delivered = h.channel.sent.filter((s) => s.conversationId === 'c1').slice(1);
      expect(delivered.map((d) => d.text)).toEqual(['Hi Ana, I am looking at it', 'Found it']);
      expect(delivered[0]?.channelData).toEqual({ baton: { agentId: 'ada', agentName: 'Ada' } });
      const events = (await h.store.readEvents()).map((e) => e.event);
      expect(events.filter((e) => e.type === 'first_agent_reply')).toEqual([expect.objectContaining({ agentId: 'ada', responseMs: 12_000 })]);
      await eventually('the agent_message pushes', () => h.events.filter((e) => e.type === 'agent_message').length === 2);
    });

    it('keeps notes internal, and shows agents a masked transcript with facts and a suggestion', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1', {
        text: 'My order A1001 never came, card 4111 1111 1111 1111, mail ana@example.com',
        timeZone: 'Asia/Shanghai',
      });
      await h.service.claim(ticket.id, 'ada');
      await h.service.note(ticket.id, 'ada', 'VIP? call back on +44 20 7946 0958');
      expect(await h.service.note(ticket.id, 'ben', 'not mine')).toMatchObject({ ok: false, code: 'not_holder' });
      expect(h.channel.textsFor('c1').join('\n')).not.toContain('VIP?');
      const details = await h.service.details(ticket.id, 'ada');
      const text = JSON.stringify(details?.transcript);
      expect(text).not.toContain('4111 1111 1111 1111');
      expect(text).not.toContain('ana@example.com');
      expect(text).not.toContain('7946 0958');
      expect(details?.transcript.map((l) => l.from)).toEqual(['customer', 'note']);
      expect(details).toMatchObject({
        reason: 'requested_human',
        customerName: 'Ana',
        customerTimeZone: 'Asia/Shanghai',
        customerLocalTime: 'Mon 18:00',
        orderFacts: { order: 'A1001', status: 'shipped' },
        suggestedAnswer: 'Your order is on its way.',
        emotionTrend: [0],
      });
      expect(details?.reasonDetail).toMatch(/contact_human_agent/);
      // A reader that does not show the suggestion (Slack's card sync) does not pay for the NLU.
      expect(await h.service.details(ticket.id, 'ada', { suggestion: false })).toEqual({ ...details, suggestedAnswer: undefined });
    });

    it('transfers to a skill (queued again, customer told) and to an agent', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      expect(await h.service.transfer(ticket.id, 'ada', { toSkill: 'billing' })).toMatchObject({ ok: true, ticket: { state: 'queued', skill: 'billing' } });
      expect(h.channel.textsFor('c1').at(-1)).toBe(handoffMessages('en').transferred);
      expect((await h.service.queue('ben')).queued.map((t) => t.id)).toEqual([ticket.id]);
      expect((await h.service.queue('ada')).queued).toEqual([]);
      await h.service.claim(ticket.id, 'ben');
      expect(await h.service.transfer(ticket.id, 'ben', { toAgentId: 'ada' })).toMatchObject({ ok: true, ticket: { state: 'assigned', agentId: 'ada' } });
      expect(await h.service.transfer(ticket.id, 'ben', { toAgentId: 'ada' })).toMatchObject({ ok: false, code: 'not_holder' });
    });

    it('returns the conversation to the bot with a short note', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      expect(await h.service.returnToBot(ticket.id, 'ada')).toMatchObject({ ok: true, ticket: { state: 'returned' } });
      expect(h.channel.textsFor('c1').at(-1)).toBe(handoffMessages('en').returnedToBot);
      expect(await h.service.openTicketFor('c1')).toBeUndefined();
      expect((await h.store.getAgent('ada'))?.activeTickets).toBe(0);
    });

    it('resolves, asks for CSAT and stores the score on the ticket; the audit stream has every step', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      h.clock.tick(5000);
      await h.service.claim(ticket.id, 'ada');
      h.clock.tick(3000);
      await h.service.reply(ticket.id, 'ada', 'Sorted!');
      expect(await h.service.resolve(ticket.id, 'ben')).toMatchObject({ ok: false, code: 'not_holder' });
      expect(await h.service.resolve(ticket.id, 'ada')).toMatchObject({ ok: true, ticket: { state: 'resolved' } });
      expect(h.channel.textsFor('c1').at(-1)).toBe(handoffMessages('en').resolved);
      expect(h.csatAsked).toEqual(['c1']);
      expect(await h.service.recordCsat('c1', 5)).toBe(true);
      expect(await h.service.recordCsat('c1', 4)).toBe(false);
      expect((await h.service.details(ticket.id, 'ada'))?.csat).toBe(5);
      const events = (await h.store.readEvents()).map((e) => e.event);
      expect(events.map((e) => e.type)).toEqual(['escalated', 'claimed', 'first_agent_reply', 'resolved', 'csat']);
      expect(events[1]).toMatchObject({ waitedMs: 5000, agentId: 'ada' });
      expect(events[2]).toMatchObject({ responseMs: 8000 });
      expect(events[4]).toMatchObject({ score: 5, agentId: 'ada' });
    });

    it("tells the agent when the customer's channel refuses a reply, and marks nothing as sent", async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      h.channel.failing = true;
      expect(await h.service.reply(ticket.id, 'ada', 'hello?')).toMatchObject({ ok: false, code: 'delivery_failed' });
      expect((await h.store.readEvents()).map((e) => e.event.type)).not.toContain('first_agent_reply');
      h.channel.failing = false;
      expect(await h.service.reply(ticket.id, 'ada', 'hello?')).toMatchObject({ ok: true });
    });

    it('sends a keyed reply once on a channel that cannot key its sends, however often and from whichever instance it is repeated', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      // The channel refused it: nothing was sent, so the retry with the same key sends.
      h.channel.failing = true;
      expect(await h.service.reply(ticket.id, 'ada', 'Your parcel left today.', { key: 'k1' })).toMatchObject({ ok: false, code: 'delivery_failed' });
      h.channel.failing = false;
      const sent = await h.service.reply(ticket.id, 'ada', 'Your parcel left today.', { key: 'k1' });
      expect(sent).toMatchObject({ ok: true, messageId: expect.any(String) });
      expect(sent).not.toHaveProperty('repeated');
      // Repeated at once, here and on another instance: answered as the first, nothing sent.
      const other = await h.restart();
      const repeats = await Promise.all([
        h.service.reply(ticket.id, 'ada', 'Your parcel left today.', { key: 'k1' }),
        other.service.reply(ticket.id, 'ada', 'Your parcel left today.', { key: 'k1' }),
      ]);
      for (const repeat of repeats) expect(repeat).toMatchObject({ ok: true, repeated: true, messageId: (sent as { messageId: string }).messageId });
      expect(h.channel.textsFor('c1').filter((text) => text === 'Your parcel left today.')).toHaveLength(1);
      expect(other.channel.textsFor('c1')).toEqual([]);
      expect(h.events.filter((event) => event.type === 'agent_message')).toHaveLength(1);
    });

    it('sends two keyed replies sent at once with one key once', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      const both = await Promise.all([
        h.service.reply(ticket.id, 'ada', 'On it.', { key: 'double-click' }),
        h.service.reply(ticket.id, 'ada', 'On it.', { key: 'double-click' }),
      ]);
      expect(both.map((result) => result.ok)).toEqual([true, true]);
      expect(both.filter((result) => result.ok && result.repeated)).toHaveLength(1);
      expect(h.channel.textsFor('c1').filter((text) => text === 'On it.')).toHaveLength(1);
    });

    it("marks the first reply from a keyed repeat when the sender died between the key's record and the mark: no SLA breach", async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      h.clock.tick(5000);
      // The channel took the reply and its key recorded it; the instance dies before the first-reply mark.
      const markFirstReply = h.store.markFirstReply;
      h.store.markFirstReply = async () => {
        throw new Error('the instance died here');
      };
      await expect(h.service.reply(ticket.id, 'ada', 'Your parcel left today.', { key: 'k-died' })).rejects.toThrow('the instance died here');
      h.store.markFirstReply = markFirstReply;
      // The console retries on another instance, after the SLA's 30 s.
      h.clock.tick(40_000);
      const other = await h.restart();
      expect(await other.service.reply(ticket.id, 'ada', 'Your parcel left today.', { key: 'k-died' })).toMatchObject({ ok: true, repeated: true });
      expect(h.channel.textsFor('c1').filter((text) => text === 'Your parcel left today.')).toHaveLength(1);
      expect(await h.store.getTicket(ticket.id)).toMatchObject({ firstReplyAt: MONDAY_10_UTC + 5000 });
      await other.service.fireDueDeadlines();
      const events = (await h.store.readEvents()).map((e) => e.event);
      expect(events.filter((event) => event.type === 'sla_breach')).toEqual([]);
      expect(events.filter((event) => event.type === 'first_agent_reply')).toEqual([expect.objectContaining({ agentId: 'ada', responseMs: 5000 })]);
      // Repeated once more: marked already, recorded once.
      expect(await other.service.reply(ticket.id, 'ada', 'Your parcel left today.', { key: 'k-died' })).toMatchObject({ ok: true, repeated: true });
      expect((await h.store.readEvents()).filter((e) => e.event.type === 'first_agent_reply')).toHaveLength(1);
    });

    it('lets a queued customer withdraw, and abandons the ticket of one who leaves', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      const facts = {
        conversationId: 'c1',
        locale: 'en',
        emotionTrend: [],
        updatedAt: h.clock.now,
        reference: { channelId: 'test', serviceUrl: 'x', conversation: { id: 'c1' }, bot: { id: 'bot' } },
      };
      expect(await h.service.customerMessage(ticket, { facts, text: 'cancel', withdraw: true })).toEqual({
        reply: handoffMessages('en').leftQueue,
        released: true,
      });
      expect(await h.service.openTicketFor('c1')).toBeUndefined();
      const second = (await h.escalate('c2')).ticket;
      await h.service.customerLeft(second);
      expect(await h.store.getTicket(second.id)).toMatchObject({ state: 'abandoned' });
      expect((await h.store.readEvents()).filter((e) => e.event.type === 'abandoned')).toHaveLength(2);
    });

    it('raises a queued ticket whose customer turns to crisis wording', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      const facts = {
        conversationId: 'c1',
        locale: 'en',
        emotionTrend: [],
        updatedAt: h.clock.now,
        reference: { channelId: 'test', serviceUrl: 'x', conversation: { id: 'c1' }, bot: { id: 'bot' } },
      };
      await h.service.customerMessage(ticket, { facts, text: 'I will sue you, my lawyer is reading this', withdraw: false });
      expect((await h.store.getTicket(ticket.id))?.priority).toBeGreaterThan(ticket.priority);
    });

    it('erases a conversation: tickets, facts, transcript and the load they held', async () => {
      h = await createHarness(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      expect(await h.service.erase('c1')).toMatchObject({ tickets: [ticket.id], facts: true });
      expect(await h.store.getTicket(ticket.id)).toBeUndefined();
      expect(await h.transcript.read('c1')).toEqual([]);
      expect((await h.store.getAgent('ada'))?.activeTickets).toBe(0);
      expect(await h.service.details(ticket.id, 'ada')).toBeUndefined();
    });
  });
}
