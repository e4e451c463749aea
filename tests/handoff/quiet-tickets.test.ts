/**
 * Tickets of customers who have gone quiet are abandoned after QUEUE_ABANDON_AFTER_MINUTES of the
 * team's open time (handoff/service/quiet-tickets.ts): through the whole bot (Direct Line customer,
 * Slack desk on the fake), on memory and on the real Redis, with the app's clock moved by the test.
 * A customer who keeps writing stays in the queue; hours the team is closed do not count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseBusinessHours } from '../../handoff/business-hours.js';
import { openTimeBetween, QUIET_TICKET_CLOSED } from '../../handoff/service/quiet-tickets.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { shownText, startSlackApp, type SlackApp } from '../slack/slack-harness.js';
import { eventually } from './harness.js';

const MINUTE = 60_000;

for (const store of ['memory', 'redis'] as const) {
  describe(`quiet tickets (${store})`, () => {
    let app: SlackApp | undefined;
    let testRedis: TestRedis | undefined;
    afterEach(async () => {
      await app?.stop();
      await testRedis?.cleanup();
    });

    it('abandons a queued ticket whose customer wrote nothing for the set time, tells them, records why, and closes the card', async () => {
      testRedis = store === 'redis' ? connectTestRedis('quiet-tickets') : undefined;
      app = await startSlackApp({ testRedis, settings: { QUEUE_ABANDON_AFTER_MINUTES: '30' } });
      const running = app;
      const fire = async () => {
        await running.assistant.handoff.service.fireDueDeadlines();
        await running.settle();
      };
      const gone = await running.escalatedCustomer();
      const patient = await running.escalatedCustomer();
      await gone.customer.read();
      await patient.customer.read();
      const open = (conversationId: string) => running.assistant.handoff.service.openTicketFor(conversationId);

      // 20 minutes in, the patient customer writes; at 31 minutes only the silent one has been quiet for 30.
      running.advance(20 * MINUTE);
      await fire();
      await patient.customer.say('Still here, any news?');
      running.advance(11 * MINUTE);
      await eventually('the quiet ticket closed', async () => (await fire(), (await open(gone.customer.conversationId)) === undefined));
      expect(await open(patient.customer.conversationId)).toBeDefined();
      expect((await gone.customer.read()).map((reply) => reply.text)).toContain(QUIET_TICKET_CLOSED.en);

      const events = (await running.assistant.handoff.store.readEvents()).map((entry) => entry.event);
      const abandoned = events.find((event) => event.type === 'abandoned' && event.ticketId === gone.ticketId);
      expect(abandoned).toMatchObject({ type: 'abandoned', reason: 'quiet' });
      // The app's clock is real time plus the test's moves: 31 minutes and the few moments the test took.
      expect(abandoned?.type === 'abandoned' && abandoned.quietMs).toBeGreaterThanOrEqual(31 * MINUTE);
      expect(events.filter((event) => event.type === 'abandoned')).toHaveLength(1);
      await eventually('the card closed', () => shownText(running.currentCard(gone.ticketId)).includes('The customer left the queue'));

      // The patient one's clock started again when they wrote: quiet only 30 minutes after that.
      running.advance(18 * MINUTE);
      await fire();
      expect(await open(patient.customer.conversationId)).toBeDefined();
      running.advance(2 * MINUTE);
      await eventually('the second quiet ticket closed', async () => (await fire(), (await open(patient.customer.conversationId)) === undefined));
    });

    it('never abandons while QUEUE_ABANDON_AFTER_MINUTES is 0', async () => {
      testRedis = store === 'redis' ? connectTestRedis('quiet-tickets-off') : undefined;
      app = await startSlackApp({ testRedis, settings: { QUEUE_ABANDON_AFTER_MINUTES: '0' } });
      const waiting = await app.escalatedCustomer();
      app.advance(3 * 24 * 60 * MINUTE);
      await app.assistant.handoff.service.fireDueDeadlines();
      await app.settle();
      expect(await app.assistant.handoff.service.openTicketFor(waiting.customer.conversationId)).toBeDefined();
    });
  });
}

describe('open time between two instants', () => {
  const office = parseBusinessHours({
    timeZone: 'UTC',
    weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
  });
  const at = (iso: string) => Date.parse(iso);

  it('counts every minute without business hours', () => {
    expect(openTimeBetween(at('2026-11-27T17:00:00Z'), at('2026-11-30T10:00:00Z'), undefined, Infinity)).toBe(65 * 60 * MINUTE);
  });

  it('counts only the hours the team is open, so a weekend does not make a Friday customer "quiet"', () => {
    // Friday 17:00 to Monday 10:00: one hour on Friday, one on Monday.
    expect(openTimeBetween(at('2026-11-27T17:00:00Z'), at('2026-11-30T10:00:00Z'), office, Infinity)).toBe(2 * 60 * MINUTE);
    // A message written at night starts counting at the opening.
    expect(openTimeBetween(at('2026-11-24T22:00:00Z'), at('2026-11-25T09:30:00Z'), office, Infinity)).toBe(30 * MINUTE);
  });

  it('stops counting once it has enough', () => {
    expect(openTimeBetween(at('2026-11-23T09:00:00Z'), at('2026-12-23T09:00:00Z'), office, 60 * MINUTE)).toBe(60 * MINUTE);
  });
});
