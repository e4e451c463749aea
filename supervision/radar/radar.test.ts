/**
 * The radar on memory stores with a clock the test moves: the usual level from recorded hours decides
 * ("ten times the usual"), past hours are recorded only when the radar ran in them, a quiet incident is
 * resolved by the radar and a new surge raises a new one, and a failed alert is recorded, not lost.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStatsStore } from '../../infra/stats-store.js';
import { HOUR_MS } from './evaluate.js';
import { createMemoryRadarStore, type Incident, Radar } from './index.js';

const START = Date.parse('2026-12-07T10:00:00Z');
const HOUR = Math.floor(START / HOUR_MS);
const wismo = { id: 'wismo', signal: 'intent:track_order', windowMinutes: 15, factor: 10, minCount: 30 };

function setup({ fail = false } = {}) {
  let clock = START;
  const store = createMemoryRadarStore();
  const sent: Incident[] = [];
  const radar = new Radar({
    rules: [wismo],
    counts: createMemoryStatsStore(),
    store,
    now: () => clock,
    alerts: {
      async raised(incident) {
        if (fail) throw new Error('slack is down');
        sent.push(incident);
        return 'slack C0TEST';
      },
    },
  });
  const ask = (times: number) => {
    for (let i = 0; i < times; i++) radar.count(['intent:track_order'], { text: `where is my order ${i}`, locale: 'en' });
  };
  return { radar, store, sent, ask, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('radar', () => {
  it('fires at ten times the usual level for this hour, not at the floor, once there is history', async () => {
    const { radar, store, sent, ask, advance } = setup();
    // 20 an hour at this hour on each of the last 7 days: 5 in a usual 15 minutes, so 50 are needed.
    for (let day = 1; day <= 7; day++) await store.saveHour(HOUR - day * 24, { 'intent:track_order': 20 });
    ask(45);
    advance(60_000);
    await radar.tick();
    expect(await radar.incidents(5)).toEqual([]);
    expect((await radar.readings())[0]).toMatchObject({ count: 45, usual: 5, historyHours: 7, threshold: 50, surging: false });
    ask(5);
    await radar.tick();
    const [incident] = await radar.incidents(5);
    expect(incident).toMatchObject({ count: 50, usual: 5, threshold: 50, state: 'open' });
    expect(incident!.examples.map((example) => example.text)).toContain('where is my order 4');
    expect(sent).toHaveLength(1);
  });

  it('records past hours the radar ran in, and only those', async () => {
    const { radar, store, ask, advance } = setup();
    ask(7);
    await radar.tick();
    advance(HOUR_MS + 2 * 60_000);
    await radar.tick();
    const [previous, twoBack] = await store.hours([HOUR, HOUR - 1]);
    expect(previous).toMatchObject({ 'intent:track_order': 7, 'radar:up': 1 });
    expect(twoBack).toBeUndefined();
  });

  it('resolves a quiet incident itself; a new surge raises a new one', async () => {
    const { radar, sent, ask, advance } = setup();
    ask(30);
    await radar.tick();
    const [first] = await radar.incidents(5);
    advance(30 * 60_000);
    await radar.tick();
    expect((await radar.incidents(5))[0]!.state).toBe('open');
    advance(31 * 60_000);
    await radar.tick();
    const [resolved] = await radar.incidents(5);
    expect(resolved).toMatchObject({ id: first!.id, state: 'resolved' });
    expect(resolved!.actions.at(-1)).toMatchObject({ kind: 'resolved', by: 'radar' });
    ask(30);
    await radar.tick();
    const [second] = await radar.incidents(5);
    expect(second!.id).not.toBe(first!.id);
    expect(sent).toHaveLength(2);
  });

  it('records an alert that could not be sent', async () => {
    const { radar, ask } = setup({ fail: true });
    ask(30);
    await radar.tick();
    const [incident] = await radar.incidents(5);
    expect(incident!.actions.map((action) => [action.kind, action.detail])).toEqual([
      ['raised', '30 in 15 min, usual 0'],
      ['alert_failed', 'slack is down'],
    ]);
  });
});
