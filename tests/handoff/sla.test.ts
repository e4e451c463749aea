/**
 * The golden 30 seconds: SLA deadlines live in the store, fire from any instance (also one started
 * after the deadline was set), remind agents, update the waiting customer, raise the ticket, and
 * respect business hours. Time is the harness's clock, moved by the test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { createMemoryEventBus } from '../../handoff/bus/event-bus.js';
import { createMemoryFactsStore, HandoffService } from '../../handoff/service/index.js';
import type { HandoffStore } from '../../handoff/store/index.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createHarness, eventually, MONDAY_10_UTC, type Harness } from './harness.js';

const SHANGHAI_OFFICE = {
  timeZone: 'Asia/Shanghai',
  weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
};

for (const kind of ['memory', 'redis'] as const) {
  describe(`SLA timers (${kind})`, () => {
    const harnesses: Harness[] = [];
    afterEach(async () => {
      for (const h of harnesses.splice(0).reverse()) await h.cleanup();
    });
    const make = async (...args: Parameters<typeof createHarness>) => {
      const h = await createHarness(...args);
      harnesses.push(h);
      return h;
    };

    it('does nothing before the deadline; after it reminds agents, updates the customer and raises the ticket, then repeats', async () => {
      const h = await make(kind);
      const { ticket } = await h.escalate('c1');
      h.clock.tick(29_000);
      expect(await h.service.fireDueDeadlines()).toBe(0);
      h.clock.tick(2000);
      expect(await h.service.fireDueDeadlines()).toBe(1);
      expect(h.channel.textsFor('c1')).toEqual([handoffMessages('en').stillQueued({ position: 1, waitMinutes: 1 })]);
      expect((await h.store.getTicket(ticket.id))?.priority).toBe(ticket.priority + 10);
      await eventually("the agents' reminder", () => h.events.some((e) => e.type === 'sla_reminder' && e.ticketId === ticket.id && e.waitedSeconds === 31));
      expect((await h.store.readEvents()).map((e) => e.event)).toContainEqual(
        expect.objectContaining({ type: 'sla_breach', kind: 'first_reply', ticketId: ticket.id }),
      );

      h.clock.tick(59_000);
      expect(await h.service.fireDueDeadlines()).toBe(0);
      h.clock.tick(1000);
      expect(await h.service.fireDueDeadlines()).toBe(1);
      expect(h.channel.textsFor('c1')).toHaveLength(2);
      expect((await h.store.getTicket(ticket.id))?.priority).toBe(ticket.priority + 20);

      // Claimed: the customer is no longer updated, and a reply stops every reminder.
      await h.service.claim(ticket.id, 'ada');
      await h.service.reply(ticket.id, 'ada', 'Here now');
      h.clock.tick(600_000);
      await h.service.fireDueDeadlines();
      expect(h.channel.textsFor('c1').slice(2)).toEqual([handoffMessages('en').agentJoined({ agentName: 'Ada' }), 'Here now']);
    });

    it('reminds the holder of a claimed ticket nobody has answered yet, without bothering the customer', async () => {
      const h = await make(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      h.clock.tick(31_000);
      expect(await h.service.fireDueDeadlines()).toBe(1);
      await eventually("the holder's reminder", () => h.events.some((e) => e.type === 'sla_reminder' && e.ticketId === ticket.id));
      expect(h.channel.textsFor('c1')).toEqual([handoffMessages('en').agentJoined({ agentName: 'Ada' })]);
    });

    it('fires a deadline set before a restart from the instance started after it', async () => {
      const before = await make(kind);
      const { ticket } = await before.escalate('c1');
      await before.service.stop();
      const after = await before.restart();
      after.clock.tick(45_000);
      expect(await after.service.fireDueDeadlines()).toBe(1);
      expect(after.channel.textsFor('c1')).toEqual([handoffMessages('en').stillQueued({ position: 1, waitMinutes: 1 })]);
      expect(await after.store.getTicket(ticket.id)).toMatchObject({ state: 'queued', id: ticket.id });
    });

    it('fires again from another instance a deadline whose instance died while handling it', async () => {
      const h = await make(kind);
      await h.escalate('c1');
      h.clock.tick(31_000);
      // An instance that takes the deadline, then hangs forever on the ticket read: as good as killed.
      let taken = false;
      const frozen: HandoffStore = new Proxy(h.store, {
        get: (store, name: keyof HandoffStore) =>
          name === 'getTicket' ? () => ((taken = true), new Promise(() => undefined)) : (store[name] as (...args: unknown[]) => unknown).bind(store),
      });
      const dying = new HandoffService({
        store: frozen,
        facts: createMemoryFactsStore(),
        transcript: createMemoryTranscriptStore(),
        bus: createMemoryEventBus(),
        now: () => h.clock.now,
      });
      void dying.fireDueDeadlines();
      await eventually('the dying instance to take the deadline', () => taken);
      expect(await h.service.fireDueDeadlines()).toBe(0);
      expect(h.channel.textsFor('c1')).toEqual([]);
      h.clock.tick(30_000);
      expect(await h.service.fireDueDeadlines()).toBe(1);
      expect(h.channel.textsFor('c1')).toEqual([handoffMessages('en').stillQueued({ position: 1, waitMinutes: 1 })]);
      // Handled: the lease is replaced by the next reminder, not fired a second time.
      h.clock.tick(30_000);
      expect(await h.service.fireDueDeadlines()).toBe(0);
    });

    it('fires from the background ticker once started', async () => {
      const h = await make(kind);
      await h.escalate('c1');
      h.clock.tick(31_000);
      await h.service.start({ tickerMs: 20 });
      await eventually('the ticker to update the customer', () => h.channel.textsFor('c1').length === 1);
    });

    it('outside business hours says when the team is back, and waits until then', async () => {
      // Saturday 28 November 2026, 15:00 in Shanghai.
      const saturday = Date.parse('2026-11-28T07:00:00Z');
      const h = await make(kind, { businessHours: SHANGHAI_OFFICE }, saturday);
      const opened = await h.escalate('c1', { locale: 'zh', text: '转人工' });
      expect(opened.notice).toMatch(/客服团队目前不在线，将于周一 09:00/);
      const english = await h.escalate('c2');
      expect(english.notice).toMatch(/back Monday 09:00 \(China Standard Time\)/);
      h.clock.tick(3600_000);
      expect(await h.service.fireDueDeadlines()).toBe(0);
      expect(h.channel.sent).toEqual([]);
      // Monday 09:00:31 in Shanghai: the team is back and the tickets are overdue.
      h.clock.now = Date.parse('2026-11-30T01:00:31Z');
      expect(await h.service.fireDueDeadlines()).toBe(2);
      expect(h.channel.textsFor('c1')[0]).toMatch(/感谢耐心等待/);
    });

    it('a deadline of a ticket closed meanwhile does nothing', async () => {
      const h = await make(kind);
      const { ticket } = await h.escalate('c1');
      await h.service.claim(ticket.id, 'ada');
      await h.service.resolve(ticket.id, 'ada');
      const sent = h.channel.sent.length;
      h.clock.tick(MONDAY_10_UTC);
      expect(await h.service.fireDueDeadlines()).toBe(0);
      expect(h.channel.sent).toHaveLength(sent);
    });
  });
}
