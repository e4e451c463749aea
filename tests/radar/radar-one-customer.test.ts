/**
 * A surge is many customers, not one customer's many messages: a single customer repeating "where is my
 * order?" and swearing in one conversation (within the abuse limits) raises no incident and no Slack
 * alert, while as many customers asking once each still do. Through the real bot over Direct Line, on
 * memory stores, with a clock the test moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomer } from '../support/directline-customer.js';
import { startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';

const RADAR_CHANNEL = 'C0RADAR02';
const RULES = [
  { id: 'wismo', signal: 'intent:track_order', windowMinutes: 15, minCount: 8 },
  { id: 'anger', signal: 'negative', windowMinutes: 15, minCount: 8 },
];

describe('incident radar and one insistent customer', () => {
  let fakes: Fakes;
  let app: FullApp;
  let clock = Date.parse('2026-12-07T10:00:00Z');

  beforeAll(async () => {
    fakes = await startFakes();
    app = await startFullApp(fakes, {
      now: () => clock,
      extra: { RADAR_RULES: JSON.stringify(RULES), RADAR_SLACK_CHANNEL: RADAR_CHANNEL, RADAR_TICK_SECONDS: '600' },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  const alerts = () => fakes.slack.callsTo('chat.postMessage').filter((call) => call.channel === RADAR_CHANNEL);

  it('counts one conversation once per signal, so one customer alone raises nothing', async () => {
    const customer = await startCustomer(app.baseUrl);
    for (let i = 0; i < 10; i++) {
      await customer.say(i % 2 === 0 ? 'where is my order?' : 'where is my order? this is terrible, I am so angry');
      clock += 20_000;
    }
    await app.assistant.radar.tick();
    expect(await app.assistant.radar.incidents(10)).toEqual([]);
    expect(alerts()).toEqual([]);
    const readings = await app.assistant.radar.readings();
    expect(readings.find((reading) => reading.ruleId === 'wismo')).toMatchObject({ count: 1, surging: false });
    expect(readings.find((reading) => reading.ruleId === 'anger')).toMatchObject({ count: 1, surging: false });
  });

  it('still raises one incident when as many customers ask once each', async () => {
    for (let i = 0; i < 8; i++) await (await startCustomer(app.baseUrl)).say('where is my order?');
    clock += 60_000;
    await app.assistant.radar.tick();
    const incidents = await app.assistant.radar.incidents(10);
    expect(incidents.map((incident) => [incident.ruleId, incident.count])).toEqual([['wismo', 9]]);
    expect(alerts()).toHaveLength(1);
  });
});
