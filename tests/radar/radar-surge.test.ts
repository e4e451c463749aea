/**
 * The incident radar end to end, on two instances sharing the real Redis, with a clock the test moves:
 * "where is my order" messages go through the real bot over Direct Line; a normal rate raises nothing;
 * a surge raises exactly one incident (both instances tick at once), Slack's fake gets exactly one alert
 * with masked examples, and the incident stays single while the surge lasts. Crisis escalations count
 * by reason, with the escalating message as the example.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomer } from '../support/directline-customer.js';
import { ADMIN_TOKEN, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const RADAR_CHANNEL = 'C0RADAR01';
const MINUTE = 60_000;
const RULES = [
  { id: 'wismo', signal: 'intent:track_order', windowMinutes: 15, factor: 10, minCount: 12 },
  { id: 'crisis', signal: 'escalated:crisis', windowMinutes: 10, minCount: 3 },
];

describe('incident radar across two instances', () => {
  let fakes: Fakes;
  let testRedis: TestRedis;
  let a: FullApp;
  let b: FullApp;
  let clock = Date.parse('2026-12-07T10:00:00Z');
  const now = () => clock;

  beforeAll(async () => {
    fakes = await startFakes();
    testRedis = connectTestRedis('radar-surge');
    const options = {
      redis: { url: testRedisUrl, keyPrefix: testRedis.keyPrefix },
      now,
      // The test ticks by hand; the timer's 600 s never come.
      extra: { RADAR_RULES: JSON.stringify(RULES), RADAR_SLACK_CHANNEL: RADAR_CHANNEL, RADAR_TICK_SECONDS: '600' },
    };
    a = await startFullApp(fakes, options);
    b = await startFullApp(fakes, options);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fakes?.close();
    await testRedis?.cleanup();
  });

  const alerts = () => fakes.slack.callsTo('chat.postMessage').filter((call) => call.channel === RADAR_CHANNEL);
  // Counts wait up to a quarter second in each instance's batch; a real tick comes 30 s apart.
  const tickBoth = async () => {
    await Promise.all([a.assistant.radar.flush(), b.assistant.radar.flush()]);
    await Promise.all([a.assistant.radar.tick(), b.assistant.radar.tick()]);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the radar's JSON
  const radarView = async (app: FullApp): Promise<any> => {
    const response = await fetch(`${app.baseUrl}/dashboard/api/radar`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    return response.json();
  };
  /** `count` customers, alternating instances, each asking where their order is. */
  const askWhereIsMyOrder = async (count: number, text = 'where is my order?') => {
    for (let i = 0; i < count; i++) {
      const customer = await startCustomer((i % 2 === 0 ? a : b).baseUrl);
      const replies = await customer.say(i === 0 ? `${text} call me on +44 20 7946 0958` : text);
      expect(replies.length).toBeGreaterThan(0);
    }
  };

  it('raises nothing at a normal rate', async () => {
    await askWhereIsMyOrder(4);
    clock += 2 * MINUTE;
    await tickBoth();
    expect(await a.assistant.radar.incidents(10)).toEqual([]);
    expect(alerts()).toEqual([]);
    const reading = (await radarView(b)).readings.find((r: { ruleId: string }) => r.ruleId === 'wismo');
    expect(reading).toMatchObject({ signal: 'intent:track_order', count: 4, usual: 0, threshold: 12, surging: false });
  });

  it('raises exactly one incident and one Slack alert with masked examples for a surge', async () => {
    await askWhereIsMyOrder(10, 'Where is my order? It has been two weeks');
    clock += MINUTE;
    await tickBoth();
    await tickBoth();

    const incidents = await b.assistant.radar.incidents(10);
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident).toMatchObject({ ruleId: 'wismo', signal: 'intent:track_order', state: 'open', firstSeen: clock, count: 14, threshold: 12 });
    expect(incident!.examples.length).toBeGreaterThan(0);
    expect(incident!.examples.map((example) => example.text).join(' ')).toMatch(/where is my order/i);
    expect(JSON.stringify(incident)).not.toContain('7946');
    expect(incident!.actions.map((action) => action.kind)).toEqual(['raised', 'alerted']);

    expect(alerts()).toHaveLength(1);
    const text = alerts()[0]!.text as string;
    expect(text).toContain('Surge: intent:track_order');
    expect(text).toContain('14 in 15 min');
    expect(text).toContain(`First seen ${new Date(incident!.firstSeen).toISOString()}`);
    expect(text).toMatch(/> Where is my order\? It has been two weeks/);

    // While the surge lasts it stays one incident, on both instances, with no second alert.
    await askWhereIsMyOrder(2);
    clock += MINUTE;
    await tickBoth();
    const still = await a.assistant.radar.incidents(10);
    expect(still).toHaveLength(1);
    expect(still[0]).toMatchObject({ id: incident!.id, count: 16, peak: 16, lastSeen: clock, firstSeen: incident!.firstSeen });
    expect(alerts()).toHaveLength(1);
    expect((await radarView(a)).incidents.map((found: { id: string }) => found.id)).toEqual([incident!.id]);
  });

  it('counts crisis escalations by reason, with the escalating message as the example', async () => {
    for (let i = 0; i < 3; i++) {
      const customer = await startCustomer((i % 2 === 0 ? b : a).baseUrl);
      await customer.say('This is unacceptable, I will contact my lawyer and the consumer protection authority');
    }
    clock += MINUTE;
    await tickBoth();
    const crisis = (await a.assistant.radar.incidents(10)).filter((found) => found.ruleId === 'crisis');
    expect(crisis).toHaveLength(1);
    expect(crisis[0]).toMatchObject({ signal: 'escalated:crisis', count: 3 });
    expect(crisis[0]!.examples[0]!.text).toMatch(/lawyer/);
    expect(alerts()).toHaveLength(2);
  });
});
