/**
 * The SLA reminders and the quiet-ticket clock follow the hours of the team a ticket is routed to, not
 * the top-level business hours: a Shanghai ticket at night in Berlin keeps its clock running while
 * Shanghai is open, and pauses when Shanghai closes even though Berlin is open. Injected clock; on
 * memory and on the real Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HandoffSettingsInput } from '../../handoff/service/settings.js';
import { createHarness, type Harness } from '../handoff/harness.js';

const office = [['09:00', '18:00']];
const weekdays = { mon: office, tue: office, wed: office, thu: office, fri: office };
const SETTINGS: HandoffSettingsInput = {
  // The top-level hours are Berlin's: before, they paused every ticket's clock at night in Berlin.
  businessHours: { timeZone: 'Europe/Berlin', weekly: weekdays },
  routing: { rules: [{ name: 'Chinese to Shanghai', language: 'zh', skill: 'shanghai' }], fallbackSkill: 'general' },
  teams: [
    { name: 'Berlin', skill: 'general', languages: ['en', 'de'], businessHours: { timeZone: 'Europe/Berlin', weekly: weekdays } },
    { name: 'Shanghai', skill: 'shanghai', languages: ['en', 'zh'], businessHours: { timeZone: 'Asia/Shanghai', weekly: weekdays } },
  ],
};
const MINUTE = 60_000;
// Monday 23 November 2026. 01:30 UTC: 02:30 in Berlin (closed), 09:30 in Shanghai (open).
const BERLIN_NIGHT = Date.parse('2026-11-23T01:30:00Z');
// 09:45 UTC: 10:45 in Berlin, 17:45 in Shanghai (both open; Shanghai closes at 10:00 UTC).
const SHANGHAI_EVENING = Date.parse('2026-11-23T09:45:00Z');
// 10:30 UTC: Berlin open, Shanghai closed. Shanghai opens again Tuesday 01:00 UTC.
const SHANGHAI_CLOSED = Date.parse('2026-11-23T10:30:00Z');
const SHANGHAI_OPENS = Date.parse('2026-11-24T01:00:00Z');

for (const kind of ['memory', 'redis'] as const) {
  describe(`team hours for SLA and quiet tickets (${kind} store)`, () => {
    let harness: Harness | undefined;
    afterEach(async () => {
      await harness?.cleanup();
      harness = undefined;
    });

    const breaches = async (h: Harness, ticketId: string) =>
      (await h.store.readEvents()).filter(({ event }) => event.type === 'sla_breach' && event.ticketId === ticketId).length;

    it("keeps a Shanghai ticket's SLA clock running at night in Berlin, and pauses it while Shanghai is closed", async () => {
      const h = (harness = await createHarness(kind, SETTINGS, BERLIN_NIGHT));
      const { ticket } = await h.escalate('xb-sla', { locale: 'zh' });
      expect(ticket.skill).toBe('shanghai');

      // Shanghai is open: the missed first reply is a breach, and the customer hears their place.
      h.clock.tick(31_000);
      expect(await h.service.fireDueDeadlines()).toBe(1);
      expect(h.channel.textsFor('xb-sla')).toHaveLength(1);
      expect(await breaches(h, ticket.id)).toBe(1);

      // Shanghai closed, Berlin open: the next reminder waits for Shanghai's morning.
      h.clock.now = SHANGHAI_CLOSED;
      expect(await h.service.fireDueDeadlines()).toBe(1);
      expect(h.channel.textsFor('xb-sla')).toHaveLength(1);
      expect(await breaches(h, ticket.id)).toBe(1);
      h.clock.now = SHANGHAI_OPENS + 29_000;
      expect(await h.service.fireDueDeadlines()).toBe(0);
      h.clock.tick(2000);
      expect(await h.service.fireDueDeadlines()).toBe(1);
      expect(h.channel.textsFor('xb-sla')).toHaveLength(2);
      expect(await breaches(h, ticket.id)).toBe(2);
    });

    it("counts a Shanghai ticket's quiet time while Shanghai is open, at night in Berlin", async () => {
      const h = (harness = await createHarness(kind, SETTINGS, BERLIN_NIGHT, { abandonQuietAfterMinutes: 30 }));
      const { ticket } = await h.escalate('xb-quiet-night', { locale: 'zh' });
      expect(ticket.skill).toBe('shanghai');
      h.clock.tick(29 * MINUTE);
      await h.service.fireDueDeadlines();
      expect(await h.service.openTicketFor('xb-quiet-night')).toBeDefined();
      h.clock.tick(2 * MINUTE);
      await h.service.fireDueDeadlines();
      expect(await h.service.openTicketFor('xb-quiet-night')).toBeUndefined();
      expect((await h.store.readEvents()).map(({ event }) => event)).toContainEqual(
        expect.objectContaining({ type: 'abandoned', ticketId: ticket.id, reason: 'quiet' }),
      );
    });

    it("stops a Shanghai ticket's quiet clock while Shanghai is closed, though Berlin is open", async () => {
      const h = (harness = await createHarness(kind, SETTINGS, SHANGHAI_EVENING, { abandonQuietAfterMinutes: 30 }));
      const { ticket } = await h.escalate('xb-quiet-evening', { locale: 'zh' });
      expect(ticket.skill).toBe('shanghai');
      // 15 open minutes before Shanghai closes; 45 minutes of Berlin's hours would have closed it.
      h.clock.now = SHANGHAI_CLOSED;
      await h.service.fireDueDeadlines();
      expect(await h.service.openTicketFor('xb-quiet-evening')).toBeDefined();
      h.clock.now = SHANGHAI_OPENS + 14 * MINUTE;
      await h.service.fireDueDeadlines();
      expect(await h.service.openTicketFor('xb-quiet-evening')).toBeDefined();
      h.clock.tick(2 * MINUTE);
      await h.service.fireDueDeadlines();
      expect(await h.service.openTicketFor('xb-quiet-evening')).toBeUndefined();
    });
  });
}
