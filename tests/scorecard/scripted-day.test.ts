/**
 * The agents' scorecard matches a scripted day of tickets: seven customers escalate through the real
 * escalation policy, Ada, Ben and Cy (configured) and Zed (not configured) claim, answer at known
 * delays, transfer, return and resolve at known handle times, customers rate them and write messages of
 * known emotion, and one first reply misses the SLA. Every figure of the card is asserted exactly, then
 * the Prometheus text: the agent label carries only the configured agents, Zed counts as `other`.
 * On the memory stores and on the real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult } from '../../handoff/desk-api.js';
import { scorecardFrom } from '../../supervision/scorecard/index.js';
import { CONFIGURED, createDay, type Day } from './day-harness.js';

const ok = (result: ActionResult) => expect(result, JSON.stringify(result)).toMatchObject({ ok: true });

/** The value of one sample line of the Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

for (const kind of ['memory', 'redis'] as const) {
  describe(`the agents' scorecard of a scripted day (${kind} store)`, () => {
    let day: Day;

    beforeAll(async () => {
      day = await createDay(kind, '2026-11-23T09:00:00Z');
      const { service } = day;

      // T1, Ada: start (-0.25, -0.75) = -0.5; first reply 20 s; end (0, 0.5) = 0.25; handle 300 s; CSAT 5.
      const c1 = day.customer('c1');
      await c1.say('where is my order?', -0.25, 'track_order');
      await day.advance(10);
      await c1.say('I want a person', -0.75);
      const t1 = await c1.ticketId();
      await day.advance(10);
      ok(await service.claim(t1, 'ada'));
      await day.advance(10);
      ok(await service.reply(t1, 'ada', 'Hello, Ada here.'));
      await day.advance(30);
      await c1.say('ok', 0, 'None');
      await day.advance(30);
      await c1.say('thanks', 0.5, 'thanks');
      await day.advance(220);
      ok(await service.resolve(t1, 'ada'));
      expect(await service.recordCsat('c1', 5)).toBe(true);

      // T2, Ada then Ben: start -0.5; Ada replies at 25 s and transfers to Ben, whose first reply is at
      // 140 s (measured from the escalation); end (-0.25, 0.25) = 0; Ben resolves at 600 s; CSAT 3.
      await day.at('2026-11-23T10:00:00Z');
      const c2 = day.customer('c2');
      await c2.say('I want a person', -0.5);
      const t2 = await c2.ticketId();
      await day.advance(15);
      ok(await service.claim(t2, 'ada'));
      await day.advance(10);
      ok(await service.reply(t2, 'ada', 'Ada here.'));
      await day.advance(35);
      await c2.say('hmm', -0.25, 'None');
      await day.advance(60);
      ok(await service.transfer(t2, 'ada', { toAgentId: 'ben' }));
      await day.advance(20);
      ok(await service.reply(t2, 'ben', 'Ben from billing here.'));
      await day.advance(40);
      await c2.say('great', 0.25, 'None');
      await day.advance(420);
      ok(await service.resolve(t2, 'ben'));
      expect(await service.recordCsat('c2', 3)).toBe(true);

      // T3, Ben: start -1; claimed at 5 s, silent past the 30 s deadline (the breach), first reply at 60 s;
      // four messages, the last three (0.25, 0.5, 0.75) make the end, 0.5; handle 900 s; CSAT 4.
      await day.at('2026-11-23T11:00:00Z');
      const c3 = day.customer('c3');
      await c3.say('I want a person', -1);
      const t3 = await c3.ticketId();
      await day.advance(5);
      ok(await service.claim(t3, 'ben'));
      await day.advance(55);
      ok(await service.reply(t3, 'ben', 'Sorry for the wait, Ben here.'));
      for (const emotion of [-0.5, 0.25, 0.5, 0.75]) {
        await day.advance(20);
        await c3.say('…', emotion, 'None');
      }
      await day.advance(760);
      ok(await service.resolve(t3, 'ben'));
      expect(await service.recordCsat('c3', 4)).toBe(true);

      // T4, Cy: first reply 28 s, then back to the bot; no resolve, so no emotion figure.
      await day.at('2026-11-23T12:00:00Z');
      const c4 = day.customer('c4');
      await c4.say('I want a person', 0);
      const t4 = await c4.ticketId();
      await day.advance(20);
      ok(await service.claim(t4, 'cy'));
      await day.advance(8);
      ok(await service.reply(t4, 'cy', 'Cy here.'));
      await day.advance(72);
      ok(await service.returnToBot(t4, 'cy'));

      // T5, Cy: start -0.5; first reply 20 s; end 0.5; handle 200 s; CSAT 2.
      await day.at('2026-11-23T13:00:00Z');
      const c5 = day.customer('c5');
      await c5.say('I want a person', -0.5);
      const t5 = await c5.ticketId();
      await day.advance(10);
      ok(await service.claim(t5, 'cy'));
      await day.advance(10);
      ok(await service.reply(t5, 'cy', 'Cy here.'));
      await day.advance(30);
      await c5.say('lovely', 0.5, 'None');
      await day.advance(150);
      ok(await service.resolve(t5, 'cy'));
      expect(await service.recordCsat('c5', 2)).toBe(true);

      // T6, Zed (not configured, so `other`): start -0.25; first reply 15 s; end 0; handle 60 s; CSAT 1.
      await day.at('2026-11-23T14:00:00Z');
      const c6 = day.customer('c6');
      await c6.say('I want a person', -0.25);
      const t6 = await c6.ticketId();
      await day.advance(10);
      ok(await service.claim(t6, 'zed'));
      await day.advance(5);
      ok(await service.reply(t6, 'zed', 'Zed here.'));
      await day.advance(15);
      await c6.say('fine', 0, 'None');
      await day.advance(30);
      ok(await service.resolve(t6, 'zed'));
      expect(await service.recordCsat('c6', 1)).toBe(true);

      // T7, Ada: start -0.5; first reply 27 s; end (-0.25, 0.75) = 0.25; handle 600 s; CSAT 4.
      await day.at('2026-11-23T15:00:00Z');
      const c7 = day.customer('c7');
      await c7.say('I want a person', -0.5);
      const t7 = await c7.ticketId();
      await day.advance(5);
      ok(await service.claim(t7, 'ada'));
      await day.advance(22);
      ok(await service.reply(t7, 'ada', 'Ada again.'));
      await day.advance(33);
      await c7.say('still broken', -0.25, 'None');
      await day.advance(60);
      await c7.say('works now', 0.75, 'None');
      await day.advance(480);
      ok(await service.resolve(t7, 'ada'));
      expect(await service.recordCsat('c7', 4)).toBe(true);
      await day.recorder.settled();
    });

    afterAll(() => day?.cleanup());

    it('computes every figure per agent over the day', async () => {
      const card = scorecardFrom(await day.stats.window(1440, day.clock.now), CONFIGURED);
      expect(card.minutes).toBe(1440);
      expect(card.queuedSlaBreaches).toBe(0);
      expect(card.agents).toEqual([
        {
          agentId: 'ada',
          name: 'Ada',
          claimed: 3,
          firstReplies: 3,
          firstReplySecondsAvg: 24, // (20 + 25 + 27) / 3
          firstReplyOnTime: 1,
          resolved: 2,
          handleSecondsAvg: 450, // (300 + 600) / 2
          firstContactResolution: 1,
          csatAvg: 4.5,
          csatCount: 2,
          slaBreaches: 0,
          transfersOut: 1,
          returnedToBot: 0,
          emotion: { tickets: 2, startAvg: -0.5, endAvg: 0.25, change: 0.75 },
        },
        {
          agentId: 'ben',
          name: 'Ben',
          claimed: 1,
          firstReplies: 2,
          firstReplySecondsAvg: 100, // (140 + 60) / 2
          firstReplyOnTime: 0,
          resolved: 2,
          handleSecondsAvg: 750, // (600 + 900) / 2
          firstContactResolution: 0.5, // T2 came by transfer
          csatAvg: 3.5,
          csatCount: 2,
          slaBreaches: 1,
          transfersOut: 0,
          returnedToBot: 0,
          emotion: { tickets: 2, startAvg: -0.75, endAvg: 0.25, change: 1 },
        },
        {
          agentId: 'cy',
          name: 'Cy',
          claimed: 2,
          firstReplies: 2,
          firstReplySecondsAvg: 24, // (28 + 20) / 2
          firstReplyOnTime: 1,
          resolved: 1,
          handleSecondsAvg: 200,
          firstContactResolution: 1,
          csatAvg: 2,
          csatCount: 1,
          slaBreaches: 0,
          transfersOut: 0,
          returnedToBot: 1,
          emotion: { tickets: 1, startAvg: -0.5, endAvg: 0.5, change: 1 },
        },
        {
          agentId: 'other',
          name: 'Other (not configured)',
          claimed: 1,
          firstReplies: 1,
          firstReplySecondsAvg: 15,
          firstReplyOnTime: 1,
          resolved: 1,
          handleSecondsAvg: 60,
          firstContactResolution: 1,
          csatAvg: 1,
          csatCount: 1,
          slaBreaches: 0,
          transfersOut: 0,
          returnedToBot: 0,
          emotion: { tickets: 1, startAvg: -0.25, endAvg: 0, change: 0.25 },
        },
      ]);
    });

    it('counts only what falls in the chosen window', async () => {
      // The last hour holds T7 only.
      const card = scorecardFrom(await day.stats.window(60, day.clock.now), CONFIGURED);
      expect(card.agents.map((row) => [row.agentId, row.claimed, row.resolved, row.csatAvg])).toEqual([
        ['ada', 1, 1, 4],
        ['ben', 0, 0, null],
        ['cy', 0, 0, null],
      ]);
      expect(card.agents[0]!.emotion).toEqual({ tickets: 1, startAvg: -0.5, endAvg: 0.25, change: 0.75 });
    });

    it('labels Prometheus series with configured agents only, anyone else as other', async () => {
      const text = await day.registry.metrics();
      const agents = new Set([...text.matchAll(/agent="([^"]*)"/g)].map((match) => match[1]));
      expect([...agents].sort()).toEqual(['ada', 'ben', 'cy', 'other']);
      expect(text).not.toContain('zed');
      expect(sample(text, 'baton_agent_tickets_total', '{agent="ada",outcome="claimed"}')).toBe(3);
      expect(sample(text, 'baton_agent_tickets_total', '{agent="ada",outcome="transferred"}')).toBe(1);
      expect(sample(text, 'baton_agent_tickets_total', '{agent="cy",outcome="returned"}')).toBe(1);
      expect(sample(text, 'baton_agent_tickets_total', '{agent="other",outcome="resolved"}')).toBe(1);
      expect(sample(text, 'baton_agent_sla_breaches_total', '{agent="ben"}')).toBe(1);
      expect(sample(text, 'baton_agent_sla_breaches_total', '{agent="ada"}')).toBeUndefined();
      expect(sample(text, 'baton_agent_resolutions_total', '{agent="ben",first_contact="false"}')).toBe(1);
      expect(sample(text, 'baton_agent_first_reply_seconds_sum', '{agent="ben"}')).toBe(200);
      expect(sample(text, 'baton_agent_handle_seconds_sum', '{agent="ada"}')).toBe(900);
      expect(sample(text, 'baton_agent_csat_score_sum', '{agent="ada"}')).toBe(9);
      expect(sample(text, 'baton_agent_customer_emotion_sum', '{agent="ben",phase="start"}')).toBe(-1.5);
      expect(sample(text, 'baton_agent_customer_emotion_sum', '{agent="ben",phase="end"}')).toBe(0.5);
      expect(sample(text, 'baton_agent_customer_emotion_count', '{agent="other",phase="end"}')).toBe(1);
    });
  });

  describe(`emotion readings of tickets that end without a resolve (${kind} store)`, () => {
    let day: Day;
    afterAll(() => day?.cleanup());

    it('forgets them when the customer leaves the queue or the agent returns the ticket, and counts them on no card', async () => {
      day = await createDay(kind, '2026-11-24T09:00:00Z');
      const leaving = day.customer('leaving');
      await leaving.say('I want a person', -0.5);
      const left = await leaving.ticketId();
      await day.advance(5);
      await leaving.say('still waiting', -0.75, 'None');
      await day.recorder.settled();
      expect(await day.moods.read(left)).toEqual({ start: -0.5, recent: [-0.75] });
      await day.advance(5);
      await leaving.say('cancel', -0.25, 'None');
      await day.recorder.settled();
      expect(await day.service.openTicketFor('leaving')).toBeUndefined();
      expect(await day.moods.read(left)).toBeUndefined();

      const returned = day.customer('returned');
      await returned.say('I want a person', -0.5);
      const back = await returned.ticketId();
      ok(await day.service.claim(back, 'ada'));
      await returned.say('hello?', 0, 'None');
      ok(await day.service.returnToBot(back, 'ada'));
      await day.recorder.settled();
      expect(await day.moods.read(back)).toBeUndefined();

      const card = scorecardFrom(await day.stats.window(60, day.clock.now), CONFIGURED);
      expect(card.agents.map((row) => row.emotion.tickets)).toEqual([0, 0, 0]);
      expect(card.agents[0]).toMatchObject({ claimed: 1, returnedToBot: 1, resolved: 0 });
    });
  });
}
