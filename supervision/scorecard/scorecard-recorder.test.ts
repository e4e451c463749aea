/**
 * `settled` waits for the emotion writes made before it was called, not for later ones: the dashboard's
 * scorecard read calls it, and under steady traffic a newer write is always in flight.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStatsStore } from '../../infra/stats-store.js';
import { ScorecardRecorder, type TicketMoodStore } from './index.js';

/** A mood store whose writes finish only when the test says so. */
function heldMoods() {
  const waiting: Array<() => void> = [];
  const write = () => new Promise<void>((resolve) => waiting.push(resolve));
  const moods: TicketMoodStore = { writeStart: write, addRecent: write, read: async () => undefined, delete: async () => undefined };
  return { moods, finish: (index: number) => waiting[index]!() };
}

/** Lets every settled promise run its callbacks. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('scorecard recorder', () => {
  it('settles once the writes made so far are done, while a later one is still in flight', async () => {
    const { moods, finish } = heldMoods();
    const recorder = new ScorecardRecorder({ stats: createMemoryStatsStore(), moods, agents: ['ada'], slaSeconds: 30 });
    recorder.onCustomerEmotion({ ticketId: 't1', phase: 'escalation', scores: [-0.5], at: 0 });
    let settled = false;
    const waiting = recorder.settled().then(() => {
      settled = true;
    });
    recorder.onCustomerEmotion({ ticketId: 't2', phase: 'handoff', scores: [0.25], at: 1 });
    await turn();
    expect(settled).toBe(false);
    finish(0);
    await turn();
    expect(settled).toBe(true);
    finish(1);
    await waiting;
    await recorder.settled();
  });
});
