/**
 * Follow-the-sun routing through the handoff service, with an injected clock: a ticket at 02:30 in the
 * Berlin team's zone goes to the Shanghai team, open at 09:30 its time; when every team is closed the
 * customer is told when the first one opens, in their own time zone. On memory and on the real Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseHandoffSettings, type HandoffSettingsInput } from '../../handoff/service/settings.js';
import { createHarness, type Harness } from '../handoff/harness.js';

const office = [['09:00', '18:00']];
const weekdays = { mon: office, tue: office, wed: office, thu: office, fri: office };
const TEAMS: HandoffSettingsInput = {
  teams: [
    { name: 'Berlin', skill: 'general', languages: ['en', 'de'], businessHours: { timeZone: 'Europe/Berlin', weekly: weekdays } },
    { name: 'Shanghai', skill: 'shanghai', languages: ['en', 'zh'], businessHours: { timeZone: 'Asia/Shanghai', weekly: weekdays, holidays: ['2026-11-26'] } },
  ],
};
// Monday 23 November 2026, 01:30 UTC: 02:30 in Berlin (closed), 09:30 in Shanghai (open).
const BERLIN_0230 = Date.parse('2026-11-23T01:30:00Z');

for (const kind of ['memory', 'redis'] as const) {
  describe(`follow the sun (${kind} store)`, () => {
    let harness: Harness | undefined;
    afterEach(async () => {
      await harness?.cleanup();
      harness = undefined;
    });

    it('a ticket at 02:30 in Berlin goes to the Shanghai team, which is open', async () => {
      harness = await createHarness(kind, TEAMS, BERLIN_0230);
      await harness.store.upsertAgent({ id: 'mei', name: 'Mei', languages: ['zh', 'en'], skills: ['shanghai'], capacity: 3, presence: 'available' });
      const { ticket, notice } = await harness.escalate('sun-1', { text: 'I want to talk to a person' });
      expect(ticket.skill).toBe('shanghai');
      expect(ticket.details.routedBy).toBe('default: general; follow the sun: Berlin closed, Shanghai open');
      expect(ticket.details.callback).toBeUndefined();
      expect(notice).toMatch(/number 1 in the queue/);
    });

    it('a language only the closed team serves stays with it, and the customer hears its opening in their own time', async () => {
      harness = await createHarness(kind, TEAMS, BERLIN_0230);
      const { ticket, notice } = await harness.escalate('sun-2', { text: 'I want to talk to a person', timeZone: 'America/New_York' });
      // 'en' is served by Shanghai too: it goes there even with nobody on duty, as a callback.
      expect(ticket.skill).toBe('shanghai');
      const german = await harness.escalate('sun-3', { text: 'I want to talk to a person', locale: 'de', timeZone: 'America/New_York' });
      expect(german.ticket.skill).toBe('general');
      // Berlin opens Monday 09:00 CET = 03:00 in New York.
      expect(german.notice).toContain('Monday 03:00 (Eastern Standard Time)');
      expect(notice).toBeTruthy();
    });

    it('refuses bad team settings, naming the field', () => {
      expect(() => parseHandoffSettings({ teams: [{ name: 'X', skill: 'a b', businessHours: {} }] })).toThrow(/teams\.0\.skill/);
      expect(() => parseHandoffSettings({ teams: [{ name: 'X', skill: 'x', businessHours: { timeZone: 'Mars/Olympus' } }] })).toThrow(
        /teams\.0\.businessHours/,
      );
      expect(() =>
        parseHandoffSettings({
          teams: [
            { name: 'A', skill: 'x', businessHours: {} },
            { name: 'B', skill: 'x', businessHours: {} },
          ],
        }),
      ).toThrow(/share a skill/);
    });
  });
}
